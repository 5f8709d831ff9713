"""Rules NL: ImportSkuPriceLists bodies, alone and against their SkuPriceListHeader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    PRICE_CURRENCY_CODE,
    PRICE_EMPTY_MANDATORY,
    PRICE_FIELD_NOT_FLAGGED,
    PRICE_FLAGGED_FIELD_ABSENT,
    PRICE_NEGATIVE,
    PRICE_ROW_REPEATED,
    PRICE_RULE_VALUE_WITHOUT_RULE,
)
from linter.diagnostics import Severity
from linter.registry import Example, Finding, LintContext, Scope, rule
from linter.rules.norce import price_checks as prices
from linter.rules.norce.common import repeated_row_rule, settings
from linter.rules.norce.fields import (
    FlagRuleText,
    flag_rules,
)
from linter.rules.norce.values import text_key

KINDS = ("norce.prices",)
_HEADER = '{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3,10]}'
_IGNORE_HEADER = (
    '{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3,10],'
    '"IgnoreSkuPriceListFieldsWhenEmpty":[3]}'
)
_ROW = '{"PartNo":"%s","PriceListCode":"BASE"%s}'


def _example(*rows: str, header: str | None = _HEADER) -> Example:
    return Example(body="[" + ",".join(rows) + "]", header=header, kind="norce.prices")


def _row(item: Any) -> dict[str, Any] | None:
    return item if isinstance(item, dict) else None


def _price_key(row: dict[str, Any]) -> tuple[object, ...] | None:
    part_no, price_list = row.get(nf.PART_NO_PROPERTY), row.get(nf.PRICE_LIST_CODE_PROPERTY)
    if not isinstance(part_no, str) or not isinstance(price_list, str):
        return None
    quantity_break = row.get(nf.QUANTITY_BREAK_PROPERTY)
    return part_no, price_list, text_key(0 if quantity_break is None else quantity_break)


def _describe_price(row: dict[str, Any]) -> str:
    quantity_break = row.get(nf.QUANTITY_BREAK_PROPERTY)
    shown = "" if quantity_break is None else f", QuantityBreak {quantity_break}"
    part_no, price_list = row.get(nf.PART_NO_PROPERTY), row.get(nf.PRICE_LIST_CODE_PROPERTY)
    return f"PartNo {part_no!r} on price list {price_list!r}{shown}"


row_repeated = repeated_row_rule(
    code=PRICE_ROW_REPEATED,
    name="price-row-repeated",
    kinds=KINDS,
    summary="Two price rows have the same (PartNo, PriceListCode, QuantityBreak).",
    why=(
        "A price is matched by SKU, price list and quantity break; for duplicates the price "
        "list import keeps the last one in an undefined order, so the price Norce ends up "
        "with is a coin toss."
    ),
    bad=_example(
        _ROW % ("A1", ',"PriceSale":10,"IsActive":true'),
        _ROW % ("A1", ',"PriceSale":12,"IsActive":true'),
    ),
    good=_example(
        _ROW % ("A1", ',"PriceSale":10,"IsActive":true'),
        _ROW % ("A1", ',"PriceSale":9,"IsActive":true,"QuantityBreak":10'),
    ),
    key=_price_key,
    describe=_describe_price,
)


flag_rules(
    "price",
    KINDS,
    FlagRuleText(
        code=PRICE_FIELD_NOT_FLAGGED,
        summary=(
            "A price field is present but not in SkuPriceListFieldsThatAreSet (reported once per "
            "field)."
        ),
        why="Norce updates only the fields the header lists; other fields are silently ignored.",
        bad=_example(_ROW % ("A1", ',"PriceSale":10,"IsActive":true,"PriceCatalog":15')),
        good=_example(_ROW % ("A1", ',"PriceSale":10,"IsActive":true')),
    ),
    FlagRuleText(
        code=PRICE_FLAGGED_FIELD_ABSENT,
        summary=(
            "A field SkuPriceListFieldsThatAreSet flags is absent from a row (reported once per "
            "field)."
        ),
        why=(
            "The docs: an empty price value does not overwrite the stored one, so a flagged "
            "field the rows never carry does nothing; usually a stale header."
        ),
        bad=_example(_ROW % ("A1", ',"PriceSale":10')),
        good=_example(_ROW % ("A1", ',"PriceSale":10,"IsActive":true')),
    ),
)


@rule(
    code=PRICE_EMPTY_MANDATORY,
    name="price-empty-mandatory",
    severity=Severity.WARNING,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary=(
        "A price row lacks a field listed in IgnoreSkuPriceListFieldsWhenEmpty: Norce ignores "
        "the row."
    ),
    why=(
        "The docs: IgnoreSkuPriceListFieldsWhenEmpty names the price fields that are "
        "mandatory; if one is missing in the import, that price entity is ignored."
    ),
    bad=_example(_ROW % ("A1", ',"IsActive":true'), header=_IGNORE_HEADER),
    good=_example(_ROW % ("A1", ',"PriceSale":10,"IsActive":true'), header=_IGNORE_HEADER),
    needs_header=True,
)
def empty_mandatory(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    row, active = _row(item), settings(ctx)
    if row is not None and active is not None:
        yield from prices.empty_mandatory(row, f"/{index}", active)


@rule(
    code=PRICE_CURRENCY_CODE,
    name="price-currency-code",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="CurrencyCode is not an ISO 4217 code.",
    why=(
        "The docs: CurrencyCode is in ISO 4217 format (SEK, EUR, USD); when it differs from "
        "the price list's currency Norce converts by it."
    ),
    bad=_example(_ROW % ("A1", ',"PriceSale":10,"IsActive":true,"CurrencyCode":"EURO"')),
    good=_example(_ROW % ("A1", ',"PriceSale":10,"IsActive":true,"CurrencyCode":"EUR"')),
)
def currency_code(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    row = _row(item)
    if row is not None:
        yield from prices.currency(row, f"/{index}")


@rule(
    code=PRICE_RULE_VALUE_WITHOUT_RULE,
    name="price-rule-value-without-rule",
    severity=Severity.WARNING,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="PriceRuleValue is set but PriceRule is not.",
    why=(
        "PriceRuleValue is the value to apply for the selected price rule; with no rule it "
        "does nothing."
    ),
    bad=_example(_ROW % ("A1", ',"PriceSale":10,"IsActive":true,"PriceRuleValue":5')),
    good=_example(
        _ROW % ("A1", ',"PriceSale":10,"IsActive":true,"PriceRule":1,"PriceRuleValue":5')
    ),
)
def price_rule_value_without_rule(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    row = _row(item)
    if row is not None:
        yield from prices.rule_value_without_rule(row, f"/{index}")


@rule(
    code=PRICE_NEGATIVE,
    name="price-negative",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A price, cost or quantity break is negative.",
    why=(
        "Prices, costs and quantity breaks are amounts of money or units; a negative one is a "
        "data error."
    ),
    bad=_example(_ROW % ("A1", ',"PriceSale":-10,"IsActive":true')),
    good=_example(_ROW % ("A1", ',"PriceSale":10,"IsActive":true')),
)
def negative_price(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    row = _row(item)
    if row is not None:
        yield from prices.negative_amounts(row, f"/{index}", ctx)
