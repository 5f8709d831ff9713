"""Errors the sandbox answers with, and the body shape each API uses for them.

Handlers raise :class:`ApiError`; one exception handler renders it in the body shape of the
API the path belongs to. Ka-ching's and Norce's error bodies are not documented; the shapes
here are the sandbox's choice and the specs record them.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def error_body(api: str, message: str, extra: Mapping[str, Any]) -> dict[str, Any]:
    if api == "kaching":
        return {"status": "error", "message": message, **extra}
    if api == "unleashed":
        return {"Description": message, "DebugInformation": None, **extra}
    if api == "norce":
        return {"StatusCode": "Error", "Description": message, **extra}
    return {"error": message, **extra}


def error_response(path: str, error: ApiError) -> JSONResponse:
    body = error_body(api_of_path(path), error.message, error.extra)
    return JSONResponse(body, status_code=error.status, headers=error.headers)
