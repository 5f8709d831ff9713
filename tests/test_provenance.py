"""Sources of expectations: what may fail a run and how it is cited."""

from __future__ import annotations

import pytest

from linter.provenance import ASSUMED, Source, SourceError, SourceKind


def test_a_seed_source_is_documented_and_cited_with_its_quote() -> None:
    source = Source.parse(
        {"kind": "seed", "where": "norce-import-onhands.md", "quote": "PartNo (string, required)"}
    )
    assert source.documented
    assert source.cite() == 'seed: norce-import-onhands.md: "PartNo (string, required)"'


def test_assumed_is_not_documented() -> None:
    assert Source.parse("assumed") is ASSUMED
    assert not ASSUMED.documented
    assert "assumed" in ASSUMED.cite()


@pytest.mark.parametrize(
    "value",
    [
        "documented",
        {"kind": "rumour", "where": "x"},
        {"kind": "seed"},
        {"kind": "vendor", "where": 3},
    ],
)
def test_a_malformed_source_is_refused(value: object) -> None:
    with pytest.raises(SourceError):
        Source.parse(value)


def test_every_kind_but_assumed_is_documented() -> None:
    for kind in SourceKind:
        assert Source(kind, "where").documented is (kind is not SourceKind.ASSUMED)
