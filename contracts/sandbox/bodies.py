"""Reading request bodies safely: size limit while streaming, content type, JSON parsing."""

from __future__ import annotations

import asyncio
import json
import math
import sys
from typing import Any

import orjson
from starlette.requests import Request

from contracts.sandbox.errors import ApiError

MAX_NESTING = 64


async def read_limited(request: Request, limit: int, timeout_s: float | None = None) -> bytes:
    """The body, or 413 as soon as more than ``limit`` bytes are announced or received, or
    408 when it has not fully arrived within ``timeout_s`` (default: the sandbox's setting)."""
    if timeout_s is None:
        timeout_s = float(request.app.state.sandbox.settings.body_timeout_s)
    try:
        async with asyncio.timeout(timeout_s):
            return await _read(request, limit)
    except TimeoutError:
        raise ApiError(
            408,
            f"the request body did not arrive within {timeout_s:g} s",
            headers={"Connection": "close"},
        ) from None


async def _read(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            announced = int(declared)
        except ValueError:
            raise ApiError(400, "Content-Length is not a number") from None
        if announced > limit:
            raise ApiError(413, f"request body of {announced} bytes exceeds the limit of {limit}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(request: Request) -> str:
    raw = request.headers.get("content-type", "")
    return raw.split(";", 1)[0].strip().lower()


def _without_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    return "transfer-encoding" not in request.headers and length in (None, "0")


def require_media_type(request: Request, accepted: tuple[str, ...]) -> str:
    """The body's media type, one of ``accepted``: 415 for another, 400 when a request has
    neither a body nor a ``Content-Type`` (the body is required, and missing, not mistyped)."""
    found = media_type(request)
    if not found and _without_body(request):
        raise ApiError(400, f"the request body is missing; send {' or '.join(accepted)}")
    if found not in accepted:
        shown = found or "none"
        raise ApiError(
            415, f"Content-Type {shown} is not supported here; send {' or '.join(accepted)}"
        )
    return found


def parse_json(data: bytes, what: str = "request body") -> Any:
    """Parse JSON or answer 400 naming the place of the problem.

    Nesting is bounded; a number that is not finite as a double (``1e400``) and a string or
    key with a lone surrogate (``"\\ud800"``) are refused with their JSON pointer, since
    neither can be stored or sent back.
    """
    if not data.strip():
        raise ApiError(400, f"{what} is empty; a JSON document is required")
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        value = _stdlib_fallback(data)
        if value is _INVALID:
            raise ApiError(400, f"{what} is not valid JSON: {exc}") from None
    check_values(value, what)
    return value


def check_values(value: Any, what: str = "request body") -> None:
    """400 naming the JSON pointer of the first value the sandbox cannot hold: nesting deeper
    than :data:`MAX_NESTING`, a number beyond a double's range, a lone surrogate."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, pointer, level = stack.pop()
        if isinstance(node, dict | list):
            if level > MAX_NESTING:
                raise ApiError(
                    400, f"{what} is nested deeper than {MAX_NESTING} levels at {pointer}"
                )
            pairs = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in pairs:
                if isinstance(key, str):
                    _check_text(key, f"{pointer}/{_escape(key)}", what, "key")
                stack.append((child, f"{pointer}/{_escape(str(key))}", level + 1))
        elif isinstance(node, str):
            _check_text(node, pointer, what, "string")
        elif _out_of_range(node):
            raise ApiError(400, f"{what}: the number at {pointer or '/'} is out of range")


_MAX_DOUBLE = int(sys.float_info.max)


def _out_of_range(node: Any) -> bool:
    if isinstance(node, float):
        return not math.isfinite(node)
    return isinstance(node, int) and not isinstance(node, bool) and abs(node) > _MAX_DOUBLE


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1").encode("utf-8", "backslashreplace").decode()


def _check_text(text: str, pointer: str, what: str, role: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(
            400, f"{what}: the {role} at {pointer or '/'} holds a lone surrogate (not Unicode text)"
        ) from None


_INVALID = object()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _stdlib_fallback(data: bytes) -> Any:
    """orjson refuses integers beyond 64 bits, which JSON allows; the stdlib parser reads them."""
    try:
        return json.loads(data, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return _INVALID
