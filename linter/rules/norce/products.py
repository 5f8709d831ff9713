"""Rules NP: ImportProducts bodies, alone and against their ProductHeader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    PARAMETRIC_VALUE_KIND,
    PRODUCT_CODE_REPEATED,
    PRODUCT_CODE_REQUIRED,
    PRODUCT_CULTURE_CODE_FORMAT,
    PRODUCT_DEPRECATED_FIELD,
    PRODUCT_FIELD_NOT_FLAGGED,
    PRODUCT_FLAGGED_FIELD_ABSENT,
    SKU_EAN_CHECK_DIGIT,
    SKU_NEGATIVE_QUANTITY,
    SKU_NOT_IDENTIFIABLE,
    SKU_PART_NO_REPEATED,
    STANDARD_PRICE_PART_NO_MISMATCH,
)
from linter.diagnostics import Severity
from linter.registry import Example, Finding, LintContext, Scope, rule
from linter.rules.norce.common import Visit, settings, visits_of, walk
from linter.rules.norce.fields import (
    FlagRuleText,
    deprecated_field_findings,
    flag_rules,
)
from linter.rules.norce.values import (
    culture_code_findings,
    first_seen,
    gtin_problem,
    is_blank,
    negative_findings,
)

KINDS = ("norce.products",)

_HEADER = (
    '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,3,4],'
    '"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,5,20],'
    '"SkuPriceListFieldsThatAreSet":[3]}'
)
PRICE_HEADER = (
    '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,3,4],'
    '"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[20],'
    '"SkuPriceListFieldsThatAreSet":[3,6],"IgnoreSkuPriceListFieldsWhenEmpty":[6]}'
)


def product_json(sku: str, *, code: str = '"Code":"P1",', variant: str = "") -> str:
    return (
        f'[{{{code}"ManufacturerCode":"ACME","Variants":[{{"ManufacturerPartNo":"M1",'
        f'{variant}"Skus":[{sku}]}}]}}]'
    )


def product_example(body: str, header: str = _HEADER) -> Example:
    return Example(body=body, header=header, kind="norce.products")


def _visits_of(item: Any, index: int, ctx: LintContext, schema_name: str) -> list[Visit]:
    return visits_of(item, index, ctx.kind, schema_name)


flag_rules(
    "product",
    KINDS,
    FlagRuleText(
        code=PRODUCT_FIELD_NOT_FLAGGED,
        summary=(
            "A body field is present but its flag is not in the header's ...FieldsThatAreSet list."
        ),
        why=(
            "Norce updates only the fields the header lists; a field sent without its flag is "
            "silently ignored, which usually means a header that lags behind the payload."
        ),
        bad=product_example(
            product_json('{"PartNo":"S1","EanCode":"4006381333931","TrackingCode":"T"}')
        ),
        good=product_example(product_json('{"PartNo":"S1","EanCode":"4006381333931","Status":1}')),
    ),
    FlagRuleText(
        code=PRODUCT_FLAGGED_FIELD_ABSENT,
        summary="A field the header flags is absent from an object (reported once per field).",
        why=(
            "The docs do not say what Norce does with a flagged field an object omits (for prices "
            "an empty value does not overwrite). It is often a header flag left over from an older "
            "payload; an info, since sparse objects are normal."
        ),
        bad=product_example(product_json('{"PartNo":"S1","Status":1}')),
        good=product_example(
            product_json(
                '{"PartNo":"S1","Status":1,"EanCode":"4006381333931",'
                '"StandardPrice":{"PartNo":"S1","PriceListCode":"BASE","PriceSale":10}}'
            )
        ),
    ),
)


@rule(
    code=PRODUCT_CODE_REQUIRED,
    name="product-code-required",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A product has no Code although Code is flagged or FullFile is true.",
    why=(
        "The docs: if Code is in ProductFieldsThatAreSet it is mandatory for variant cluster "
        "creation and update, and with FullFile true Code is mandatory as well, to manage "
        "the variant clusters."
    ),
    bad=product_example(
        product_json('{"PartNo":"S1","Status":1,"EanCode":"4006381333931"}', code="")
    ),
    good=product_example(product_json('{"PartNo":"S1","Status":1,"EanCode":"4006381333931"}')),
    needs_header=True,
)
def code_required(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    active = settings(ctx)
    if active is None or not isinstance(item, dict) or not is_blank(item.get(nf.CODE_PROPERTY)):
        return
    if code_flagged(active):
        fields_list = nf.body_node(nf.PRODUCT_SCHEMA).fields_list
        yield f"/{index}", f"product has no Code, which {fields_list} makes mandatory"
    elif active.full_file:
        yield f"/{index}", "product has no Code, which FullFile true makes mandatory"


def code_flagged(active: nf.HeaderSettings) -> bool:
    """Whether the header's product fields list sets Code."""
    node = nf.body_node(nf.PRODUCT_SCHEMA)
    flag = node.flags.get(nf.CODE_PROPERTY)
    return (
        flag is not None
        and node.fields_list is not None
        and flag in active.effective.get(node.fields_list, ())
    )


@rule(
    code=SKU_NOT_IDENTIFIABLE,
    name="sku-not-identifiable",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary=(
        "A SKU has neither PartNo nor ManufacturerCode (product) with ManufacturerPartNo (variant)."
    ),
    why=(
        "The docs: an update needs either the SKU's PartNo or the product's ManufacturerCode "
        "together with the variant's ManufacturerPartNo; without either Norce cannot match "
        "the SKU and drops it."
    ),
    bad=Example(body='[{"Code":"P1","Variants":[{"Skus":[{"Status":1}]}]}]', kind="norce.products"),
    good=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1","Status":1}]}]}]',
        kind="norce.products",
    ),
)
def sku_not_identifiable(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    visits = walk(item, index, ctx.kind)
    for visit in _visits_of(item, index, ctx, nf.SKU_SCHEMA):
        if not is_blank(visit.obj.get(nf.PART_NO_PROPERTY)):
            continue
        variant = visits[visit.parent].obj if visit.parent >= 0 else {}
        product = visits[0].obj
        if not is_blank(product.get(nf.MANUFACTURER_CODE_PROPERTY)) and not is_blank(
            variant.get(nf.MANUFACTURER_PART_NO_PROPERTY)
        ):
            continue
        yield (
            visit.pointer,
            (
                "SKU has no PartNo, and no ManufacturerCode on its product with a "
                "ManufacturerPartNo on its variant: Norce cannot identify it"
            ),
        )


@rule(
    code=SKU_PART_NO_REPEATED,
    name="sku-part-no-repeated",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="The same SKU PartNo appears twice in one ImportProducts payload.",
    why=(
        "The docs allow one price record per product in ImportProducts; a SKU sent twice "
        "carries two records for the same product, and which one Norce keeps is undefined."
    ),
    bad=product_example(
        '[{"Code":"P1","ManufacturerCode":"ACME","Variants":[{"ManufacturerPartNo":"M1",'
        '"Skus":[{"PartNo":"S1","Status":1,"EanCode":"4006381333931"}]},'
        '{"ManufacturerPartNo":"M2","Skus":[{"PartNo":"S1","Status":1,'
        '"EanCode":"4006381333931"}]}]}]'
    ),
    good=product_example(
        '[{"Code":"P1","ManufacturerCode":"ACME","Variants":[{"ManufacturerPartNo":"M1",'
        '"Skus":[{"PartNo":"S1","Status":1,"EanCode":"4006381333931"}]},'
        '{"ManufacturerPartNo":"M2","Skus":[{"PartNo":"S2","Status":1,'
        '"EanCode":"4006381333931"}]}]}]'
    ),
)
def sku_part_no_repeated(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    tracker = first_seen(ctx, SKU_PART_NO_REPEATED)
    for ordinal, visit in enumerate(_visits_of(item, index, ctx, nf.SKU_SCHEMA)):
        part_no = visit.obj.get(nf.PART_NO_PROPERTY)
        if type(part_no) is not str or not part_no:
            continue
        first = tracker.seen_before((part_no,), sku_position(index, ordinal))
        if isinstance(first, int):
            first_item, first_ordinal = first >> _ORDINAL_BITS, first & _ORDINAL_MASK
            yield (
                f"{visit.pointer}/{nf.PART_NO_PROPERTY}",
                f"PartNo {part_no!r} was already sent in product /{first_item} "
                f"(its SKU number {first_ordinal + 1})",
            )


_ORDINAL_BITS = 24
_ORDINAL_MASK = (1 << _ORDINAL_BITS) - 1


def sku_position(index: int, ordinal: int) -> int:
    """Where NP005 remembers a PartNo first sent: product ``index``, its SKU number ``ordinal``."""
    return (index << _ORDINAL_BITS) | ordinal


@rule(
    code=STANDARD_PRICE_PART_NO_MISMATCH,
    name="standard-price-part-no-mismatch",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A StandardPrice names another PartNo than the SKU it belongs to.",
    why=(
        "A SKU's StandardPrice is that SKU's one price record; a different PartNo in it "
        "points the price at another product, against 'one price record per product'."
    ),
    bad=product_example(
        product_json(
            '{"PartNo":"S1","Status":1,"EanCode":"4006381333931",'
            '"StandardPrice":{"PartNo":"S2","PriceListCode":"BASE","PriceSale":10}}'
        )
    ),
    good=product_example(
        product_json(
            '{"PartNo":"S1","Status":1,"EanCode":"4006381333931",'
            '"StandardPrice":{"PartNo":"S1","PriceListCode":"BASE","PriceSale":10}}'
        )
    ),
)
def standard_price_part_no(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in _visits_of(item, index, ctx, nf.SKU_SCHEMA):
        price = visit.obj.get(nf.STANDARD_PRICE_PROPERTY)
        if not isinstance(price, dict):
            continue
        sku_part, price_part = visit.obj.get(nf.PART_NO_PROPERTY), price.get(nf.PART_NO_PROPERTY)
        if isinstance(sku_part, str) and isinstance(price_part, str) and sku_part != price_part:
            yield (
                f"{visit.pointer}/{nf.STANDARD_PRICE_PROPERTY}/{nf.PART_NO_PROPERTY}",
                f"StandardPrice PartNo {price_part!r} differs from its SKU's PartNo {sku_part!r}",
            )


@rule(
    code=PRODUCT_CODE_REPEATED,
    name="product-code-repeated",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="Two products in one payload have the same Code.",
    why=(
        "Code matches the variant cluster; two products with one Code update the same "
        "cluster twice in one job, and with FullFile the second can remove the first's variants."
    ),
    bad=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1"}]}]},'
        '{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S2"}]}]}]',
        kind="norce.products",
    ),
    good=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1"}]}]},'
        '{"Code":"P2","Variants":[{"Skus":[{"PartNo":"S2"}]}]}]',
        kind="norce.products",
    ),
)
def product_code_repeated(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    code = item.get(nf.CODE_PROPERTY) if isinstance(item, dict) else None
    if not isinstance(code, str) or not code:
        return
    first = first_seen(ctx, PRODUCT_CODE_REPEATED).seen_before((code,), index)
    if first is not None:
        yield f"/{index}/{nf.CODE_PROPERTY}", f"product Code {code!r} was already used by /{first}"


@rule(
    code=PRODUCT_CULTURE_CODE_FORMAT,
    name="product-culture-code-format",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A CultureCode is not of the form xx-XX (language-REGION, e.g. sv-SE).",
    why=(
        "Norce matches translations to the cultures configured for the client by codes such "
        "as sv-SE or en-GB; 'sv', 'SV-se' or 'sv_SE' match no culture and the text is lost."
    ),
    bad=Example(
        body='[{"Code":"P1","Cultures":[{"CultureCode":"sv_SE","Name":"Stol"}]}]',
        kind="norce.products",
    ),
    good=Example(
        body='[{"Code":"P1","Cultures":[{"CultureCode":"sv-SE","Name":"Stol"}]}]',
        kind="norce.products",
    ),
)
def culture_code_format(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    return culture_code_findings(item, index, ctx)


@rule(
    code=SKU_NEGATIVE_QUANTITY,
    name="sku-negative-quantity",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A SKU has a negative quantity, weight or dimension.",
    why=(
        "RecommendedSalesQty, UnitOfMeasurementCount, weights and logistic dimensions count "
        "units or measure size; a negative value is a data error."
    ),
    bad=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1","ActualWeight":-1}]}]}]',
        kind="norce.products",
    ),
    good=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1","ActualWeight":1.5}]}]}]',
        kind="norce.products",
    ),
)
def negative_quantity(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in _visits_of(item, index, ctx, nf.SKU_SCHEMA):
        yield from negative_findings(visit.obj, visit.pointer, nf.SKU_QUANTITY_PROPERTIES, ctx)


@rule(
    code=PARAMETRIC_VALUE_KIND,
    name="parametric-value-kind",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A parametric value carries no value, or more than one kind of value.",
    why=(
        "A parametric has one type: a boolean, date, decimal, integer, list, multiple-list "
        "or (per culture) text value. Several kinds in one ParametricValue leave it to Norce "
        "which to keep; none sets nothing."
    ),
    bad=Example(
        body='[{"Code":"P1","ProductParametrics":[{"ParametricCode":"W",'
        '"ValueDecimal":1.5,"ValueInteger":2}]}]',
        kind="norce.products",
    ),
    good=Example(
        body='[{"Code":"P1","ProductParametrics":[{"ParametricCode":"W","ValueDecimal":1.5}]}]',
        kind="norce.products",
    ),
)
def parametric_value_kind(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in _visits_of(item, index, ctx, nf.PARAMETRIC_SCHEMA):
        kinds = [
            prop
            for prop in nf.PARAMETRIC_VALUE_PROPERTIES
            if visit.obj.get(prop) is not None and visit.obj.get(prop) != []
        ]
        if len(kinds) != 1:
            code = visit.obj.get("ParametricCode")
            label = f"parametric {code!r}" if isinstance(code, str) else "parametric value"
            shown = ", ".join(kinds) if kinds else "none"
            yield visit.pointer, f"{label} must carry exactly one kind of value; it has {shown}"


@rule(
    code=SKU_EAN_CHECK_DIGIT,
    name="sku-ean-check-digit",
    severity=Severity.WARNING,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A SKU's EanCode is not a valid EAN/GTIN (digits, length 8/12/13/14, check digit).",
    why=(
        "Norce stores EanCode as given, but marketplaces, feeds and scanners reject a GTIN "
        "whose check digit is wrong; a typo is caught cheapest here."
    ),
    bad=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1","EanCode":"4006381333932"}]}]}]',
        kind="norce.products",
    ),
    good=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1","EanCode":"4006381333931"}]}]}]',
        kind="norce.products",
    ),
)
def ean_check_digit(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in _visits_of(item, index, ctx, nf.SKU_SCHEMA):
        problem = gtin_problem(visit.obj.get(nf.EAN_PROPERTY))
        if problem is not None:
            yield f"{visit.pointer}/{nf.EAN_PROPERTY}", problem


@rule(
    code=PRODUCT_DEPRECATED_FIELD,
    name="product-deprecated-field",
    severity=Severity.WARNING,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A body field is deprecated (e.g. Sku.VolumeWeight).",
    why="The docs mark VolumeWeight deprecated and no longer supported: Norce does not store it.",
    bad=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1","VolumeWeight":2}]}]}]',
        kind="norce.products",
    ),
    good=Example(
        body='[{"Code":"P1","Variants":[{"Skus":[{"PartNo":"S1","ActualWeight":2}]}]}]',
        kind="norce.products",
    ),
)
def deprecated_field(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    return deprecated_field_findings(item, index, ctx)
