"""A payload as it travels: its exact body bytes, header value and media type, and the
linter's verdict on exactly those.

The one place that turns a :class:`~contracts.generate.payloads.Payload` into what is sent, so the
property tests lint the same bytes the contract runner sends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson

import linter
from contracts.generate.payloads import Payload
from linter import Diagnostic, lint_bytes

MEDIA_TYPES: Mapping[str, str] = {"json": "application/json", "xml": "application/xml"}


def norce_header_text(header: Mapping[str, Any]) -> str:
    """The ``X-StormConnect-Header`` value: the header as one line of compact, ASCII-only JSON."""
    return json.dumps(header, separators=(",", ":"), ensure_ascii=True)


def body_bytes(payload: Payload) -> bytes:
    """The exact body: ``body_bytes`` when set, otherwise ``body`` as compact JSON."""
    if payload.body_bytes is not None:
        return payload.body_bytes
    if payload.content_type != "json":
        raise ValueError(f"a {payload.content_type} payload must carry its body_bytes")
    return orjson.dumps(payload.body)


def header_text(payload: Payload) -> str | None:
    """The exact ``X-StormConnect-Header`` value, or ``None`` when the payload has none."""
    if payload.header_text is not None:
        return payload.header_text
    header: Any = payload.header
    if header is None or isinstance(header, str):
        return header
    return norce_header_text(header)


def media_type(payload: Payload) -> str:
    """The ``Content-Type`` the body is sent with."""
    return MEDIA_TYPES[payload.content_type]


def content_type_of(media: str | None) -> str:
    """The linter's content type (``json`` or ``xml``) of a ``Content-Type`` header value."""
    essence = (media or "").split(";", 1)[0].strip().lower()
    return "xml" if essence.endswith(("/xml", "+xml")) else "json"


def is_plain_json(payload: Payload) -> bool:
    """True when the body is just ``body`` as JSON (any JSON serializer sends the same data)."""
    return payload.content_type == "json" and payload.body_bytes is None


def lint_payload(payload: Payload) -> list[Diagnostic]:
    """The linter's diagnostics of the payload's exact bytes and header value."""
    return lint_bytes(
        body_bytes(payload),
        kind=payload.kind,
        header=header_text(payload),
        content_type=payload.content_type,
        options=dict(payload.options),
    )


def read_items(data: bytes, kind: str, content_type: str) -> Any:
    """The document a body holds, as the linter reads it (XML: the items of a Norce
    ``ArrayOf<Model>``); ``None`` when it cannot be read.

    JSON stays ``json.loads`` of the whole document (any value, ``NaN`` and big integers
    included), which is what a JSON reader on the other side sees.
    """
    if content_type == "xml":
        try:
            return linter.read_items(data, kind, "xml")
        except (ValueError, LookupError):  # LintUsageError: not a Norce body, unreadable
            return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None
