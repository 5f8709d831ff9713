"""Breakers of the Norce price-list rules (NL…)."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from contracts.breakers.norce import payload as norce
from contracts.breakers.registry import Draw, breaks
from contracts.generate import values as v
from contracts.generate.norce_header import HEADER_SCHEMAS, governed, list_enum
from contracts.generate.payloads import Payload
from linter.codes import (
    PRICE_CURRENCY_CODE,
    PRICE_EMPTY_MANDATORY,
    PRICE_NEGATIVE,
    PRICE_RULE_VALUE_WITHOUT_RULE,
)


@breaks(PRICE_CURRENCY_CODE, ("norce.prices",))
def _price_currency(draw: Draw, payload: Payload) -> Payload:
    norce.items(payload)[0]["CurrencyCode"] = draw(norce.not_a_currency())
    return payload


@breaks(PRICE_RULE_VALUE_WITHOUT_RULE, ("norce.prices",))
def _rule_value_without_rule(draw: Draw, payload: Payload) -> Payload:
    row = norce.items(payload)[0]
    row.pop("PriceRule", None)
    row["PriceRuleValue"] = draw(v.money())
    return payload


@breaks(PRICE_NEGATIVE, ("norce.prices",))
def _negative_price(draw: Draw, payload: Payload) -> Payload:
    norce.items(payload)[0]["QuantityBreak"] = -draw(st.integers(min_value=1, max_value=10))
    return payload


@breaks(PRICE_EMPTY_MANDATORY, ("norce.prices",))
def _empty_mandatory(draw: Draw, payload: Payload) -> Payload:
    header = norce.header_of(payload)
    ignored = sorted(norce.names(payload, "IgnoreSkuPriceListFieldsWhenEmpty"))
    if not ignored:
        enum = list_enum(HEADER_SCHEMAS["norce.prices"], "IgnoreSkuPriceListFieldsWhenEmpty")
        candidates = sorted(
            norce.names(payload, "SkuPriceListFieldsThatAreSet")
            & {m.name for m in enum.members if m.code not in enum.wire_only}
        )
        assume(bool(candidates))
        ignored = [draw(st.sampled_from(candidates))]
        header["IgnoreSkuPriceListFieldsWhenEmpty"] = list(ignored)
    gov = governed("SkuPriceList", HEADER_SCHEMAS["norce.prices"])
    name = draw(st.sampled_from(ignored))
    for prop, base in gov.flag_of.items():
        if base == name:
            norce.items(payload)[0].pop(prop, None)
    return payload
