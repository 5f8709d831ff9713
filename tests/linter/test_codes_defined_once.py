"""Each rule code is written once, in linter/codes.py, under its rule's name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import linter.codes as codes
from linter.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"[A-Z]{2}\d{3}")


def test_every_rule_code_has_the_name_of_its_rule() -> None:
    for found in all_rules():
        name = found.name.upper().replace("-", "_")
        assert getattr(codes, name, None) == found.code, (found.code, name)


def test_every_named_code_is_a_registered_rule() -> None:
    registered = {r.code for r in all_rules()}
    named = {
        v
        for k, v in vars(codes).items()
        if k.isupper() and isinstance(v, str) and CODE.fullmatch(v)
    }
    assert named - registered == {codes.INTERNAL_ERROR}
    assert registered <= named


def _bare_codes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_fstrings = {
        id(node)
        for joined in ast.walk(tree)
        if isinstance(joined, ast.JoinedStr)
        for node in ast.walk(joined)
    }
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.value}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE.fullmatch(node.value)
        and id(node) not in in_fstrings
    ]


def test_no_code_is_written_as_a_bare_string_outside_codes_py() -> None:
    sources = [*ROOT.joinpath("linter").rglob("*.py"), *ROOT.joinpath("contracts").rglob("*.py")]
    bare = [
        hit for path in sources if path != ROOT / "linter" / "codes.py" for hit in _bare_codes(path)
    ]
    assert bare == []
