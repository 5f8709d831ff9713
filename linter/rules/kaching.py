"""Ka-ching stock import rules (KS...).

Each item is one location entry of the body, ``{location_id: {product_id: count |
{variant_id: count}}}``; pointers are absolute (``/store-1/sku-1/red``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from linter.codes import (
    EMPTY_LOCATION,
    FORBIDDEN_ID_CHARACTER,
    FRACTIONAL_COUNT,
    NEGATIVE_COUNT,
    STOCK_STRUCTURE,
)
from linter.diagnostics import Severity
from linter.read.locate import join_pointer
from linter.registry import Example, Finding, LintContext, Scope, rule
from linter.specs import schema

KIND = ("kaching.stock",)


def _forbidden_pattern() -> re.Pattern[str]:
    """The characters Ka-ching forbids in ids, read from the spec's FirebaseKey pattern."""
    pattern = str(schema("kaching", "FirebaseKey").get("pattern", r"^[^./#$*\[\]]+$"))
    inside = pattern[pattern.index("[^") + 2 : pattern.rindex("]+")]
    return re.compile(f"[{inside}]")


_FORBIDDEN = _forbidden_pattern()


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _leaves(item: Mapping[str, Any]) -> Iterator[tuple[list[str], Any]]:
    """``(path, count)`` of every count in a well-formed location entry."""
    for location, products in item.items():
        if not isinstance(products, Mapping):
            continue
        for product, value in products.items():
            if isinstance(value, Mapping):
                for variant, count in value.items():
                    yield [location, product, variant], count
            else:
                yield [location, product], value


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value!r}"
    return repr(value)


@rule(
    code=STOCK_STRUCTURE,
    name="stock-structure",
    severity=Severity.ERROR,
    kinds=KIND,
    scope=Scope.ITEM,
    summary=(
        "The body must be location -> product -> count, or location -> product -> variant -> count."
    ),
    why=(
        "The Ka-ching stock import documents exactly two shapes: a product id mapped to a "
        "number, or to an object of variant ids mapped to numbers. The vendor's importer skips "
        "a count that is not a number (with only a warning in the import log) and has no place "
        "for anything nested deeper, so such stock is silently not imported."
    ),
    bad=Example(body='{"store-1": {"shirt": {"red": {"S": 2}}, "mug": "7"}}', kind="kaching.stock"),
    good=Example(
        body='{"store-1": {"shirt": {"red": 2, "blue": 1}, "mug": 7}}', kind="kaching.stock"
    ),
)
def stock_structure(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, Mapping):
        return
    for location, products in item.items():
        where = join_pointer([location])
        if not isinstance(products, Mapping):
            yield (
                where,
                f"location {location!r} must map product ids to counts, not {_describe(products)}",
            )
            continue
        for product, value in products.items():
            product_at = join_pointer([location, product])
            if isinstance(value, Mapping):
                for variant, count in value.items():
                    if not _is_number(count):
                        yield (
                            join_pointer([location, product, variant]),
                            f"variant {variant!r} of product {product!r} must have a number "
                            "as count, "
                            f"not {_describe(count)} (nothing may nest below a variant)",
                        )
            elif not _is_number(value):
                yield (
                    product_at,
                    (
                        f"product {product!r} must have a number, or an object of variant counts, "
                        f"not {_describe(value)}"
                    ),
                )


@rule(
    code=FORBIDDEN_ID_CHARACTER,
    name="forbidden-id-character",
    severity=Severity.ERROR,
    kinds=KIND,
    scope=Scope.ITEM,
    summary=(
        "A location, product or variant id contains a character Ka-ching forbids: . / # $ * [ ]"
    ),
    why=(
        "Ka-ching stores ids as Firebase keys, and the products import doc states that an id "
        "may not contain '.', '/', '#', '$', '*', '[' or ']'. The vendor's Episerver plugin "
        "(KachingPlugIn/Helpers/StringExtensions.cs, SanitizeKey) percent-encodes them: "
        "'.' %2E, '$' %24, '#' %23, '[' %5B, ']' %5D, '/' %2F, '*' %2A, and '_' itself %5F; "
        "send the encoded id, or it never matches the product the plugin exported."
    ),
    bad=Example(body='{"store-1": {"sku.1": 3, "shirt": {"red/s": 1}}}', kind="kaching.stock"),
    good=Example(body='{"store-1": {"sku%2E1": 3, "shirt": {"red%2Fs": 1}}}', kind="kaching.stock"),
)
def forbidden_id_character(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, Mapping):
        return
    for location, products in item.items():
        names = [("location", [location])]
        if isinstance(products, Mapping):
            for product, value in products.items():
                names.append(("product", [location, product]))
                if isinstance(value, Mapping):
                    names.extend(("variant", [location, product, v]) for v in value)
        for what, path in names:
            bad = sorted(set(_FORBIDDEN.findall(path[-1])))
            if bad:
                yield (
                    join_pointer(path),
                    f"{what} id {path[-1]!r} contains {' '.join(bad)}, forbidden in Ka-ching ids",
                )


@rule(
    code=FRACTIONAL_COUNT,
    name="fractional-count",
    severity=Severity.WARNING,
    kinds=KIND,
    scope=Scope.ITEM,
    summary="A stock count is not a whole number.",
    why=(
        "Ka-ching counts stock in units sold at the till; the import doc shows only whole "
        "numbers. No integer requirement is documented, so a fraction is not rejected, but it "
        "is almost always a unit-of-measure mistake (kilograms or packs exported as units) that "
        "makes stock counts drift. Hence a warning, not an error."
    ),
    bad=Example(body='{"store-1": {"coffee": 2.5}}', kind="kaching.stock"),
    good=Example(body='{"store-1": {"coffee": 2}}', kind="kaching.stock"),
)
def fractional_count(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, Mapping):
        return
    for path, count in _leaves(item):
        if isinstance(count, float) and math.isfinite(count) and not count.is_integer():
            yield (
                join_pointer(path),
                f"count {count!r} of {path[-1]!r} is not a whole number of units",
            )


@rule(
    code=EMPTY_LOCATION,
    name="empty-location",
    severity=Severity.WARNING,
    kinds=KIND,
    scope=Scope.ITEM,
    summary="A location (or a product's variant object) has no counts at all.",
    why=(
        "An empty object carries no stock value: the vendor's transformation "
        "(ka-ching-as/node-transforms, lib/KachingStockTransformation.ts) loops over its keys "
        "and so imports nothing, a no-op. It is usually an export that lost its rows."
    ),
    bad=Example(body='{"store-1": {}, "store-2": {"shirt": {}}}', kind="kaching.stock"),
    good=Example(body='{"store-1": {"mug": 0}}', kind="kaching.stock"),
)
def empty_location(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, Mapping):
        return
    for location, products in item.items():
        if not isinstance(products, Mapping):
            continue
        if not products:
            yield join_pointer([location]), f"location {location!r} has no products"
            continue
        for product, value in products.items():
            if isinstance(value, Mapping) and not value:
                yield (
                    join_pointer([location, product]),
                    f"product {product!r} has an empty variant object",
                )


@rule(
    code=NEGATIVE_COUNT,
    name="negative-count",
    severity=Severity.WARNING,
    kinds=KIND,
    scope=Scope.ITEM,
    summary="A negative stock count in an import that sets counts (no adjustment=true).",
    why=(
        "Without adjustment=true each value becomes the new stock count (stock event "
        "external_reset); a negative absolute count is undocumented. With adjustment=true "
        "values are deltas and negative ones are ordinary (pass --adjustment, or "
        "options={'adjustment': True})."
    ),
    bad=Example(body='{"store-1": {"mug": -2}}', kind="kaching.stock"),
    good=Example(
        body='{"store-1": {"mug": -2}}', kind="kaching.stock", options={"adjustment": True}
    ),
)
def negative_count(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if ctx.options.get("adjustment") or not isinstance(item, Mapping):
        return
    for path, count in _leaves(item):
        if _is_number(count) and count < 0:
            yield (
                join_pointer(path),
                (
                    f"count {count!r} of {path[-1]!r} is negative; absolute counts should not be "
                    "(use adjustment=true for deltas)"
                ),
            )
