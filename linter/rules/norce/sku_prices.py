"""Rules NP on a SKU's StandardPrice in ImportProducts: currency, rules, amounts, ranges."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    PRODUCT_CURRENCY_CODE,
    PRODUCT_NEGATIVE_PRICE,
    PRODUCT_PRICE_EMPTY_MANDATORY,
    PRODUCT_PRICE_RULE_RANGE,
    PRODUCT_PRICE_RULE_VALUE_WITHOUT_RULE,
)
from linter.diagnostics import Severity
from linter.registry import Finding, LintContext, Scope, rule
from linter.rules.norce import price_checks as prices
from linter.rules.norce.common import Visit, governed_visits, settings, visits_of, walk
from linter.rules.norce.products import (
    KINDS,
    PRICE_HEADER,
    product_example,
    product_json,
)


def _prices(item: Any, index: int, ctx: LintContext) -> list[Visit]:
    return visits_of(item, index, ctx.kind, nf.PRICE_SCHEMA)


_PRICED = '{"PartNo":"S1","Status":1,"EanCode":"4006381333931","StandardPrice":{"PartNo":"S1",%s}}'


@rule(
    code=PRODUCT_CURRENCY_CODE,
    name="product-currency-code",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A StandardPrice CurrencyCode is not an ISO 4217 code.",
    why="The docs: CurrencyCode is in ISO 4217 format (SEK, EUR, USD); Norce converts by it.",
    bad=product_example(
        product_json(_PRICED % '"PriceListCode":"BASE","PriceSale":10,"CurrencyCode":"KR"')
    ),
    good=product_example(
        product_json(_PRICED % '"PriceListCode":"BASE","PriceSale":10,"CurrencyCode":"SEK"')
    ),
)
def currency_code(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in _prices(item, index, ctx):
        yield from prices.currency(visit.obj, visit.pointer)


@rule(
    code=PRODUCT_PRICE_RULE_VALUE_WITHOUT_RULE,
    name="product-price-rule-value-without-rule",
    severity=Severity.WARNING,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A StandardPrice has PriceRuleValue but no PriceRule.",
    why=(
        "PriceRuleValue is the value to apply for the selected price rule; with no rule it "
        "does nothing."
    ),
    bad=product_example(product_json(_PRICED % '"PriceListCode":"BASE","PriceRuleValue":5')),
    good=product_example(
        product_json(_PRICED % '"PriceListCode":"BASE","PriceRule":1,"PriceRuleValue":5')
    ),
)
def price_rule_value_without_rule(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in _prices(item, index, ctx):
        yield from prices.rule_value_without_rule(visit.obj, visit.pointer)


@rule(
    code=PRODUCT_NEGATIVE_PRICE,
    name="product-negative-price",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A StandardPrice has a negative price, cost or quantity break.",
    why=(
        "Prices, costs and quantity breaks are amounts of money or units; a negative one is a "
        "data error."
    ),
    bad=product_example(product_json(_PRICED % '"PriceListCode":"BASE","PriceSale":-10')),
    good=product_example(product_json(_PRICED % '"PriceListCode":"BASE","PriceSale":10')),
)
def negative_price(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in _prices(item, index, ctx):
        yield from prices.negative_amounts(visit.obj, visit.pointer, ctx)


@rule(
    code=PRODUCT_PRICE_EMPTY_MANDATORY,
    name="product-price-empty-mandatory",
    severity=Severity.WARNING,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary=(
        "A StandardPrice lacks a field listed in IgnoreSkuPriceListFieldsWhenEmpty: Norce "
        "ignores that price."
    ),
    why=(
        "The docs: IgnoreSkuPriceListFieldsWhenEmpty names the price fields that are "
        "mandatory; if one is missing, that price entity is ignored."
    ),
    bad=product_example(
        product_json(_PRICED % '"PriceListCode":"BASE","PriceSale":10'), PRICE_HEADER
    ),
    good=product_example(
        product_json(_PRICED % '"PriceListCode":"BASE","PriceSale":10,"PriceRecommended":12'),
        PRICE_HEADER,
    ),
    needs_header=True,
)
def price_empty_mandatory(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    active = settings(ctx)
    if active is None:
        return
    prices_here = _prices(item, index, ctx)
    if not prices_here:
        return
    for visit in governed_visits(walk(item, index, ctx.kind), active):
        if visit.node.schema == nf.PRICE_SCHEMA:
            yield from prices.empty_mandatory(visit.obj, visit.pointer, active)


@rule(
    code=PRODUCT_PRICE_RULE_RANGE,
    name="product-price-rule-range",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A StandardPrice PriceRule is not one of the documented rules 1-12.",
    why=(
        "The docs list price rules 1 (CostPlus_PurchaseCost) to 12 (UseCatalogPrice) only. "
        "The schema check reports a bad StandardPrice only as a whole (it may also be null); "
        "this rule names the PriceRule."
    ),
    bad=product_example(product_json(_PRICED % '"PriceListCode":"BASE","PriceRule":0')),
    good=product_example(product_json(_PRICED % '"PriceListCode":"BASE","PriceRule":2')),
)
def price_rule_range(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in _prices(item, index, ctx):
        yield from prices.price_rule(visit.obj, visit.pointer, ctx)
