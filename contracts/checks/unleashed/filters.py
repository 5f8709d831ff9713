"""Unleashed list filters and ordering: each filter narrows the rows as documented, and
orderBy sorts them."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from contracts.checks.context import CheckContext, Observed, Unmet
from contracts.checks.registry import check
from contracts.checks.sources import source_of
from contracts.checks.unleashed.common import (
    LIST,
    PAGE,
    follow_up_get,
    format_filter_instant,
    items_of,
    list_body,
    list_filters,
    ms_of,
    page_path,
    parse_filter_instant,
    product_path,
    row_id,
)
from linter.specs import schema


def _row_modified_ms(row: Mapping[str, Any]) -> int | None:
    return ms_of(row.get("LastModifiedOn"))


@check(
    name="unleashed_filters_honoured",
    source=source_of("unleashed_filters_honoured"),
    api="unleashed",
    operations=(LIST, PAGE),
    description="Every returned row honours warehouseCode, warehouseName, productId and "
    "modifiedSince (inclusive: a row modified exactly at the instant is returned); combined "
    "filters are re-asked one by one, and an unfiltered list is re-asked by a real warehouse.",
)
def filters_honoured(ctx: CheckContext) -> None:
    body = list_body(ctx)
    if body is None:
        return
    items = items_of(body) or []
    _require_filters(ctx.request.query, items)
    _modified_since_boundary(ctx, items)
    _each_filter_alone(ctx)
    if items and not any(k in _ROW_FILTERS for k, _ in ctx.request.query):
        _known_warehouse(ctx, items)


def _known_warehouse(ctx: CheckContext, items: list[dict[str, Any]]) -> None:
    """Filter by a warehouse that exists: found through AllWarehouses (its name), then the
    list filtered by that name (its code)."""
    product = str(items[0].get("ProductGuid", ""))
    response = follow_up_get(ctx, product_path(product) + "/AllWarehouses", [])
    rows = items_of(response.json) if response is not None and response.status == 200 else None
    names = sorted({str(r.get("Warehouse")) for r in rows or () if r.get("Warehouse")})
    if not names:
        return
    query = [("warehouseName", names[0]), ("pageSize", "1000")]
    response = follow_up_get(ctx, page_path(1), query)
    rows = items_of(response.json) if response is not None and response.status == 200 else None
    if rows is None:
        return
    _require_filters(query, rows)
    codes = sorted({str(r.get("WarehouseCode")) for r in rows if r.get("WarehouseCode")})
    if codes:
        query = [("warehouseCode", codes[0]), ("pageSize", "1000")]
        response = follow_up_get(ctx, page_path(1), query)
        rows = items_of(response.json) if response is not None and response.status == 200 else None
        if rows is not None:
            _require_filters(query, rows)


def _each_filter_alone(ctx: CheckContext) -> None:
    """Re-ask with each filter alone: combined filters often leave nothing to judge."""
    filters = [(k, v) for k, v in ctx.request.query if k in _ROW_FILTERS]
    if len(filters) < 2 or ctx.client is None:
        return
    for pair in filters:
        query = [pair, ("pageSize", "1000")]
        response = follow_up_get(ctx, page_path(1), query)
        items = items_of(response.json) if response is not None and response.status == 200 else None
        if items is not None:
            _require_filters(query, items)


_ROW_FILTERS = ("warehouseCode", "warehouseName", "productId", "modifiedSince")


def _require_filters(query: Iterable[tuple[str, str]], items: list[dict[str, Any]]) -> None:
    asked = dict(reversed(list(query)))
    code = asked.get("warehouseCode")
    warehouse = asked.get("warehouseName")
    product_ids = asked.get("productId")
    since_text = asked.get("modifiedSince")
    wanted_ids = (
        {p.strip().lower() for p in product_ids.split(",") if p.strip()} if product_ids else None
    )
    since = parse_filter_instant(since_text) if since_text else None
    for index, row in enumerate(items):
        where = f"Items[{index}] ({row.get('ProductCode')!r})"
        if code is not None and str(row.get("WarehouseCode")) != code:
            raise Unmet(
                f"{where}: warehouseCode={code!r} asked, row has {row.get('WarehouseCode')!r}"
            )
        if warehouse is not None and str(row.get("Warehouse")) != warehouse:
            raise Unmet(
                f"{where}: warehouseName={warehouse!r} asked, row has {row.get('Warehouse')!r}",
            )
        if wanted_ids is not None and str(row.get("ProductGuid", "")).lower() not in wanted_ids:
            raise Unmet(f"{where}: productId={product_ids} asked, row is {row.get('ProductGuid')}")
        if since is not None:
            modified = _row_modified_ms(row)
            if modified is None and row.get("LastModifiedOn") is not None:
                continue  # not a /Date(ms)/ value: the response schema check reports that
            if modified is None or modified < since:
                raise Unmet(
                    f"{where}: modifiedSince={since_text} asked, row was modified "
                    f"{row.get('LastModifiedOn')}",
                )


def _modified_since_boundary(ctx: CheckContext, items: list[dict[str, Any]]) -> None:
    dated = [row for row in items if _row_modified_ms(row) is not None]
    if not dated or ctx.client is None:
        return
    row = max(dated, key=lambda r: _row_modified_ms(r) or 0)
    instant = _row_modified_ms(row)
    assert instant is not None
    query = [(k, v) for k, v in list_filters(ctx) if k != "modifiedSince"]
    query += [("modifiedSince", format_filter_instant(instant)), ("pageSize", "1000")]
    response = follow_up_get(ctx, page_path(1), query)
    if response is None:
        return
    found = items_of(response.json) if response.status == 200 else None
    if found is None:
        # The seed names only YYYY-MM-DD for date filters ("Date filters should be provided
        # in the ISO format YYYY-MM-DD"); a date-time is documented for modifiedSince only on
        # another endpoint (reference/apis.md §3.2, U-WH), so refusing it is allowed.
        raise Observed(
            f"modifiedSince={format_filter_instant(instant)} (a date-time, not the seed's "
            f"YYYY-MM-DD) got {response.describe()}",
        )
    if row_id(row) not in {row_id(r) for r in found}:
        raise Unmet(
            f"modifiedSince is inclusive: {row.get('ProductCode')!r}, modified exactly at "
            f"{format_filter_instant(instant)}, is missing from the answer to "
            f"modifiedSince={format_filter_instant(instant)} ({len(found)} rows came back)",
        )


def _order_property(order_by: str | None) -> str:
    """The StockOnHand property an orderBy value names; unknown values mean ProductCode."""
    properties = schema("unleashed", "StockOnHand")["properties"]
    wanted = (order_by or "").replace(" ", "").lower()
    for prop in properties:
        if prop.lower() == wanted:
            return str(prop)
    return "ProductCode"


def _sort_key(row: Mapping[str, Any], prop: str) -> tuple[int, Any]:
    value = row.get(prop)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float):
        return (1, float(value))
    if isinstance(value, str) and ms_of(value) is not None:
        return (1, ms_of(value))
    if value is None:
        return (0, 0)
    return (2, str(value))


def _unordered_at(rows: list[dict[str, Any]], prop: str) -> int | None:
    keys = [_sort_key(r, prop) for r in rows]
    folded = [(k[0], k[1].casefold() if isinstance(k[1], str) else k[1]) for k in keys]
    for sequence in (keys, folded):
        if all(a <= b for a, b in itertools.pairwise(sequence)):
            return None
    return next(i for i, (a, b) in enumerate(itertools.pairwise(keys)) if a > b)


# The column the order check re-asks by when a request named none: one whose order differs
# from the default ProductCode order on realistic data.
FOLLOW_UP_ORDER = "ProductDescription"


@check(
    name="unleashed_order_by",
    source=source_of("unleashed_order_by"),
    api="unleashed",
    operations=(LIST, PAGE),
    description="Rows come in the order orderBy names (ProductCode by default); a request "
    f"without orderBy is re-asked with orderBy={FOLLOW_UP_ORDER}.",
)
def order_by(ctx: CheckContext) -> None:
    body = list_body(ctx)
    if body is None:
        return
    asked = ctx.request.query_value("orderBy")
    prop = _order_property(asked)
    _require_order(items_of(body) or [], prop, asked)
    if asked is None and ctx.client is not None:
        query = [*list_filters(ctx), ("orderBy", FOLLOW_UP_ORDER), ("pageSize", "1000")]
        response = follow_up_get(ctx, page_path(1), query)
        if response is not None and response.status == 200:
            _require_order(items_of(response.json) or [], FOLLOW_UP_ORDER, FOLLOW_UP_ORDER)


def _require_order(rows: list[dict[str, Any]], prop: str, asked: str | None) -> None:
    broken = _unordered_at(rows, prop)
    if broken is not None:
        raise Unmet(
            f"orderBy={asked or '(default)'}: rows should be ordered by {prop}, but row {broken} "
            f"({rows[broken].get(prop)!r}) comes before row {broken + 1} "
            f"({rows[broken + 1].get(prop)!r})",
        )


# ---------------------------------------------------------------- quantities
