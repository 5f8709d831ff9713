"""Ka-ching stock import under ``/kaching/imports/stock``: POST sets or adjusts, DELETE removes."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from contracts.sandbox import faults
from contracts.sandbox import variations as v
from contracts.sandbox.auth import check_kaching
from contracts.sandbox.bodies import parse_json, read_limited, require_media_type
from contracts.sandbox.errors import ApiError
from contracts.sandbox.state import SandboxState
from contracts.sandbox.validation import find_operation, query_values

PREFIX = "/kaching"
EVENT_RESET = "external_reset"
EVENT_ADJUSTMENT = "external_adjustment"
EVENT_REMOVED = "removed"

StockValue = tuple[str, str, str, float]  # location, product, variant ('' if none), count


def stock_values(body: Mapping[str, Any]) -> Iterator[StockValue]:
    """Every numeric leaf of a validated body, variants included."""
    for location, products in body.items():
        for product, value in products.items():
            if isinstance(value, Mapping):
                for variant, count in value.items():
                    yield location, product, variant, float(count)
            else:
                yield location, product, "", float(value)


def _count_message(body: Mapping[str, Any], state: SandboxState) -> int:
    if state.faults.active(faults.KACHING_VARIANTS_MISCOUNTED):
        return sum(len(products) for products in body.values())
    return sum(1 for _ in stock_values(body))


async def import_stock(request: Request) -> Response:
    state: SandboxState = request.app.state.sandbox
    if state.faults.active(faults.KACHING_THROTTLES):
        calls = getattr(request.app.state, "kaching_calls", 0) + 1
        request.app.state.kaching_calls = calls
        if calls % 20 == 3:
            return JSONResponse(
                {"error": "rate limit exceeded"}, status_code=429, headers={"Retry-After": "1"}
            )
    check_kaching(
        request.query_params,
        state.settings.credentials,
        check_apikey=not state.faults.active(faults.KACHING_APIKEY_NOT_CHECKED),
    )
    op, _ = find_operation("kaching", request.method, request.url.path[len(PREFIX) :])
    params = query_values(op, request.query_params.multi_items())
    adjustment = bool(params.get("adjustment", False))
    require_media_type(request, op.body_media_types() or ("application/json",))
    body = await run_in_threadpool(
        parse_json, await read_limited(request, state.settings.max_body_bytes)
    )
    if body == {} and state.variations.active(v.KACHING_EMPTY_BODY_ACCEPTED):
        problems: list[str] = []
    else:
        problems = await run_in_threadpool(op.validate_body, body)
    if not problems:
        problems = _strict_counts(body, state)
    if problems:
        raise ApiError(400, problems[0], extra={"errors": problems})
    await run_in_threadpool(_write, state, request.method, adjustment, body)
    reply: dict[str, Any] = {
        "status": "OK",
        "message": f"Import of {_count_message(body, state)} stock value(s) initiated",
    }
    if state.faults.active(faults.KACHING_STATUS_MISSING):
        del reply["status"]
    return JSONResponse(reply)


def _write(state: SandboxState, method: str, adjustment: bool, body: Mapping[str, Any]) -> None:
    """One transaction by the single writer, in a worker thread (never on the event loop)."""
    with state.store.transaction() as conn:
        _check_locations(conn, body, state)
        if method == "DELETE":
            _remove(conn, body, state)
        elif adjustment and not state.faults.active(faults.KACHING_ADJUSTMENT_IGNORED):
            _adjust(conn, body)
        else:
            _set(conn, body)


def _strict_counts(body: Mapping[str, Any], state: SandboxState) -> list[str]:
    """Counts the docs leave open that a stricter server may refuse (variations)."""
    fractional = state.variations.active(v.KACHING_FRACTIONAL_REJECTED)
    float_zero = state.variations.active(v.KACHING_FLOAT_ZERO_REJECTED)
    if not (fractional or float_zero):
        return []
    problems: list[str] = []
    for location, products in body.items():
        for product, value in products.items():
            leaves = value.items() if isinstance(value, Mapping) else [("", value)]
            for variant, count in leaves:
                place = "/".join(p for p in (location, product, variant) if p)
                if not isinstance(count, float):
                    continue
                if fractional and not count.is_integer():
                    problems.append(f"{place}: stock count {count} is not a whole number")
                elif float_zero and count == 0:
                    problems.append(f"{place}: stock count 0.0 is not accepted; send 0")
    return problems


def _check_locations(
    conn: sqlite3.Connection, body: Mapping[str, Any], state: SandboxState
) -> None:
    known = {row["id"] for row in conn.execute("SELECT id FROM kaching_locations")}
    unknown = sorted(set(body) - known)
    if unknown and not state.faults.active(faults.KACHING_UNKNOWN_LOCATION_ACCEPTED):
        raise ApiError(
            404,
            f"stock location {unknown[0]!r} does not exist; importing stock to a non-existing"
            " stock location is not possible",
            extra={"unknown_locations": unknown},
        )


def _event(conn: sqlite3.Connection, value: StockValue, kind: str) -> None:
    location, product, variant, count = value
    conn.execute(
        "INSERT INTO kaching_events (location, product, variant, type, value) VALUES (?,?,?,?,?)",
        (location, product, variant, kind, count),
    )


def _set(conn: sqlite3.Connection, body: Mapping[str, Any]) -> None:
    for value in stock_values(body):
        conn.execute(
            "INSERT INTO kaching_stock (location, product, variant, count) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (location, product, variant) DO UPDATE SET count = excluded.count",
            value,
        )
        _event(conn, value, EVENT_RESET)


def _adjust(conn: sqlite3.Connection, body: Mapping[str, Any]) -> None:
    for value in stock_values(body):
        conn.execute(
            "INSERT INTO kaching_stock (location, product, variant, count) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (location, product, variant)"
            " DO UPDATE SET count = count + excluded.count",
            value,
        )
        _event(conn, value, EVENT_ADJUSTMENT)


def _remove(conn: sqlite3.Connection, body: Mapping[str, Any], state: SandboxState) -> None:
    sets_zero = state.faults.active(faults.KACHING_DELETE_SETS_ZERO)
    for value in stock_values(body):
        location, product, variant, _ = value
        if sets_zero:
            conn.execute(
                "UPDATE kaching_stock SET count = 0 WHERE location = ? AND product = ?"
                " AND variant = ?",
                (location, product, variant),
            )
        else:
            conn.execute(
                "DELETE FROM kaching_stock WHERE location = ? AND product = ? AND variant = ?",
                (location, product, variant),
            )
        _event(conn, value, EVENT_REMOVED)


def read_stock(state: SandboxState, location: str | None = None) -> dict[str, Any]:
    """Admin read-back: ``{location: {product: count | {variant: count}}}``."""
    out: dict[str, dict[str, Any]] = {}
    sql = "SELECT location, product, variant, count FROM kaching_stock"
    args: tuple[str, ...] = ()
    if location is not None:
        sql += " WHERE location = ?"
        args = (location,)
    with state.store.reading() as conn:
        for row in conn.execute(sql + " ORDER BY location, product, variant", args):
            products = out.setdefault(row["location"], {})
            count = row["count"]
            if not math.isfinite(count):
                count = str(count)  # sums of huge adjustments overflow; JSON has no inf
            elif float(count).is_integer():
                count = int(count)
            if row["variant"]:
                holder = products.setdefault(row["product"], {})
                if isinstance(holder, dict):
                    holder[row["variant"]] = count
            else:
                products[row["product"]] = count
    return out
