"""Reading request bodies safely: size limit while streaming, content type, JSON parsing."""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.requests import Request

from contracts.sandbox.errors import ApiError

MAX_NESTING = 64


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, or 413 as soon as more than ``limit`` bytes are announced or received."""
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
    """Parse JSON or answer 400 naming the place of the problem; nesting is bounded."""
    if not data.strip():
        raise ApiError(400, f"{what} is empty; a JSON document is required")
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        value = _stdlib_fallback(data)
        if value is _INVALID:
            raise ApiError(400, f"{what} is not valid JSON: {exc}") from None
    if _depth(value) > MAX_NESTING:
        raise ApiError(400, f"{what} is nested deeper than {MAX_NESTING} levels")
    return value


def _depth(value: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in node)
    return deepest


_INVALID = object()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _stdlib_fallback(data: bytes) -> Any:
    """orjson refuses integers beyond 64 bits, which JSON allows; the stdlib parser reads them."""
    try:
        return json.loads(data, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return _INVALID
