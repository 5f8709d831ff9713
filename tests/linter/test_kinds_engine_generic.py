"""The engine names no kind: a kind registered at runtime lints through the public API, and
each kind loads only the rule modules it needs."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import linter.engine
from linter import LintUsageError, lint_bytes
from linter.checking import DocumentContext
from linter.diagnostics import Severity
from linter.kinds import KIND_REGISTRY, LAYOUTS, Kind, kind_of
from linter.kinds.base import EndFinding, ItemSchema
from linter.read.item import Item, Layout
from linter.registry import KINDS, RULES, Example, Rule, Scope, rules_for

TOY = "toy.lines"
TOY_ITEM_RULE = "ZZ801"
TOY_EMPTY_RULE = "ZZ802"


def _blank_lines(item: Any, index: int, ctx: Any) -> Iterator[tuple[str, str]]:
    if isinstance(item, dict) and item.get("text") == "":
        yield f"/{index}/text", "a line with no text"


def _toy_rule(code: str, check: Any) -> Rule:
    return Rule(
        code=code,
        name=f"toy-{code.lower()}",
        severity=Severity.WARNING,
        kinds=frozenset({TOY}),
        scope=Scope.ITEM if check is not None else Scope.SOURCE,
        summary="test",
        why="test",
        bad=Example("[]"),
        good=Example("[]"),
        check=check,
    )


class ToyLines(Kind):
    """An array of ``{"text": ...}`` lines; an empty array is reported as a whole."""

    name = TOY
    layout = Layout.ARRAY

    def item_schema(self, item: Item, ctx: DocumentContext) -> ItemSchema | None:
        return None

    def end_findings(
        self, reader: Any, ctx: DocumentContext, item_rules: list[Rule], schema_rule: Rule | None
    ) -> Iterator[EndFinding]:
        if reader.item_count == 0:
            empty = RULES[TOY_EMPTY_RULE]
            yield "", "no lines at all", empty


@pytest.fixture
def toy_kind() -> Iterator[None]:
    KIND_REGISTRY.add(ToyLines())
    RULES.add(_toy_rule(TOY_ITEM_RULE, _blank_lines))
    RULES.add(_toy_rule(TOY_EMPTY_RULE, None))
    try:
        yield
    finally:
        RULES.remove(TOY_EMPTY_RULE)
        RULES.remove(TOY_ITEM_RULE)
        KIND_REGISTRY.remove(TOY)


def test_a_kind_registered_at_runtime_is_linted_by_its_own_hooks(toy_kind: None) -> None:
    found = lint_bytes(b'[{"text": "a"},\n {"text": ""}]', kind=TOY)
    assert [(d.code, d.pointer, d.line) for d in found] == [(TOY_ITEM_RULE, "/1/text", 2)]
    empty = lint_bytes(b"[]", kind=TOY)
    assert [(d.code, d.message) for d in empty] == [(TOY_EMPTY_RULE, "no lines at all")]
    assert LAYOUTS[TOY] is Layout.ARRAY


def test_a_good_document_of_the_runtime_kind_has_no_finding(toy_kind: None) -> None:
    assert lint_bytes(b'[{"text": "a"}, {"text": "b"}]', kind=TOY) == []


def test_the_runtime_kind_still_gets_the_shared_source_rules(toy_kind: None) -> None:
    assert [d.code for d in lint_bytes(b'[{"text": "a"', kind=TOY)] == ["SG001"]


def test_a_kind_without_an_xml_form_refuses_xml(toy_kind: None) -> None:
    found = lint_bytes(b"<lines/>", kind=TOY, content_type="xml")
    assert [(d.code, d.message) for d in found] == [("SG001", "toy.lines payloads are JSON only")]


def test_a_removed_kind_is_unknown_again(toy_kind: None) -> None:
    KIND_REGISTRY.remove(TOY)
    try:
        with pytest.raises(LintUsageError, match=r"unknown kind 'toy\.lines'"):
            lint_bytes(b"[]", kind=TOY)
    finally:
        KIND_REGISTRY.add(ToyLines())


API_WORDS = ("norce", "kaching", "ka-ching", "unleashed", "storm")


def test_the_engine_names_no_api_and_imports_no_rule_module() -> None:
    source = Path(linter.engine.__file__).read_text(encoding="utf-8")
    lowered = source.lower()
    assert [word for word in API_WORDS if word in lowered] == []
    imported: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            imported.append(node.module)
        elif isinstance(node, ast.Import):
            imported.extend(alias.name for alias in node.names)
    assert imported, "the parse found the engine's imports"
    assert [name for name in imported if name.startswith("linter.rules")] == []


def test_the_built_in_kinds_are_the_registered_ones() -> None:
    assert sorted(KINDS) == list(KIND_REGISTRY.names())
    for name in KINDS:
        assert kind_of(name).name == name


def _fresh(code: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


_LOADED = (
    "import json, sys\nfrom linter import lint_bytes\n"
    "lint_bytes({body!r}, kind={kind!r})\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.startswith('linter.rules.'))))"
)


def test_linting_a_ka_ching_file_imports_no_norce_or_unleashed_rule() -> None:
    loaded = _fresh(_LOADED.format(body=b'{"store": {"A1": 1}}', kind="kaching.stock"))
    assert loaded == ["linter.rules.kaching", "linter.rules.syntax"]


def test_linting_an_unleashed_file_imports_no_norce_or_ka_ching_rule() -> None:
    loaded = _fresh(_LOADED.format(body=b'{"Items": []}', kind="unleashed.stock-on-hand"))
    assert loaded == ["linter.rules.syntax", "linter.rules.unleashed"]


def test_linting_a_norce_body_imports_no_other_api_rule() -> None:
    loaded = _fresh(_LOADED.format(body=b'[{"PartNo": "A1"}]', kind="norce.onhands"))
    assert "linter.rules.norce.onhands" in loaded
    assert not {"linter.rules.kaching", "linter.rules.unleashed"} & set(loaded)


_RULES_OF_KIND = (
    "import json\nfrom linter.registry import Scope, rules_for\n"
    "print(json.dumps({{s.value: sorted(r.code for r in rules_for({kind!r}, s)) "
    "for s in Scope}}))"
)


@pytest.mark.parametrize("kind", KINDS)
def test_a_kind_alone_loads_every_rule_that_names_it(kind: str) -> None:
    """A rule registered in a module the kind does not list would silently never run."""
    alone = _fresh(_RULES_OF_KIND.format(kind=kind))
    from linter.registry import all_rules

    all_rules()
    everything = {s.value: sorted(r.code for r in rules_for(kind, s)) for s in Scope}
    assert alone == everything
    assert any(everything.values())


def test_the_kinds_rule_modules_are_the_registry_modules() -> None:
    """``all_rules`` and the kinds agree on which modules hold rules."""
    from linter.registry import RULE_MODULES, SHARED_RULE_MODULES

    listed = {module for kind in KIND_REGISTRY for module in kind.rule_modules}
    assert listed | set(SHARED_RULE_MODULES) == set(RULE_MODULES)
