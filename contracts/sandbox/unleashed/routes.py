"""Unleashed StockOnHand under ``/unleashed/``: list pages, one product, all warehouses."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from contracts.sandbox import faults
from contracts.sandbox import variations as v
from contracts.sandbox.auth import check_unleashed
from contracts.sandbox.errors import ApiError
from contracts.sandbox.state import SandboxState
from contracts.sandbox.unleashed import xml_output
from contracts.sandbox.unleashed.stock import Query, StockRow, parse_when, stock_rows
from contracts.sandbox.validation import find_operation, query_values

PREFIX = "/unleashed"
DEFAULT_PAGE_SIZE = 200
MAX_PAGE_SIZE = 1000
INT32_MAX = 2**31 - 1

ORDER_KEYS: Mapping[str, Callable[[StockRow], Any]] = {
    "productcode": lambda r: r.product_code,
    "productdescription": lambda r: r.description,
    "productgroupname": lambda r: r.group or "",
    "lastmodifiedon": lambda r: r.last_modified or datetime.min,
    "qtyonhand": lambda r: r.qty_on_hand,
    "allocatedqty": lambda r: r.allocated,
    "availableqty": lambda r: r.qty_on_hand - r.allocated,
    "totalcost": lambda r: r.total_cost,
    "avgcost": lambda r: r.avg_cost,
    "warehousecode": lambda r: r.warehouse_code or "",
    "warehouse": lambda r: r.warehouse_name or "",
}


def wants_xml(request: Request, state: SandboxState) -> bool:
    accept = request.headers.get("accept", "").lower()
    if not accept or "json" in accept or "*/*" in accept or "application/*" in accept:
        return False
    if "xml" in accept:
        return not state.faults.active(faults.UNLEASHED_XML_IGNORED)
    raise ApiError(406, "Accept must be application/json or application/xml")


def _authenticate(request: Request, state: SandboxState) -> None:
    try:
        check_unleashed(
            request.headers,
            bytes(request.scope.get("query_string", b"")),
            state.settings.credentials,
            check_signature=not state.faults.active(faults.UNLEASHED_SIGNATURE_NOT_CHECKED),
        )
    except ApiError as exc:
        if exc.status == 403 and state.variations.active(v.UNLEASHED_AUTH_401):
            raise ApiError(401, exc.message, extra=exc.extra) from None
        raise


_LONG_PAGE = re.compile(r"^(/StockOnHand/(?:Page/)?)\d{10,}$")


def _params(request: Request, state: SandboxState) -> dict[str, Any]:
    rel = request.url.path[len(PREFIX) :]
    if state.variations.active(v.UNLEASHED_PAGE_PAST_INT32_ACCEPTED):
        rel = _LONG_PAGE.sub(r"\g<1>1", rel)  # look the operation up as for page 1
    try:
        op, _ = find_operation("unleashed", request.method, rel)
    except LookupError:
        raise ApiError(404, f"no resource at {request.url.path}") from None
    items = request.query_params.multi_items()
    if state.variations.active(v.UNLEASHED_PAGE_SIZE_CLAMPED):
        items = [(k, _clamped_size(val) if k.lower() == "pagesize" else val) for k, val in items]
    values = query_values(op, items, case_insensitive=False)
    return {k.lower(): v for k, v in values.items()}


def _clamped_size(raw: str) -> str:
    try:
        return str(min(max(int(raw), 1), MAX_PAGE_SIZE))
    except ValueError:
        return raw


def _when(params: Mapping[str, Any], name: str) -> datetime | None:
    raw = params.get(name.lower())
    if raw is None:
        return None
    try:
        return parse_when(str(raw))
    except ValueError:
        raise ApiError(400, f"query parameter {name}: {raw!r} is not a date (YYYY-MM-DD)") from None


def _as_at(params: Mapping[str, Any]) -> datetime | None:
    raw = params.get("asatdate")
    when = _when(params, "asAtDate")
    if when is not None and raw is not None and "T" not in str(raw):
        # A bare date means the end of that day: its transactions are included.
        when = when.replace(hour=23, minute=59, second=59, microsecond=999999)
    return when


def _query(params: Mapping[str, Any], state: SandboxState, **extra: Any) -> Query:
    ignore_wh = state.faults.active(faults.UNLEASHED_WAREHOUSE_FILTER_IGNORED)
    code = None if ignore_wh else params.get("warehousecode")
    name = params.get("warehousename")
    ids = params.get("productid")
    if isinstance(ids, str):
        ids = [part.strip() for part in ids.split(",") if part.strip()]
    return Query(
        as_at=_as_at(params),
        warehouse_code=code,
        warehouse_name=name,
        product_ids=ids,
        per_warehouse=extra.get("per_warehouse", code is not None or name is not None),
    )


def _row_json(row: StockRow, assembled: bool, state: SandboxState) -> dict[str, Any]:
    available = row.available(assembled)
    if state.faults.active(faults.UNLEASHED_AVAILABLE_IGNORES_ALLOCATED):
        available = row.qty_on_hand + (row.assemblable if assembled else 0.0)
    total = row.total_cost
    if state.faults.active(faults.UNLEASHED_TOTAL_COST_WRONG):
        total = row.avg_cost
    now = state.clock.utcnow().replace(tzinfo=None)
    days = None if row.last_sale is None else max(0, (now - row.last_sale).days)
    return {
        "ProductCode": row.product_code,
        "ProductDescription": row.description,
        "ProductGuid": row.product_guid,
        "ProductSourceId": row.source_id,
        "ProductGroupName": row.group,
        "WarehouseId": row.warehouse_guid or "",
        "Warehouse": row.warehouse_name or "",
        "WarehouseCode": row.warehouse_code or "",
        "DaysSinceLastSale": days,
        "OnPurchase": _num(row.on_purchase),
        "AllocatedQty": _num(row.allocated),
        "AvailableQty": _num(available),
        "QtyOnHand": _num(row.qty_on_hand),
        "AvgCost": _num(row.avg_cost),
        "TotalCost": _num(total),
        "Guid": row.product_guid,
        "LastModifiedOn": _date_json(row.last_modified, state),
    }


def _num(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def _date_json(value: datetime | None, state: SandboxState) -> str | None:
    if value is None:
        return None
    if state.faults.active(faults.UNLEASHED_DATES_ISO):
        return value.isoformat(timespec="milliseconds")
    millis = round(value.replace(tzinfo=UTC).timestamp() * 1000)
    return f"/Date({millis})/"


def _respond(request: Request, state: SandboxState, root: str, body: Mapping[str, Any]) -> Response:
    if wants_xml(request, state):
        return Response(xml_output.render(root, body), media_type="application/xml")
    return JSONResponse(dict(body))


async def stock_on_hand(request: Request) -> Response:
    """Every GET under /unleashed/StockOnHand: the path form picks list, product or warehouses."""
    state: SandboxState = request.app.state.sandbox
    _authenticate(request, state)
    _check_page_segment(
        request.url.path[len(PREFIX) :],
        past_int32=state.variations.active(v.UNLEASHED_PAGE_PAST_INT32_ACCEPTED),
    )
    params = _params(request, state)
    wants_xml(request, state)
    segments = [s for s in request.url.path[len(PREFIX) :].split("/") if s]
    if len(segments) == 3 and segments[2].lower() == "allwarehouses":
        return _all_warehouses(request, state, segments[1], params)
    if len(segments) == 2 and not segments[1].lstrip("+-").isdigit():
        return _one_product(request, state, segments[1], params)
    page = int(segments[-1]) if len(segments) >= 2 else 1
    return _list(request, state, page, params)


def _check_page_segment(rel: str, *, past_int32: bool = False) -> None:
    """A page number in the path must be an int32 of at least 1 (400 otherwise).

    ``past_int32``: pages beyond the int32 range are accepted (and are empty)."""
    segments = [s for s in rel.split("/") if s]
    if len(segments) == 3 and segments[1] == "Page":
        raw = segments[2]
    elif len(segments) == 2 and segments[1].lstrip("+-").isdigit():
        raw = segments[1]
    else:
        return
    try:
        page = int(raw)
    except ValueError:
        raise ApiError(400, f"page {raw!r} is not a number") from None
    if page > INT32_MAX and past_int32:
        return
    if not 1 <= page <= INT32_MAX:
        raise ApiError(400, f"page {page} is out of range: pages are numbered from 1")


def _sorted_rows(rows: list[StockRow], params: Mapping[str, Any], state: SandboxState) -> None:
    order = str(params.get("orderby") or "productCode").strip()
    # An unknown column falls back to productCode, as the spec decides.
    key = ORDER_KEYS.get(order.lower().replace(" ", ""))
    if key is None and state.variations.active(v.UNLEASHED_UNKNOWN_ORDERBY_REJECTED):
        raise ApiError(400, f"query parameter orderBy: {order!r} is not a column")
    key = key or ORDER_KEYS["productcode"]
    if state.faults.active(faults.UNLEASHED_ORDERBY_IGNORED):
        key = ORDER_KEYS["productcode"]
    rows.sort(key=lambda r: (r.warehouse_code or "", r.product_code))
    rows.sort(key=key)


def _list(request: Request, state: SandboxState, page: int, params: Mapping[str, Any]) -> Response:
    if page < 1:
        raise ApiError(400, f"page {page}: pages are numbered from 1")
    size = int(params.get("pagesize") or DEFAULT_PAGE_SIZE)
    raw_since = str(params.get("modifiedsince") or "")
    if "T" in raw_since.upper() and state.variations.active(v.UNLEASHED_MODIFIED_SINCE_DATE_ONLY):
        raise ApiError(400, f"query parameter modifiedSince: {raw_since!r} is not YYYY-MM-DD")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ApiError(400, f"query parameter pageSize: {size} is not within 1..{MAX_PAGE_SIZE}")
    since = _when(params, "modifiedSince")
    with state.store.reading() as conn:
        rows = stock_rows(conn, _query(params, state))
    if since is not None:
        exclusive = state.faults.active(faults.UNLEASHED_MODIFIED_SINCE_EXCLUSIVE)
        rows = [
            r
            for r in rows
            if r.last_modified is not None
            and (r.last_modified > since if exclusive else r.last_modified >= since)
        ]
    _sorted_rows(rows, params, state)
    start = (page - 1) * size
    if page > 1 and state.faults.active(faults.UNLEASHED_PAGINATION_OFF_BY_ONE):
        start -= 1
    assembled = bool(params.get("isassembled"))
    items = [_row_json(r, assembled, state) for r in rows[start : start + size]]
    body = {
        "Pagination": {
            "NumberOfItems": len(rows),
            "PageSize": size,
            "PageNumber": page,
            "NumberOfPages": math.ceil(len(rows) / size),
        },
        "Items": items,
    }
    return _respond(request, state, "StockOnHandList", body)


def _product_guid(raw: str) -> str:
    return raw.strip().lower()


def _one_product(
    request: Request, state: SandboxState, guid: str, params: Mapping[str, Any]
) -> Response:
    wanted = _product_guid(guid)
    if state.faults.active(faults.UNLEASHED_GUID_RETURNS_OTHER_PRODUCT):
        wanted = _next_product(state, wanted)
    query = _query({**params, "productid": [wanted]}, state)
    with state.store.reading() as conn:
        rows = stock_rows(conn, query)
    if not rows:
        if state.faults.active(faults.UNLEASHED_UNKNOWN_GUID_200):
            return _respond(request, state, "StockOnHand", {})
        raise ApiError(404, f"no stock on hand for product {guid}")
    assembled = bool(params.get("isassembled"))
    return _respond(request, state, "StockOnHand", _row_json(rows[0], assembled, state))


def _next_product(state: SandboxState, guid: str) -> str:
    with state.store.reading() as conn:
        codes = [
            r["guid"]
            for r in conn.execute(
                "SELECT DISTINCT p.guid, p.code FROM unleashed_products p"
                " JOIN unleashed_transactions t ON t.product_guid = p.guid ORDER BY p.code"
            )
        ]
    if guid in codes and len(codes) > 1:
        return str(codes[(codes.index(guid) + 1) % len(codes)])
    return guid


def _all_warehouses(
    request: Request, state: SandboxState, guid: str, params: Mapping[str, Any]
) -> Response:
    wanted = _product_guid(guid)
    query = _query({**params, "productid": [wanted]}, state, per_warehouse=True)
    with state.store.reading() as conn:
        rows = stock_rows(conn, query)
    if not rows:
        raise ApiError(404, f"no stock on hand for product {guid}")
    rows.sort(key=lambda r: r.warehouse_name or "")
    if state.faults.active(faults.UNLEASHED_ALLWAREHOUSES_DISAGREES) and len(rows) > 1:
        rows = rows[:-1]
    assembled = bool(params.get("isassembled"))
    items = [
        {
            "WarehouseId": r.warehouse_guid,
            "Warehouse": r.warehouse_name,
            "AvailableQty": _num(r.available(assembled)),
        }
        for r in rows
    ]
    return _respond(request, state, "StockOnHandList", {"Items": items})
