"""The X-StormConnect-Header of a Norce import, checked by the linter (one implementation)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request

from contracts.sandbox import faults
from contracts.sandbox import variations as v
from contracts.sandbox.errors import ApiError
from contracts.sandbox.state import SandboxState
from linter import norce_model
from linter.codes import (
    HEADER_SERIALIZATION_MISMATCH,
    HEADER_UNKNOWN_VALUE,
    SCHEMA_VIOLATION,
)

HEADER = norce_model.HEADER_PARAMETER
log = logging.getLogger("skuguard.sandbox.norce")


def _dependency_lists(kind: str) -> frozenset[str]:
    fields = norce_model.header_fields(norce_model.header_kind_for_body(kind))
    return frozenset(
        name for name, f in fields.items() if f.requires is not None or f.subset_of is not None
    )


_LIST_ITEM = re.compile(r"^/[A-Za-z]+/\d+$")
"""A pointer to one code of a header list (the only arrays a header has)."""


def _first_token(pointer: str) -> str:
    return pointer.lstrip("/").split("/", 1)[0].replace("~1", "/").replace("~0", "~")


# Proxies commonly cap a request header at 8-16 KiB; real headers are a few hundred bytes.
MAX_HEADER_BYTES = 8 * 1024


def raw_header(request: Request) -> str:
    """The header's text, or 400 when it is missing or larger than :data:`MAX_HEADER_BYTES`."""
    raw = request.headers.get(HEADER)
    if raw is None or not raw.strip():
        raise ApiError(400, f"the {HEADER} header is required")
    if len(raw.encode("utf-8", "surrogateescape")) > MAX_HEADER_BYTES:
        raise ApiError(400, f"the {HEADER} header is larger than {MAX_HEADER_BYTES} bytes")
    return raw


def accepted_header(
    raw: str, kind: str, state: SandboxState, content_type: str = "json"
) -> tuple[dict[str, Any], list[str]]:
    """The parsed header and its warnings, or 400 with the linter's diagnostics.

    Synchronous and possibly slow (the linter): call it in a worker thread.
    """
    from linter import Severity, check_header

    try:
        diagnostics = check_header(raw, kind=kind, content_type=content_type)
    except Exception as exc:  # a linter bug must not become a 500 of the emulated API
        log.error("linter failed on a %s header: %s", kind, type(exc).__name__)
        raise ApiError(400, f"{HEADER} could not be checked ({type(exc).__name__})") from None
    errors = [d for d in diagnostics if d.severity == Severity.ERROR]
    if state.faults.active(faults.NORCE_HEADER_DEPENDENCY_IGNORED):
        lists = _dependency_lists(kind)
        errors = [
            d for d in errors if not (d.code.startswith("NH") and _first_token(d.pointer) in lists)
        ]
    waived = {
        code
        for code, name in (
            (HEADER_UNKNOWN_VALUE, v.NORCE_UNKNOWN_HEADER_CODE_ACCEPTED),
            (HEADER_SERIALIZATION_MISMATCH, v.NORCE_SERIALIZATION_MISMATCH_ACCEPTED),
        )
        if state.variations.active(name)
    }
    lists_lenient = state.variations.active(v.NORCE_UNKNOWN_HEADER_CODE_ACCEPTED)
    errors = [
        d
        for d in errors
        if d.code not in waived
        and not (lists_lenient and d.code == SCHEMA_VIOLATION and _LIST_ITEM.match(d.pointer))
    ]
    if errors:
        shown = [f"{HEADER}{d.pointer}: {d.code} {d.message}" for d in errors]
        raise ApiError(
            400,
            shown[0],
            extra={"Messages": shown, "Diagnostics": [d.to_dict() for d in errors]},
        )
    warnings = [
        f"{HEADER}{d.pointer}: {d.code} {d.message}"
        for d in diagnostics
        if d.severity != Severity.ERROR
    ]
    return _parse(raw, kind), warnings


def _parse(raw: str, kind: str) -> dict[str, Any]:
    text = raw.strip()
    if text.startswith("<"):
        from contracts.sandbox.norce.xml_input import parse_header

        return parse_header(text, norce_model.header_schema_for_body(kind))
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, f"{HEADER} is not valid JSON: {exc}") from None
    if not isinstance(value, Mapping):
        raise ApiError(400, f"{HEADER} must be a JSON object")
    return dict(value)
