"""Errors the sandbox answers with, and the body shape each API uses for them.

Handlers raise :class:`ApiError`; one exception handler renders it in the body shape of the
API the path belongs to. Ka-ching's and Norce's error bodies are not documented; the shapes
here are the sandbox's choice and the specs record them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.responses import JSONResponse


class ApiError(Exception):
    """A documented 4xx (or, under a fault, 5xx) answer."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})


def api_of_path(path: str) -> str:
    for prefix in ("norce", "kaching", "unleashed"):
        if path == f"/{prefix}" or path.startswith(f"/{prefix}/"):
            return prefix
    return "sandbox"


def _never(name: str) -> bool:
    return False


def error_body(
    api: str, message: str, extra: Mapping[str, Any], active: Callable[[str], bool] = _never
) -> dict[str, Any]:
    """The body of an error reply; ``active`` says which variations of the sandbox are on."""
    from contracts.sandbox import variations as v

    if api == "kaching" and active(v.KACHING_ERROR_ERROR_MESSAGE):
        return {"error": str(extra.get("error", "bad_request")), "message": message}
    if api == "unleashed" and active(v.UNLEASHED_ERROR_DESCRIPTION_ONLY):
        return {"description": message}
    if api == "norce" and active(v.NORCE_ERROR_ASPNET_MESSAGE):
        return {"Message": message}
    if api == "kaching":
        return {"status": "error", "message": message, **extra}
    if api == "unleashed":
        return {"Description": message, "DebugInformation": None, **extra}
    if api == "norce":
        return {"StatusCode": "Error", "Description": message, **extra}
    return {"error": message, **extra}


def error_response(
    path: str, error: ApiError, active: Callable[[str], bool] = _never
) -> JSONResponse:
    body = error_body(api_of_path(path), error.message, error.extra, active)
    return JSONResponse(body, status_code=error.status, headers=error.headers)
