"""What the Unleashed StockOnHand checks share: operations, page and row helpers, the
filter-date format."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from contracts.checks.context import NOT_JSON, CheckContext, ReceivedResponse
from linter.specs import spec_view

LIST = "GET /StockOnHand"
PAGE = "GET /StockOnHand/Page/{pageNumber}"
ONE = "GET /StockOnHand/{productGuid}"
ALL_WAREHOUSES = "GET /StockOnHand/{productGuid}/AllWarehouses"

MAX_WALK_PAGES = 25
MAX_LOOKUPS = 3
# Money and quantities are decimals of any precision; allow for rounding in serialization.
ABS_TOLERANCE = 0.01
REL_TOLERANCE = 1e-6

MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
FOLLOW_UP_FILTERS = ("asAtDate", "isAssembled")


def default_page_size() -> int:
    parameter = spec_view("unleashed")["components"]["parameters"]["pageSize"]
    return int(parameter["schema"]["default"])


def page_path(page: int) -> str:
    return f"/StockOnHand/Page/{page}"


def items_of(body: Any) -> list[dict[str, Any]] | None:
    if isinstance(body, dict) and isinstance(body.get("Items"), list):
        return [item for item in body["Items"] if isinstance(item, dict)]
    return None


def list_body(ctx: CheckContext) -> dict[str, Any] | None:
    """The JSON list body of a 200 list response, or None (XML, errors: not this check's job)."""
    if ctx.response.status != 200:
        return None
    body = ctx.response.json
    if body is NOT_JSON or not isinstance(body, dict):
        return None
    if not isinstance(body.get("Pagination"), dict) or items_of(body) is None:
        return None
    return body


def number_of(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def close_enough(a: float, b: float) -> bool:
    return abs(a - b) <= ABS_TOLERANCE + REL_TOLERANCE * max(abs(a), abs(b))


def ms_of(value: Any) -> int | None:
    """Milliseconds since the epoch of a ``/Date(ms)/`` value."""
    if not isinstance(value, str):
        return None
    match = MS_DATE.match(value)
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


def row_id(row: Mapping[str, Any]) -> tuple[str, str]:
    return (str(row.get("Guid", "")).lower(), str(row.get("WarehouseId", "")).lower())


def follow_up_query(ctx: CheckContext, *, keep: Iterable[str]) -> list[tuple[str, str]]:
    wanted = set(keep)
    return [(k, v) for k, v in ctx.request.query if k in wanted]


def list_filters(ctx: CheckContext) -> list[tuple[str, str]]:
    """The request's query without paging, for walking or re-asking the same list."""
    return [(k, v) for k, v in ctx.request.query if k != "pageSize"]


def follow_up_get(
    ctx: CheckContext, path: str, query: list[tuple[str, str]]
) -> ReceivedResponse | None:
    return ctx.call("GET", path, query=query)


# ---------------------------------------------------------------- pagination


def product_path(guid: str) -> str:
    return f"/StockOnHand/{guid}"
