"""Rules that deliberately have no breaker for a kind, each with the reason.

Every (kind, rule) the linter registry knows either has a breaker
(:mod:`contracts.breakers.registry`) or is listed here; a test holds the two lists to that,
and checks each reason against the spec and the linter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Exclusion:
    code: str
    kinds: frozenset[str]
    reason: str


INFO_REASON = (
    "an info rule reports a fact about a payload, not a defect: valid payloads carry such "
    "diagnostics freely, so there is no error to break"
)

EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        "NH003",
        frozenset({"norce.onhands", "norce.prices", "norce.relations"}),
        "no list of this header type depends on another list (x-skuguard-requires), other "
        "than IgnoreSkuPriceListFieldsWhenEmpty, which is NH004's",
    ),
    Exclusion(
        "NH004",
        frozenset({"norce.onhands", "norce.relations"}),
        "this header type has no IgnoreSkuPriceListFieldsWhenEmpty (no x-skuguard-subset-of list)",
    ),
    Exclusion(
        "NH009",
        frozenset({"norce.onhands"}),
        "no list of this header type has CreateOnly or LimitedUpdate twins",
    ),
    Exclusion(
        "NH010",
        frozenset({"norce.prices", "norce.relations"}),
        "no list of this header type names a deprecated member",
    ),
    Exclusion(
        "NH011",
        frozenset({"norce.onhands", "norce.prices", "norce.relations"}),
        "this header type has no SkuField list, where the docs-only member lives",
    ),
    Exclusion(
        "SG006",
        frozenset({"kaching.stock"}),
        "Ka-ching stock imports are JSON only: XML, where entity declarations live, is not "
        "read as a Ka-ching payload at all (the linter reports it as SG001)",
    ),
    Exclusion(
        "SG007",
        frozenset({"norce.header"}),
        "a lone header is read whole, never item by item; one too large is SG001",
    ),
)


def unbreakable(kind: str) -> Mapping[str, str]:
    """Rule code -> why it has no breaker for ``kind`` (info rules included)."""
    from linter import Severity
    from linter.registry import all_rules

    found = {e.code: e.reason for e in EXCLUSIONS if kind in e.kinds}
    for rule in all_rules():
        if kind in rule.kinds and rule.severity is Severity.INFO:
            found[rule.code] = INFO_REASON
    return dict(sorted(found.items()))
