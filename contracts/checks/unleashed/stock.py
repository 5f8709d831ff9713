"""Unleashed stock rows: quantities add up, the per-product lookups agree with the list, an
unknown product GUID is 404."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from contracts.checks.context import NOT_JSON, CheckContext, ReceivedResponse, Unmet
from contracts.checks.registry import check, path_parameters
from contracts.checks.sources import source_of
from contracts.checks.unleashed.common import (
    ABS_TOLERANCE,
    ALL_WAREHOUSES,
    FOLLOW_UP_FILTERS,
    LIST,
    MAX_LOOKUPS,
    ONE,
    PAGE,
    close_enough,
    follow_up_get,
    follow_up_query,
    items_of,
    list_body,
    number_of,
    product_path,
)


def _rows_of(ctx: CheckContext) -> list[dict[str, Any]]:
    if ctx.response.status != 200:
        return []
    body = ctx.response.json
    items = items_of(body)
    if items is not None:
        return items
    if isinstance(body, dict) and "QtyOnHand" in body:
        return [body]
    return []


@check(
    name="unleashed_quantity_invariants",
    source=source_of("unleashed_quantity_invariants"),
    api="unleashed",
    operations=(LIST, PAGE, ONE),
    description="AvailableQty = QtyOnHand - AllocatedQty (at least that with isAssembled=true) "
    "and TotalCost = QtyOnHand x AvgCost, within rounding.",
)
def quantity_invariants(ctx: CheckContext) -> None:
    assembled = (ctx.request.query_value("isAssembled") or "").lower() == "true"
    for index, row in enumerate(_rows_of(ctx)):
        qty, allocated = number_of(row.get("QtyOnHand")), number_of(row.get("AllocatedQty"))
        available, avg = number_of(row.get("AvailableQty")), number_of(row.get("AvgCost"))
        total = number_of(row.get("TotalCost"))
        where = f"row {index} ({row.get('ProductCode')!r})"
        if qty is not None and allocated is not None and available is not None:
            expected = qty - allocated
            ok = (
                available >= expected - ABS_TOLERANCE
                if assembled
                else close_enough(available, expected)
            )
            if not ok:
                raise Unmet(
                    f"{where}: AvailableQty should be QtyOnHand - AllocatedQty = {qty:g} - "
                    f"{allocated:g} = {expected:g}"
                    + (" or more (isAssembled=true)" if assembled else "")
                    + f", got {available:g}",
                )
        if (
            qty is not None
            and avg is not None
            and total is not None
            and not close_enough(total, qty * avg)
        ):
            raise Unmet(
                f"{where}: TotalCost should be QtyOnHand x AvgCost = {qty:g} x {avg:g} = "
                f"{qty * avg:.6g}, got {total:g}",
            )


# ---------------------------------------------------------------- single product, warehouses


@check(
    name="unleashed_lookups_agree",
    source=source_of("unleashed_lookups_agree"),
    api="unleashed",
    operations=(LIST, PAGE, ONE, ALL_WAREHOUSES),
    description="GET /StockOnHand/{guid} answers for that product and agrees with its list row; "
    f"AllWarehouses sums to it (first {MAX_LOOKUPS} rows of a list).",
)
def lookups_agree(ctx: CheckContext) -> None:
    if ctx.response.status != 200:
        return
    filters = follow_up_query(ctx, keep=FOLLOW_UP_FILTERS)
    params = path_parameters("unleashed", ctx.operation_id, ctx.request.path)
    guid = params.get("productGuid")
    if guid is not None and ctx.request.path.rstrip("/").lower().endswith("/allwarehouses"):
        _warehouses_sum(ctx, guid, ctx.response, filters)
        return
    if guid is not None:
        body = ctx.response.json
        if body is NOT_JSON:  # an XML answer (Accept: application/xml) is not this check's job
            return
        got = str(body.get("ProductGuid", "")).lower() if isinstance(body, dict) else None
        if got != guid.lower():
            raise Unmet(f"GET /StockOnHand/{guid} should answer for {guid}, got ProductGuid {got}")
        return
    body = list_body(ctx)
    if body is None or ctx.client is None:
        return
    # Rows of a warehouse-filtered list are per warehouse, not the product's total.
    per_warehouse = any(k in {"warehouseCode", "warehouseName"} for k, _ in ctx.request.query)
    for row in (items_of(body) or [])[:MAX_LOOKUPS]:
        product = str(row.get("ProductGuid", ""))
        one = follow_up_get(ctx, product_path(product), filters)
        if one is None:
            return
        single = one.json if one.status == 200 else None
        if (
            not isinstance(single, dict)
            or str(single.get("ProductGuid", "")).lower() != product.lower()
        ):
            raise Unmet(
                f"GET /StockOnHand/{product} (a listed product) should answer for it, got "
                f"{one.describe()}",
            )
        if not per_warehouse:
            for field in ("QtyOnHand", "AllocatedQty", "AvailableQty", "AvgCost"):
                a, b = number_of(row.get(field)), number_of(single.get(field))
                if a is not None and b is not None and not close_enough(a, b):
                    raise Unmet(
                        f"{field} of {row.get('ProductCode')!r}: the list says {a:g}, "
                        f"GET /StockOnHand/{product} says {b:g}",
                    )
        warehouses = follow_up_get(ctx, product_path(product) + "/AllWarehouses", filters)
        if warehouses is not None:
            _warehouses_sum(ctx, product, warehouses, filters, single)


def _warehouses_sum(
    ctx: CheckContext,
    guid: str,
    response: ReceivedResponse,
    filters: list[tuple[str, str]],
    single: Mapping[str, Any] | None = None,
) -> None:
    rows = items_of(response.json) if response.status == 200 else None
    if rows is None:
        raise Unmet(
            f"GET /StockOnHand/{guid}/AllWarehouses should list warehouses, "
            f"got {response.describe()}",
        )
    if single is None:
        one = follow_up_get(ctx, product_path(guid), filters)
        if one is None or one.status != 200 or not isinstance(one.json, dict):
            return
        single = one.json
    expected = number_of(single.get("AvailableQty"))
    total = sum(number_of(r.get("AvailableQty")) or 0.0 for r in rows)
    if expected is not None and not close_enough(total, expected):
        listed = ", ".join(f"{r.get('Warehouse')}={r.get('AvailableQty')}" for r in rows)
        raise Unmet(
            f"AllWarehouses of {guid} should sum to the product's AvailableQty {expected:g}, "
            f"got {total:g} ({listed or 'no rows'})",
        )


@check(
    name="unleashed_unknown_guid_404",
    source=source_of("unleashed_unknown_guid_404"),
    api="unleashed",
    operations=(ONE, ALL_WAREHOUSES),
    description="A product GUID that no product has gets 404 (checked with a fresh GUID).",
)
def unknown_guid_404(ctx: CheckContext) -> None:
    if ctx.client is None:
        return
    unknown = str(uuid.uuid5(uuid.NAMESPACE_URL, "skuguard-unknown:" + ctx.request.url))
    suffix = (
        "/AllWarehouses" if ctx.request.path.rstrip("/").lower().endswith("/allwarehouses") else ""
    )
    response = follow_up_get(ctx, product_path(unknown) + suffix, [])
    if response is not None and response.status != 404:
        raise Unmet(
            f"GET /StockOnHand/{unknown}{suffix} (no such product) should be 404, got "
            f"{response.describe()}",
        )
