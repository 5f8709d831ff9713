"""Spans in DataContract XML bodies for the fixers: one element with text, or its line.

Norce's XML findings are placed at an element's start tag (``<CultureCode>``); the items'
other elements are placed by the linter's XML reader, which records each node's position.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from linter.fix.jsontext import offset_at

__all__ = ["element_at", "item_positions", "line_span"]

_ELEMENT = re.compile(
    rb"<(?P<tag>[A-Za-z_][\w.:-]*)(?P<attrs>\s[^<>]*?)?(?:/>|>(?P<text>[^<]*)</(?P=tag)\s*>)"
)


def element_at(raw: bytes, line: int, column: int, name: str) -> re.Match[bytes] | None:
    """The scalar element ``name`` whose start tag is at ``line`` and ``column``."""
    match = _ELEMENT.match(raw, offset_at(raw, line, column))
    if match is None or match.group("tag").decode("utf-8", "replace").rsplit(":")[-1] != name:
        return None
    return match


def line_span(raw: bytes, start: int, end: int) -> tuple[int, int]:
    """``start:end``, widened to its whole line when nothing else is on that line."""
    left = raw.rfind(b"\n", 0, start) + 1
    right = raw.find(b"\n", end)
    right = len(raw) if right < 0 else right
    if raw[left:start].strip() or raw[end:right].strip():
        return start, end
    return (left - 1, right) if left > 0 else (left, min(right + 1, len(raw)))


def item_positions(raw: bytes, kind: str) -> Iterator[tuple[Any, int, dict[str, tuple[int, int]]]]:
    """Each item of an XML body: its value, index and the position of each of its nodes."""
    from linter import norce_model, schemas
    from linter.kinds import LAYOUTS
    from linter.read.xml import XmlReader

    item_schema = schemas.component("norce", norce_model.body_item_schema(kind))
    reader = XmlReader(
        io.BytesIO(raw),
        LAYOUTS[kind],
        item_schema,
        {},
        lambda s: schemas.resolve_ref("norce", s),
    )
    for item in reader.items():
        yield item.value, item.index, item.positions or {}
