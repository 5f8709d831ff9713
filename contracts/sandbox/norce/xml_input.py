"""Norce's application/xml bodies and XML headers, read with the linter's DataContract reader.

The linter owns the one reader of .NET DataContract XML (defused, schema-guided typing); the
sandbox reuses it so that an XML import means the same here as in ``skuguard lint``.
"""

from __future__ import annotations

import io
from typing import Any

from contracts.sandbox.bodies import check_values
from contracts.sandbox.errors import ApiError


def _reader(data: bytes, kind: str, schema_name: str | None, whole: bool) -> Any:
    from linter import norce_model, schemas
    from linter.kinds import LAYOUTS
    from linter.read import Layout, XmlReader

    name = schema_name or norce_model.body_item_schema(kind)
    return XmlReader(
        io.BytesIO(data),
        Layout.WHOLE if whole else LAYOUTS[kind],
        schemas.component("norce", name),
        {},
        lambda s: schemas.resolve_ref("norce", s),
    )


def _problem(reader: Any, what: str) -> None:
    if reader.problems:
        first = reader.problems[0]
        raise ApiError(400, f"{what} is not usable XML: {first.message}")


def parse_body(data: bytes, kind: str) -> list[Any]:
    """The items of an ``ArrayOf<Model>`` document, typed as the spec says; 400 if unreadable."""
    from linter.read import FatalSourceError

    if not data.strip():
        raise ApiError(400, "request body is empty; an XML document is required")
    reader = _reader(data, kind, None, whole=False)
    try:
        items = [item.value for item in reader.items()]
    except FatalSourceError as exc:
        raise ApiError(400, f"request body is not usable XML: {exc}") from None
    _problem(reader, "request body")
    check_values(items)
    return items


def parse_header(text: str, header_schema: str) -> dict[str, Any]:
    """An XML X-StormConnect-Header as a dict (the linter has already accepted it)."""
    from linter.read import FatalSourceError

    reader = _reader(text.encode("utf-8"), "norce.header", header_schema, whole=True)
    try:
        for _ in reader.items():
            pass
    except FatalSourceError as exc:
        raise ApiError(400, f"X-StormConnect-Header is not usable XML: {exc}") from None
    _problem(reader, "X-StormConnect-Header")
    return dict(reader.whole) if isinstance(reader.whole, dict) else {}
