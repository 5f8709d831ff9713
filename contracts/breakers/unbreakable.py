"""Rules that deliberately have no breaker for a kind, each with the reason.

Every (kind, rule) the linter registry knows either has a breaker
(:mod:`contracts.breakers.registry`) or is listed here; a test holds the two lists to that,
and checks each reason against the spec and the linter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from linter.codes import (
    HEADER_DEPENDENCY,
    HEADER_DEPRECATED_FIELD,
    HEADER_DOCS_ONLY_FIELD,
    HEADER_IGNORE_NOT_SUBSET,
    HEADER_TWIN_CONFLICT,
    ITEM_TOO_LARGE,
    UNSAFE_XML,
)


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
        HEADER_DEPENDENCY,
        frozenset({"norce.onhands", "norce.prices", "norce.relations"}),
        "no list of this header type depends on another list (x-skuguard-requires), other "
        "than IgnoreSkuPriceListFieldsWhenEmpty, which is NH004's",
    ),
    Exclusion(
        HEADER_IGNORE_NOT_SUBSET,
        frozenset({"norce.onhands", "norce.relations"}),
        "this header type has no IgnoreSkuPriceListFieldsWhenEmpty (no x-skuguard-subset-of list)",
    ),
    Exclusion(
        HEADER_TWIN_CONFLICT,
        frozenset({"norce.onhands"}),
        "no list of this header type has CreateOnly or LimitedUpdate twins",
    ),
    Exclusion(
        HEADER_DEPRECATED_FIELD,
        frozenset({"norce.prices", "norce.relations"}),
        "no list of this header type names a deprecated member",
    ),
    Exclusion(
        HEADER_DOCS_ONLY_FIELD,
        frozenset({"norce.onhands", "norce.prices", "norce.relations"}),
        "this header type has no SkuField list, where the docs-only member lives",
    ),
    Exclusion(
        UNSAFE_XML,
        frozenset({"kaching.stock"}),
        "Ka-ching stock imports are JSON only: XML, where entity declarations live, is not "
        "read as a Ka-ching payload at all (the linter reports it as SG001)",
    ),
    Exclusion(
        ITEM_TOO_LARGE,
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
