"""Admin routes under ``/_sandbox/``, outside every real API: reset, read-back, fault, clock,
variations."""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from contracts.sandbox.auth import refuse_repeats, same_secret
from contracts.sandbox.bodies import parse_json, read_limited
from contracts.sandbox.errors import ApiError
from contracts.sandbox.faults import UnknownFaultError, all_faults, get_fault
from contracts.sandbox.kaching.routes import read_stock
from contracts.sandbox.state import SandboxState
from contracts.sandbox.variations import UnknownVariationError, all_variations, get_variation

ADMIN_PREFIX = "/_sandbox"
NORCE_TABLES = {
    "products": ("norce_products", "key"),
    "onhands": ("norce_onhands", "part_no, warehouse_code, location_code"),
    "prices": ("norce_prices", "part_no, price_list_code, quantity_break"),
    "relations": ("norce_relations", "part_no, related_part_no, relation_type_code"),
}


def _state(request: Request) -> SandboxState:
    """The sandbox's state, once the request has shown the admin token (when one is set).

    Every admin handler starts here, so no admin route runs for a caller without it.
    """
    state: SandboxState = request.app.state.sandbox
    expected = state.settings.admin_token
    if expected is not None:
        refuse_repeats(request.headers, ("authorization",), "header")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not same_secret(given.strip(), expected):
            raise ApiError(
                401,
                "the admin routes need Authorization: Bearer <admin token>",
                headers={"WWW-Authenticate": 'Bearer realm="skuguard-sandbox-admin"'},
            )
    return state


async def health(request: Request) -> Response:
    state = _state(request)
    return JSONResponse(
        {"status": "ok", "fault": state.faults.name, "variations": sorted(state.variations.names)}
    )


async def reset(request: Request) -> Response:
    await run_in_threadpool(_state(request).reset)  # waits for a running import, off the loop
    return JSONResponse({"status": "reset"})


async def kaching_stock(request: Request) -> Response:
    location = request.query_params.get("location")
    return JSONResponse(read_stock(_state(request), location))


async def kaching_events(request: Request) -> Response:
    with _state(request).store.reading() as conn:
        rows = conn.execute(
            "SELECT seq, location, product, variant, type, value FROM kaching_events ORDER BY seq"
        ).fetchall()
    return JSONResponse([dict(r) for r in rows])


async def norce_rows(request: Request) -> Response:
    what = request.path_params["what"]
    if what not in NORCE_TABLES:
        raise ApiError(404, f"no Norce read-back {what!r}; use one of {', '.join(NORCE_TABLES)}")
    table, order = NORCE_TABLES[what]
    with _state(request).store.reading() as conn:
        rows = conn.execute(f"SELECT doc FROM {table} ORDER BY {order}").fetchall()
    return JSONResponse([json.loads(r["doc"]) for r in rows])


async def norce_jobs(request: Request) -> Response:
    with _state(request).store.reading() as conn:
        jobs = [dict(r) for r in conn.execute("SELECT * FROM norce_jobs ORDER BY id")]
        for job in jobs:
            job["summary"] = json.loads(job["summary"])
            job["log"] = [
                dict(r)
                for r in conn.execute(
                    "SELECT severity_id, message, imported_row FROM norce_job_log"
                    " WHERE job_id = ? ORDER BY id",
                    (job["id"],),
                )
            ]
    return JSONResponse(jobs)


def _fault_body(state: SandboxState) -> dict[str, Any]:
    name = state.faults.name
    fault = get_fault(name) if name else None
    return {
        "active": name,
        "description": fault.description if fault else None,
        "available": [f.name for f in all_faults()],
    }


async def get_fault_route(request: Request) -> Response:
    return JSONResponse(_fault_body(_state(request)))


async def set_fault(request: Request) -> Response:
    """Body ``{"name": "<fault>"}`` or ``{"name": null}`` to clear it."""
    state = _state(request)
    body = parse_json(await read_limited(request, 4096))
    if not isinstance(body, dict) or "name" not in body:
        raise ApiError(400, 'send {"name": "<fault name>"} or {"name": null}')
    name = body["name"]
    if name is not None and not isinstance(name, str):
        raise ApiError(400, "name must be a string or null")
    try:
        state.faults.set(name)
    except UnknownFaultError as exc:
        raise ApiError(400, str(exc)) from None
    return JSONResponse(_fault_body(state))


async def advance_clock(request: Request) -> Response:
    """Body ``{"seconds": N}``: move the sandbox clock forward (token expiry, rate limits)."""
    state = _state(request)
    body = parse_json(await read_limited(request, 4096))
    seconds = body.get("seconds") if isinstance(body, dict) else None
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
        raise ApiError(400, 'send {"seconds": <a non-negative number>}')
    state.clock.advance(float(seconds))
    return JSONResponse({"now": state.clock.utcnow().isoformat()})


def _variation_body(state: SandboxState) -> dict[str, Any]:
    active = sorted(state.variations.names)
    return {
        "active": active,
        "descriptions": {name: v.description for name in active if (v := get_variation(name))},
        "available": [v.name for v in all_variations()],
    }


async def get_variations(request: Request) -> Response:
    return JSONResponse(_variation_body(_state(request)))


async def set_variations(request: Request) -> Response:
    """Body ``{"names": ["<variation>", ...]}``: exactly these on (``[]`` switches all off)."""
    state = _state(request)
    body = parse_json(await read_limited(request, 16384))
    names = body.get("names") if isinstance(body, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ApiError(400, 'send {"names": ["<variation name>", ...]} ([] switches all off)')
    try:
        state.variations.set(names)
    except UnknownVariationError as exc:
        raise ApiError(400, str(exc)) from None
    return JSONResponse(_variation_body(state))
