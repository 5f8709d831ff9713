"""Checks of one price object, shared by ImportProducts (StandardPrice) and ImportSkuPriceLists.

Each function takes the price object and its JSON Pointer and yields findings; the rule
modules register them under their own codes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from linter import norce_model as nf
from linter.coded_enums import coded_enum
from linter.registry import Finding, LintContext
from linter.rules.norce.values import currency_problem, is_blank, negative_findings, number


def currency(price: Mapping[str, Any], pointer: str) -> Iterator[Finding]:
    problem = currency_problem(price.get(nf.CURRENCY_PROPERTY))
    if problem is not None:
        yield f"{pointer}/{nf.CURRENCY_PROPERTY}", problem


def price_rule(price: Mapping[str, Any], pointer: str, ctx: LintContext) -> Iterator[Finding]:
    value = price.get(nf.PRICE_RULE_PROPERTY)
    if value is None:
        return
    rules = coded_enum("norce", nf.PRICE_RULE_ENUM)
    parsed = number(value, ctx)
    code = int(parsed) if parsed is not None and parsed == int(parsed) else None
    if code not in rules.by_code:
        yield (
            f"{pointer}/{nf.PRICE_RULE_PROPERTY}",
            (
                f"PriceRule {value!r} is not one of the price rules "
                f"{min(rules.codes)}-{max(rules.codes)}"
            ),
        )


def rule_value_without_rule(price: Mapping[str, Any], pointer: str) -> Iterator[Finding]:
    if (
        price.get(nf.PRICE_RULE_VALUE_PROPERTY) is not None
        and price.get(nf.PRICE_RULE_PROPERTY) is None
    ):
        yield (
            f"{pointer}/{nf.PRICE_RULE_VALUE_PROPERTY}",
            (
                f"PriceRuleValue {price[nf.PRICE_RULE_VALUE_PROPERTY]!r} "
                "has no PriceRule to apply to"
            ),
        )


_AMOUNTS = (*nf.PRICE_AMOUNT_PROPERTIES, nf.QUANTITY_BREAK_PROPERTY)


def negative_amounts(price: Mapping[str, Any], pointer: str, ctx: LintContext) -> Iterator[Finding]:
    return negative_findings(price, pointer, _AMOUNTS, ctx)


@functools.cache
def _ignore_lists(header_kind: str) -> Mapping[str, str]:
    """fields list -> the header list naming which of its fields must not be empty."""
    return {
        field.subset_of: name
        for name, field in nf.header_fields(header_kind).items()
        if field.subset_of is not None
    }


@functools.cache
def _properties_of_flags(schema_name: str) -> Mapping[str, str]:
    return {flag: prop for prop, flag in nf.body_node(schema_name).flags.items()}


def _ignore_list(active: nf.HeaderSettings) -> str | None:
    """The header list naming which price fields must not be empty, if the spec has one."""
    fields_list = nf.body_node(nf.PRICE_SCHEMA).fields_list
    return _ignore_lists(active.header_kind).get(fields_list) if fields_list else None


def mandatory_properties(active: nf.HeaderSettings) -> list[str]:
    """The price properties the header's Ignore...WhenEmpty list makes mandatory, sorted."""
    ignore_list = _ignore_list(active)
    mandatory = active.lists.get(ignore_list, frozenset()) if ignore_list else frozenset()
    by_flag = _properties_of_flags(nf.PRICE_SCHEMA)
    return sorted(prop for flag in mandatory if (prop := by_flag.get(flag)))


def empty_mandatory(
    price: Mapping[str, Any], pointer: str, active: nf.HeaderSettings
) -> Iterator[Finding]:
    """A price missing a field the header's Ignore...WhenEmpty list makes mandatory."""
    missing = [prop for prop in mandatory_properties(active) if is_blank(price.get(prop))]
    if missing:
        yield (
            pointer,
            (
                f"price has no {', '.join(missing)}, listed in {_ignore_list(active)}: "
                "Norce ignores this price"
            ),
        )
