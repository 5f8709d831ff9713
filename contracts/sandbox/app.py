"""The sandbox's Starlette application: three APIs and the admin routes on one host and port."""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts.sandbox import admin
from contracts.sandbox.errors import ApiError, api_of_path, error_body, error_response
from contracts.sandbox.kaching import routes as kaching
from contracts.sandbox.norce import routes as norce
from contracts.sandbox.routing import CanonicalPaths, route_words
from contracts.sandbox.settings import SandboxSettings
from contracts.sandbox.state import SandboxState
from contracts.sandbox.unleashed import routes as unleashed
from contracts.sandbox.unleashed.xml_output import render

log = logging.getLogger("skuguard.sandbox")

_IMPORTS = ("ImportProducts", "ImportOnhands", "ImportSkuPriceLists", "ImportRelations")


def _routes() -> list[Route]:
    connect = norce.CONNECT_ROOT
    routes = [
        Route(norce.TOKEN_PATH, norce.token, methods=["POST"]),
        *(
            Route(f"{connect}/Product/{op}", norce.import_items, methods=["POST"])
            for op in _IMPORTS
        ),
    ]
    for base in (connect, f"{connect}/api"):
        routes.append(Route(f"{base}/Job/Get", norce.get_job, methods=["GET"]))
        routes.append(Route(f"{base}/Job/GetLog", norce.get_job_log, methods=["GET"]))
    routes += [
        Route("/kaching/imports/stock", kaching.import_stock, methods=["POST", "DELETE"]),
        Route("/unleashed/StockOnHand", unleashed.stock_on_hand, methods=["GET"]),
        Route("/unleashed/StockOnHand/{rest:path}", unleashed.stock_on_hand, methods=["GET"]),
    ]
    a = admin.ADMIN_PREFIX
    routes += [
        Route(f"{a}/health", admin.health, methods=["GET"]),
        Route(f"{a}/reset", admin.reset, methods=["POST"]),
        Route(f"{a}/fault", admin.get_fault_route, methods=["GET"]),
        Route(f"{a}/fault", admin.set_fault, methods=["POST"]),
        Route(f"{a}/variation", admin.get_variations, methods=["GET"]),
        Route(f"{a}/variation", admin.set_variations, methods=["POST"]),
        Route(f"{a}/clock/advance", admin.advance_clock, methods=["POST"]),
        Route(f"{a}/kaching/stock", admin.kaching_stock, methods=["GET"]),
        Route(f"{a}/kaching/events", admin.kaching_events, methods=["GET"]),
        Route(f"{a}/norce/jobs", admin.norce_jobs, methods=["GET"]),
        Route(f"{a}/norce/{{what}}", admin.norce_rows, methods=["GET"]),
    ]
    return routes


def _wants_xml(request: Request) -> bool:
    accept = request.headers.get("accept", "").lower()
    return "xml" in accept and "json" not in accept


def _render(request: Request, status: int, message: str, error: ApiError | None = None) -> Response:
    path = request.url.path
    active = _variations(request)
    if api_of_path(path) == "unleashed" and _wants_xml(request):
        headers = error.headers if error else {}
        body = render("Error", {"Description": message})
        return Response(body, status_code=status, media_type="application/xml", headers=headers)
    if error is not None:
        return error_response(path, error, active)
    return JSONResponse(error_body(api_of_path(path), message, {}, active), status_code=status)


def _variations(request: Request) -> Callable[[str], bool]:
    state: SandboxState | None = getattr(request.app.state, "sandbox", None)
    return state.variations.active if state is not None else lambda name: False


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _render(request, exc.status, exc.message, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"no resource at {request.url.path}"
    elif exc.status_code == 405:
        message = f"method {request.method} is not allowed on {request.url.path}"
    else:
        message = str(exc.detail)
    response = _render(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


class CatchUnexpected:
    """Answer an unhandled error with a JSON 500 and no traceback (only seeded faults do that).

    Starlette's own server-error handler re-raises after answering, which makes uvicorn log
    a traceback and drop the keep-alive connection; this middleware ends the request there.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            request = Request(scope)
            log.error(
                "internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__
            )
            if not started:
                await _render(request, 500, "internal server error")(scope, receive, send)


def create_app(settings: SandboxSettings | None = None) -> Starlette:
    """The ASGI app of one sandbox. Each call has its own database, clock and fault switch."""
    state = SandboxState.create(settings or SandboxSettings())
    routes = _routes()
    words = route_words((r.path for r in routes), ("Page", "AllWarehouses"))
    app = Starlette(
        routes=routes,
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
        },
        middleware=[Middleware(CatchUnexpected), Middleware(CanonicalPaths, words=words)],
    )
    app.state.sandbox = state
    return app
