"""Unleashed StockOnHand rules (US...), for recorded responses kept as fixtures.

Each item is one element of ``Items`` (pointer ``/Items/N``); ``Pagination`` is read by the
document rule from ``ctx.extras``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from linter.codes import (
    AVAILABLE_ABOVE_WITHOUT_ASSEMBLY,
    AVAILABLE_BELOW_ON_HAND_MINUS_ALLOCATED,
    JSON_DATE_FORM,
    PAGINATION_ARITHMETIC,
    TOTAL_COST_MISMATCH,
)
from linter.diagnostics import Severity
from linter.registry import Example, Finding, LintContext, Scope, rule

KIND = ("unleashed.stock-on-hand",)
ABSOLUTE_TOLERANCE = 0.005
RELATIVE_TOLERANCE = 1e-9
_MS_DATE = re.compile(r"/Date\((-?\d+)([+-]\d{4})?\)/\Z")
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _row(**changes: Any) -> str:
    base: dict[str, Any] = {
        "ProductCode": "BOOK",
        "ProductDescription": "Book of Spells",
        "ProductGuid": "5cf1c9ba-89de-4f59-879c-c08a447fd49c",
        "ProductSourceId": None,
        "ProductGroupName": "Gift",
        "WarehouseId": "",
        "Warehouse": "",
        "WarehouseCode": "",
        "DaysSinceLastSale": 282,
        "OnPurchase": 0,
        "AllocatedQty": 2,
        "AvailableQty": 250,
        "QtyOnHand": 252,
        "AvgCost": 12.45391666666667,
        "TotalCost": 3138.387,
        "Guid": "5cf1c9ba-89de-4f59-879c-c08a447fd49c",
        "LastModifiedOn": "/Date(1434940340740)/",
    }
    base.update(changes)
    return json.dumps(base)


def _page(*rows: str, items: int = 1, size: int = 200, number: int = 1, pages: int = 1) -> str:
    pagination = json.dumps(
        {"NumberOfItems": items, "PageSize": size, "PageNumber": number, "NumberOfPages": pages}
    )
    return f'{{"Pagination": {pagination}, "Items": [{", ".join(rows)}]}}'


def _number(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * max(abs(a), abs(b)))


def _fmt(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


@rule(
    code=AVAILABLE_BELOW_ON_HAND_MINUS_ALLOCATED,
    name="available-below-on-hand-minus-allocated",
    severity=Severity.ERROR,
    kinds=KIND,
    scope=Scope.ITEM,
    summary="AvailableQty is less than QtyOnHand - AllocatedQty.",
    why=(
        "The StockOnHand doc defines AvailableQty as quantity on hand - allocated quantity "
        "(+ the quantity that auto-assembly BOMs can build, when isAssembled=true). Assembly "
        "can only add, so an AvailableQty below QtyOnHand - AllocatedQty is inconsistent in "
        "any response and a fixture holding it teaches the integration wrong numbers."
    ),
    bad=Example(body=_page(_row(AvailableQty=240)), kind="unleashed.stock-on-hand"),
    good=Example(body=_page(_row()), kind="unleashed.stock-on-hand"),
)
def available_below(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, Mapping):
        return
    on_hand, allocated, available = (
        _number(item, k) for k in ("QtyOnHand", "AllocatedQty", "AvailableQty")
    )
    if on_hand is None or allocated is None or available is None:
        return
    expected = on_hand - allocated
    if available < expected and not _close(available, expected):
        yield (
            f"/Items/{index}/AvailableQty",
            (
                f"AvailableQty {_fmt(available)} is below QtyOnHand - AllocatedQty = "
                f"{_fmt(on_hand)} - {_fmt(allocated)} = {_fmt(expected)}"
            ),
        )


@rule(
    code=AVAILABLE_ABOVE_WITHOUT_ASSEMBLY,
    name="available-above-without-assembly",
    severity=Severity.WARNING,
    kinds=KIND,
    scope=Scope.ITEM,
    summary="AvailableQty exceeds QtyOnHand - AllocatedQty, which only assembly explains.",
    why=(
        "AvailableQty = QtyOnHand - AllocatedQty, plus what auto-assembly BOMs can build only "
        "when the request had isAssembled=true. The doc's own examples disagree (the XML "
        "single-product example shows 93 available of 75 on hand, the JSON one 75; the list "
        "example 81.8 of 69), so skuguard decides: more available than on hand - allocated is "
        "a warning unless the fixture was recorded with isAssembled=true "
        "(options={'assembled': True}), never an error."
    ),
    bad=Example(body=_page(_row(AvailableQty=260)), kind="unleashed.stock-on-hand"),
    good=Example(
        body=_page(_row(AvailableQty=260)),
        kind="unleashed.stock-on-hand",
        options={"assembled": True},
    ),
)
def available_above(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if ctx.options.get("assembled") or not isinstance(item, Mapping):
        return
    on_hand, allocated, available = (
        _number(item, k) for k in ("QtyOnHand", "AllocatedQty", "AvailableQty")
    )
    if on_hand is None or allocated is None or available is None:
        return
    expected = on_hand - allocated
    if available > expected and not _close(available, expected):
        yield (
            f"/Items/{index}/AvailableQty",
            (
                f"AvailableQty {_fmt(available)} exceeds QtyOnHand - AllocatedQty = "
                f"{_fmt(expected)}; "
                "only an isAssembled=true response may include assemblable quantity"
            ),
        )


@rule(
    code=TOTAL_COST_MISMATCH,
    name="total-cost-mismatch",
    severity=Severity.ERROR,
    kinds=KIND,
    scope=Scope.ITEM,
    summary="TotalCost differs from QtyOnHand x AvgCost by more than rounding.",
    why=(
        "TotalCost is the stock value at average cost; on every example of the StockOnHand doc "
        "it equals QtyOnHand x AvgCost to the last printed decimal. A fixture that breaks the "
        "identity was edited by hand or mixes two responses."
    ),
    bad=Example(body=_page(_row(TotalCost=3000)), kind="unleashed.stock-on-hand"),
    good=Example(body=_page(_row()), kind="unleashed.stock-on-hand"),
)
def total_cost(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, Mapping):
        return
    on_hand, avg, total = (_number(item, k) for k in ("QtyOnHand", "AvgCost", "TotalCost"))
    if on_hand is None or avg is None or total is None:
        return
    expected = on_hand * avg
    if not _close(total, expected):
        yield (
            f"/Items/{index}/TotalCost",
            (
                f"TotalCost {_fmt(total)} differs from QtyOnHand x AvgCost = {_fmt(on_hand)} x "
                f"{_fmt(avg)} = {_fmt(expected)}"
            ),
        )


@rule(
    code=PAGINATION_ARITHMETIC,
    name="pagination-arithmetic",
    severity=Severity.ERROR,
    kinds=KIND,
    scope=Scope.DOCUMENT,
    summary="Pagination does not add up: pages, page size, page number and the items on the page.",
    why=(
        "The Pagination doc: pages are 1-based, pageSize is at most 1000 (default 200). So "
        "NumberOfPages = ceil(NumberOfItems / PageSize) (0 with no items, a skuguard decision), "
        "a page holds at most PageSize items and every page but the last is full. A fixture "
        "that breaks this would make a paging client stop early or loop."
    ),
    bad=Example(body=_page(_row(), items=450, size=200, pages=2), kind="unleashed.stock-on-hand"),
    good=Example(body=_page(_row(), items=1, size=200, pages=1), kind="unleashed.stock-on-hand"),
)
def pagination_arithmetic(ctx: LintContext) -> Iterator[Finding]:
    pagination = ctx.extras.get("Pagination")
    if not isinstance(pagination, Mapping):
        return
    values = {
        k: pagination.get(k) for k in ("NumberOfItems", "PageSize", "PageNumber", "NumberOfPages")
    }
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values.values()):
        return
    items, size, number, pages = (int(values[k] or 0) for k in values)
    if size <= 0:
        return
    expected_pages = math.ceil(items / size)
    if pages != expected_pages:
        yield (
            "/Pagination/NumberOfPages",
            (
                f"NumberOfPages is {pages}, but ceil(NumberOfItems / PageSize) = "
                f"ceil({items} / {size}) "
                f"= {expected_pages}"
            ),
        )
    on_page = ctx.item_count
    if on_page > size:
        yield "/Items", f"the page holds {on_page} items, more than PageSize {size}"
    if expected_pages and number > expected_pages:
        yield (
            "/Pagination/PageNumber",
            f"PageNumber {number} is beyond the last page ({expected_pages})",
        )
    elif expected_pages and pages == expected_pages:
        full = size if number < expected_pages else items - size * (expected_pages - 1)
        if on_page != full and on_page <= size:
            yield (
                "/Items",
                (
                    f"page {number} of {expected_pages} should hold {full} of the {items} items, "
                    f"it holds {on_page}"
                ),
            )


@rule(
    code=JSON_DATE_FORM,
    name="json-date-form",
    severity=Severity.ERROR,
    kinds=KIND,
    scope=Scope.ITEM,
    summary="LastModifiedOn is not a plausible JSON date /Date(milliseconds)/.",
    why=(
        'Unleashed\'s JSON writes dates as "/Date(<ms since the Unix epoch>)/" (UTC); clients '
        "parse them by keeping the digits. An ISO date (the XML form) or seconds instead of "
        "milliseconds (a date in 1970) in a JSON fixture breaks every such client."
    ),
    bad=Example(
        body=_page(_row(LastModifiedOn="2015-06-22T02:32:20.74")), kind="unleashed.stock-on-hand"
    ),
    good=Example(body=_page(_row()), kind="unleashed.stock-on-hand"),
)
def json_date_form(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, Mapping) or ctx.content_type != "json":
        return
    value = item.get("LastModifiedOn")
    if value is None:
        return
    where = f"/Items/{index}/LastModifiedOn"
    if not isinstance(value, str):
        yield where, f"LastModifiedOn {value!r} must be a string /Date(ms)/ or null"
        return
    match = _MS_DATE.match(value)
    if match is None:
        yield where, f"LastModifiedOn {value!r} is not in the JSON date form /Date(milliseconds)/"
        return
    millis = int(match.group(1))
    try:
        moment = datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        moment = LATEST
    if not EARLIEST <= moment < LATEST:
        yield (
            where,
            (
                f"LastModifiedOn {value!r} decodes to {moment:%Y-%m-%d}; is it seconds instead of "
                "milliseconds?"
            ),
        )
