"""Every check, and every judged error response of the specs, names its source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

import pytest

from contracts.checks.builtin import REFUSED_RULES
from contracts.checks.registry import all_checks
from linter.provenance import Source, SourceKind
from linter.specs import Api, spec_view

SEEDS = ("norce-", "kaching-", "unleashed-")


@pytest.mark.parametrize("entry", all_checks(), ids=lambda c: c.name)
def test_every_check_has_a_source(entry: Any) -> None:
    assert isinstance(entry.source, Source), f"{entry.name} has no source"
    if entry.source.kind is SourceKind.SEED:
        assert entry.source.where.startswith(SEEDS)
        assert entry.source.quote


def test_seed_quotes_are_in_the_seeds() -> None:
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside the worktree")
    sources = [c.source for c in all_checks() if c.source is not None]
    for source in [*sources, *REFUSED_RULES.values()]:
        if source.kind is not SourceKind.SEED or source.quote.endswith("..."):
            continue
        text = " ".join((seeds / source.where).read_text(encoding="utf-8").split())
        words = " ".join(source.quote.replace("string(int32)", "string(int32)").split())
        squeezed = text.replace(" ", "")
        assert words.replace(" ", "") in squeezed, (source.where, source.quote)


def _responses(api: Api) -> list[tuple[str, Mapping[str, Any]]]:
    spec = spec_view(api)
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, Mapping):
                continue
            for status, response in (operation.get("responses") or {}).items():
                if "$ref" in response:
                    name = str(response["$ref"]).rsplit("/", 1)[-1]
                    response = spec["components"]["responses"][name]
                found.append((f"{method.upper()} {path} {status}", response))
    return found


@pytest.mark.parametrize("api", get_args(Api))
def test_every_error_response_names_its_source(api: Api) -> None:
    for where, response in _responses(api):
        if where.split()[-1].startswith(("4", "5")):
            assert "x-skuguard-source" in response, where
            Source.parse(response["x-skuguard-source"])
