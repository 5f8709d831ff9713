"""Domain checks of Unleashed StockOnHand: pagination, filters, order, quantities, lookups."""

from __future__ import annotations

import itertools
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from contracts.checks.context import NOT_JSON, CheckContext, ReceivedResponse, Unmet
from contracts.checks.registry import check, path_parameters
from linter.specs import schema, spec_view

LIST = "GET /StockOnHand"
PAGE = "GET /StockOnHand/Page/{pageNumber}"
ONE = "GET /StockOnHand/{productGuid}"
ALL_WAREHOUSES = "GET /StockOnHand/{productGuid}/AllWarehouses"

MAX_WALK_PAGES = 25
MAX_LOOKUPS = 3
# Money and quantities are decimals of any precision; allow for rounding in serialization.
ABS_TOLERANCE = 0.01
REL_TOLERANCE = 1e-6

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_FOLLOW_UP_FILTERS = ("asAtDate", "isAssembled")


def _default_page_size() -> int:
    parameter = spec_view("unleashed")["components"]["parameters"]["pageSize"]
    return int(parameter["schema"]["default"])


def _page_path(page: int) -> str:
    return f"/StockOnHand/Page/{page}"


def _items(body: Any) -> list[dict[str, Any]] | None:
    if isinstance(body, dict) and isinstance(body.get("Items"), list):
        return [item for item in body["Items"] if isinstance(item, dict)]
    return None


def _list_body(ctx: CheckContext) -> dict[str, Any] | None:
    """The JSON list body of a 200 list response, or None (XML, errors: not this check's job)."""
    if ctx.response.status != 200:
        return None
    body = ctx.response.json
    if body is NOT_JSON or not isinstance(body, dict):
        return None
    if not isinstance(body.get("Pagination"), dict) or _items(body) is None:
        return None
    return body


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= ABS_TOLERANCE + REL_TOLERANCE * max(abs(a), abs(b))


def ms_of(value: Any) -> int | None:
    """Milliseconds since the epoch of a ``/Date(ms)/`` value."""
    if not isinstance(value, str):
        return None
    match = _MS_DATE.match(value)
    return int(match.group(1)) if match else None


def parse_filter_instant(text: str) -> int | None:
    """Milliseconds of a modifiedSince value: a date, or a date-time (UTC when without offset)."""
    candidate = text.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return round(moment.timestamp() * 1000)


def format_filter_instant(ms: int) -> str:
    """A UTC date-time without offset, to the millisecond (the clients' modifiedSince form)."""
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}"


def _row_id(row: Mapping[str, Any]) -> tuple[str, str]:
    return (str(row.get("Guid", "")).lower(), str(row.get("WarehouseId", "")).lower())


def _follow_up_query(ctx: CheckContext, *, keep: Iterable[str]) -> list[tuple[str, str]]:
    wanted = set(keep)
    return [(k, v) for k, v in ctx.request.query if k in wanted]


def _list_filters(ctx: CheckContext) -> list[tuple[str, str]]:
    """The request's query without paging, for walking or re-asking the same list."""
    return [(k, v) for k, v in ctx.request.query if k != "pageSize"]


def _get(ctx: CheckContext, path: str, query: list[tuple[str, str]]) -> ReceivedResponse | None:
    return ctx.call("GET", path, query=query)


# ---------------------------------------------------------------- pagination


@check(
    name="unleashed_pagination_arithmetic",
    api="unleashed",
    operations=(LIST, PAGE),
    description="Pagination agrees with itself and the request: pages = ceil(items / size), "
    "the page and size echo the request, and the page holds the rows it should.",
)
def pagination_arithmetic(ctx: CheckContext) -> None:
    body = _list_body(ctx)
    if body is None:
        return
    pagination = body["Pagination"]
    items = _items(body) or []
    total, size = pagination.get("NumberOfItems"), pagination.get("PageSize")
    page, pages = pagination.get("PageNumber"), pagination.get("NumberOfPages")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (total, size, page, pages)):
        raise Unmet(f"Pagination fields must be integers, got {pagination}")
    assert isinstance(total, int)
    assert isinstance(size, int)
    assert isinstance(page, int)
    assert isinstance(pages, int)
    asked_page = int(
        path_parameters("unleashed", ctx.operation_id, ctx.request.path).get("pageNumber", "1")
    )
    asked_size_text = ctx.request.query_value("pageSize")
    asked_size = int(asked_size_text) if asked_size_text and asked_size_text.isdigit() else None
    expected_size = asked_size if asked_size is not None else _default_page_size()
    if size != expected_size:
        raise Unmet(f"expected PageSize {expected_size} (as asked), got {size}")
    if page != asked_page:
        raise Unmet(f"expected PageNumber {asked_page} (as asked), got {page}")
    if size > 0 and pages != math.ceil(total / size):
        raise Unmet(
            f"expected NumberOfPages = ceil({total} / {size}) = {math.ceil(total / size)}, "
            f"got {pages}",
        )
    expected_rows = max(0, min(size, total - (page - 1) * size))
    if len(items) != expected_rows:
        raise Unmet(
            f"page {page} of {pages} (size {size}, {total} items) should hold {expected_rows} "
            f"rows, got {len(items)}",
        )


@check(
    name="unleashed_page_walk",
    api="unleashed",
    operations=(LIST, PAGE),
    description="Walking every page of the same query yields NumberOfItems distinct rows "
    f"(at most {MAX_WALK_PAGES} pages; a single-page answer is re-walked in smaller pages).",
)
def page_walk(ctx: CheckContext) -> None:
    body = _list_body(ctx)
    if body is None or ctx.client is None:
        return
    total = body["Pagination"].get("NumberOfItems")
    size = body["Pagination"].get("PageSize")
    if not isinstance(total, int) or not isinstance(size, int) or size < 1 or total == 0:
        return
    sizes = [size] if total > size else []
    if total >= 2:
        sizes.append(max(1, math.ceil(total / 3)))
    for page_size in sizes:
        if math.ceil(total / page_size) > MAX_WALK_PAGES:
            continue
        _walk(ctx, total, page_size)


def _walk(ctx: CheckContext, total: int, page_size: int) -> None:
    filters = [*_list_filters(ctx), ("pageSize", str(page_size))]
    seen: list[tuple[str, str]] = []
    pages = math.ceil(total / page_size)
    for page in range(1, pages + 1):
        response = _get(ctx, _page_path(page), filters)
        if response is None:
            return
        items = _items(response.json) if response.status == 200 else None
        if items is None:
            raise Unmet(
                f"page {page} of the same query should be a list, got {response.describe()}"
            )
        seen.extend(_row_id(item) for item in items)
    distinct = set(seen)
    if len(seen) != total or len(distinct) != total:
        duplicates = sorted({row for row in seen if seen.count(row) > 1})
        raise Unmet(
            f"walking {pages} pages of {page_size} should give {total} distinct rows, got "
            f"{len(seen)} rows, {len(distinct)} distinct"
            + (f" (repeated: {duplicates[:3]})" if duplicates else ""),
        )


# ---------------------------------------------------------------- filters and order


def _row_modified_ms(row: Mapping[str, Any]) -> int | None:
    return ms_of(row.get("LastModifiedOn"))


@check(
    name="unleashed_filters_honoured",
    api="unleashed",
    operations=(LIST, PAGE),
    description="Every returned row honours warehouseCode, warehouseName, productId and "
    "modifiedSince (inclusive: a row modified exactly at the instant is returned); combined "
    "filters are re-asked one by one, and an unfiltered list is re-asked by a real warehouse.",
)
def filters_honoured(ctx: CheckContext) -> None:
    body = _list_body(ctx)
    if body is None:
        return
    items = _items(body) or []
    _require_filters(ctx.request.query, items)
    _modified_since_boundary(ctx, items)
    _each_filter_alone(ctx)
    if items and not any(k in _ROW_FILTERS for k, _ in ctx.request.query):
        _known_warehouse(ctx, items)


def _known_warehouse(ctx: CheckContext, items: list[dict[str, Any]]) -> None:
    """Filter by a warehouse that exists: found through AllWarehouses (its name), then the
    list filtered by that name (its code)."""
    product = str(items[0].get("ProductGuid", ""))
    response = _get(ctx, _product_path(product) + "/AllWarehouses", [])
    rows = _items(response.json) if response is not None and response.status == 200 else None
    names = sorted({str(r.get("Warehouse")) for r in rows or () if r.get("Warehouse")})
    if not names:
        return
    query = [("warehouseName", names[0]), ("pageSize", "1000")]
    response = _get(ctx, _page_path(1), query)
    rows = _items(response.json) if response is not None and response.status == 200 else None
    if rows is None:
        return
    _require_filters(query, rows)
    codes = sorted({str(r.get("WarehouseCode")) for r in rows if r.get("WarehouseCode")})
    if codes:
        query = [("warehouseCode", codes[0]), ("pageSize", "1000")]
        response = _get(ctx, _page_path(1), query)
        rows = _items(response.json) if response is not None and response.status == 200 else None
        if rows is not None:
            _require_filters(query, rows)


def _each_filter_alone(ctx: CheckContext) -> None:
    """Re-ask with each filter alone: combined filters often leave nothing to judge."""
    filters = [(k, v) for k, v in ctx.request.query if k in _ROW_FILTERS]
    if len(filters) < 2 or ctx.client is None:
        return
    for pair in filters:
        query = [pair, ("pageSize", "1000")]
        response = _get(ctx, _page_path(1), query)
        items = _items(response.json) if response is not None and response.status == 200 else None
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
    query = [(k, v) for k, v in _list_filters(ctx) if k != "modifiedSince"]
    query += [("modifiedSince", format_filter_instant(instant)), ("pageSize", "1000")]
    response = _get(ctx, _page_path(1), query)
    if response is None:
        return
    found = _items(response.json) if response.status == 200 else None
    if found is None:
        raise Unmet(
            f"modifiedSince={format_filter_instant(instant)} should list rows, got "
            f"{response.describe()}",
        )
    if _row_id(row) not in {_row_id(r) for r in found}:
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
    api="unleashed",
    operations=(LIST, PAGE),
    description="Rows come in the order orderBy names (ProductCode by default); a request "
    f"without orderBy is re-asked with orderBy={FOLLOW_UP_ORDER}.",
)
def order_by(ctx: CheckContext) -> None:
    body = _list_body(ctx)
    if body is None:
        return
    asked = ctx.request.query_value("orderBy")
    prop = _order_property(asked)
    _require_order(_items(body) or [], prop, asked)
    if asked is None and ctx.client is not None:
        query = [*_list_filters(ctx), ("orderBy", FOLLOW_UP_ORDER), ("pageSize", "1000")]
        response = _get(ctx, _page_path(1), query)
        if response is not None and response.status == 200:
            _require_order(_items(response.json) or [], FOLLOW_UP_ORDER, FOLLOW_UP_ORDER)


def _require_order(rows: list[dict[str, Any]], prop: str, asked: str | None) -> None:
    broken = _unordered_at(rows, prop)
    if broken is not None:
        raise Unmet(
            f"orderBy={asked or '(default)'}: rows should be ordered by {prop}, but row {broken} "
            f"({rows[broken].get(prop)!r}) comes before row {broken + 1} "
            f"({rows[broken + 1].get(prop)!r})",
        )


# ---------------------------------------------------------------- quantities


def _rows_of(ctx: CheckContext) -> list[dict[str, Any]]:
    if ctx.response.status != 200:
        return []
    body = ctx.response.json
    items = _items(body)
    if items is not None:
        return items
    if isinstance(body, dict) and "QtyOnHand" in body:
        return [body]
    return []


@check(
    name="unleashed_quantity_invariants",
    api="unleashed",
    operations=(LIST, PAGE, ONE),
    description="AvailableQty = QtyOnHand - AllocatedQty (at least that with isAssembled=true) "
    "and TotalCost = QtyOnHand x AvgCost, within rounding.",
)
def quantity_invariants(ctx: CheckContext) -> None:
    assembled = (ctx.request.query_value("isAssembled") or "").lower() == "true"
    for index, row in enumerate(_rows_of(ctx)):
        qty, allocated = _number(row.get("QtyOnHand")), _number(row.get("AllocatedQty"))
        available, avg = _number(row.get("AvailableQty")), _number(row.get("AvgCost"))
        total = _number(row.get("TotalCost"))
        where = f"row {index} ({row.get('ProductCode')!r})"
        if qty is not None and allocated is not None and available is not None:
            expected = qty - allocated
            ok = available >= expected - ABS_TOLERANCE if assembled else _close(available, expected)
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
            and not _close(total, qty * avg)
        ):
            raise Unmet(
                f"{where}: TotalCost should be QtyOnHand x AvgCost = {qty:g} x {avg:g} = "
                f"{qty * avg:.6g}, got {total:g}",
            )


# ---------------------------------------------------------------- single product, warehouses


def _product_path(guid: str) -> str:
    return f"/StockOnHand/{guid}"


@check(
    name="unleashed_lookups_agree",
    api="unleashed",
    operations=(LIST, PAGE, ONE, ALL_WAREHOUSES),
    description="GET /StockOnHand/{guid} answers for that product and agrees with its list row; "
    f"AllWarehouses sums to it (first {MAX_LOOKUPS} rows of a list).",
)
def lookups_agree(ctx: CheckContext) -> None:
    if ctx.response.status != 200:
        return
    filters = _follow_up_query(ctx, keep=_FOLLOW_UP_FILTERS)
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
    body = _list_body(ctx)
    if body is None or ctx.client is None:
        return
    # Rows of a warehouse-filtered list are per warehouse, not the product's total.
    per_warehouse = any(k in {"warehouseCode", "warehouseName"} for k, _ in ctx.request.query)
    for row in (_items(body) or [])[:MAX_LOOKUPS]:
        product = str(row.get("ProductGuid", ""))
        one = _get(ctx, _product_path(product), filters)
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
                a, b = _number(row.get(field)), _number(single.get(field))
                if a is not None and b is not None and not _close(a, b):
                    raise Unmet(
                        f"{field} of {row.get('ProductCode')!r}: the list says {a:g}, "
                        f"GET /StockOnHand/{product} says {b:g}",
                    )
        warehouses = _get(ctx, _product_path(product) + "/AllWarehouses", filters)
        if warehouses is not None:
            _warehouses_sum(ctx, product, warehouses, filters, single)


def _warehouses_sum(
    ctx: CheckContext,
    guid: str,
    response: ReceivedResponse,
    filters: list[tuple[str, str]],
    single: Mapping[str, Any] | None = None,
) -> None:
    rows = _items(response.json) if response.status == 200 else None
    if rows is None:
        raise Unmet(
            f"GET /StockOnHand/{guid}/AllWarehouses should list warehouses, "
            f"got {response.describe()}",
        )
    if single is None:
        one = _get(ctx, _product_path(guid), filters)
        if one is None or one.status != 200 or not isinstance(one.json, dict):
            return
        single = one.json
    expected = _number(single.get("AvailableQty"))
    total = sum(_number(r.get("AvailableQty")) or 0.0 for r in rows)
    if expected is not None and not _close(total, expected):
        listed = ", ".join(f"{r.get('Warehouse')}={r.get('AvailableQty')}" for r in rows)
        raise Unmet(
            f"AllWarehouses of {guid} should sum to the product's AvailableQty {expected:g}, "
            f"got {total:g} ({listed or 'no rows'})",
        )


@check(
    name="unleashed_unknown_guid_404",
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
    response = _get(ctx, _product_path(unknown) + suffix, [])
    if response is not None and response.status != 404:
        raise Unmet(
            f"GET /StockOnHand/{unknown}{suffix} (no such product) should be 404, got "
            f"{response.describe()}",
        )
