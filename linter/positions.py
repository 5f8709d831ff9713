"""Give each finding its line and column: byte offsets, re-read items, and header texts."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any, BinaryIO

from linter.checking import DocumentInput, PendingFinding, nearest_position
from linter.diagnostics import Diagnostic
from linter.kinds import LAYOUTS
from linter.read.item import CHUNK_SIZE, Layout
from linter.read.locate import locate, split_pointer


def _locate_late(pending: list[PendingFinding], doc: DocumentInput, reader: Any) -> None:
    """Give document-level findings a position by re-reading the item they point into."""
    late = [p for p in pending if p.offset is None and p.line is None and p.in_text is None]
    if not late:
        return
    if reader is None or (doc.parse_as or doc.content_type) == "xml":
        positions: list[tuple[int, int]] = getattr(reader, "item_positions", [])
        extra_positions: dict[str, tuple[int, int]] = getattr(reader, "extra_positions", {})
        for p in late:
            top = "/" + p.pointer.split("/")[1] if p.pointer.startswith("/") else ""
            if top in extra_positions:
                p.line, p.column = nearest_position(extra_positions, p.pointer)
                continue
            index = _item_index(p.pointer, doc.kind, reader)
            p.line, p.column = (
                positions[index] if index is not None and index < len(positions) else (1, 1)
            )
        return
    starts, ends = reader.spans()
    with doc.open() as stream:
        for p in late:
            extra_at = reader.locate_extra(p.pointer)
            if extra_at is not None:
                p.offset = extra_at
                continue
            if p.pointer == "/Items" and reader.items_key_offset is not None:
                p.offset = reader.items_key_offset + _leading_blanks(reader, doc)
                continue
            index = _item_index(p.pointer, doc.kind, reader)
            if index is None or index >= len(starts):
                p.offset = 0
                continue
            stream.seek(starts[index])
            raw = stream.read(ends[index] - starts[index])
            base = {Layout.ARRAY: 1, Layout.ITEMS_MEMBER: 2}.get(LAYOUTS[doc.kind], 0)
            tokens = split_pointer(p.pointer)[base:]
            if LAYOUTS[doc.kind] is Layout.MEMBERS:
                raw = b"{" + raw[1:-1] + b"}"
            p.offset = starts[index] + locate(raw, tokens)


def _leading_blanks(reader: Any, doc: DocumentInput) -> int:
    """Blanks between a member's start (after the comma) and its key."""
    with doc.open() as stream:
        stream.seek(reader.items_key_offset)
        head = stream.read(256)
    return len(head) - len(head.lstrip())


def _item_index(pointer: str, kind: str, reader: Any) -> int | None:
    tokens = split_pointer(pointer)
    layout = LAYOUTS[kind]
    if layout is Layout.ARRAY and tokens and tokens[0].isdigit():
        return int(tokens[0])
    if (
        layout is Layout.ITEMS_MEMBER
        and len(tokens) > 1
        and tokens[0] == "Items"
        and tokens[1].isdigit()
    ):
        return int(tokens[1])
    if layout is Layout.MEMBERS and tokens:
        found: int | None = getattr(reader, "_member_keys", {}).get(tokens[0])
        return found
    return None


_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


def _chars(data: bytes) -> int:
    """Number of UTF-8 characters in ``data`` (the bytes that are not continuation bytes)."""
    return len(data.translate(None, _CONTINUATION_BYTES))


def line_columns(stream: BinaryIO, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """1-based (line, column in characters) of each byte offset, in one pass over ``stream``."""
    wanted = sorted(set(offsets))
    result: dict[int, tuple[int, int]] = {}
    line = 1
    col_chars = 0  # characters since the last newline, before the current chunk
    base = 0
    i = 0
    while i < len(wanted):
        chunk = stream.read(CHUNK_SIZE)
        if not chunk:
            for off in wanted[i:]:
                result[off] = (line, col_chars + 1)
            break
        end = base + len(chunk)
        cursor = 0
        while i < len(wanted) and wanted[i] < end:
            rel = wanted[i] - base
            newlines = chunk.count(b"\n", cursor, rel)
            if newlines:
                line += newlines
                last_nl = chunk.rfind(b"\n", cursor, rel)
                col_chars = _chars(chunk[last_nl + 1 : rel])
            else:
                col_chars += _chars(chunk[cursor:rel])
            cursor = rel
            result[wanted[i]] = (line, col_chars + 1)
            i += 1
        newlines = chunk.count(b"\n", cursor)
        if newlines:
            line += newlines
            col_chars = _chars(chunk[chunk.rfind(b"\n") + 1 :])
        else:
            col_chars += _chars(chunk[cursor:])
        base = end
    return result


def finish(pending: list[PendingFinding], doc: DocumentInput, reader: Any) -> list[Diagnostic]:
    _locate_late(pending, doc, reader)
    in_file = [
        p.offset for p in pending if p.offset is not None and p.in_text is None and p.line is None
    ]
    resolved: dict[int, tuple[int, int]] = {}
    if in_file:
        with doc.open() as stream:
            resolved = line_columns(stream, in_file)
    in_texts: dict[int, tuple[bytes, list[int]]] = {}
    for p in pending:
        if p.line is None and p.in_text is not None and p.offset is not None:
            in_texts.setdefault(id(p.in_text), (p.in_text, []))[1].append(p.offset)
    text_positions = {
        key: line_columns(io.BytesIO(text), offsets) for key, (text, offsets) in in_texts.items()
    }
    diagnostics: list[Diagnostic] = []
    for p in pending:
        if p.line is not None:
            line, column = p.line, p.column or 1
        elif p.in_text is not None and p.offset is not None:
            line, column = text_positions[id(p.in_text)][p.offset]
        elif p.offset is not None:
            line, column = resolved[p.offset]
        else:
            line, column = 1, 1
        diagnostics.append(
            Diagnostic(p.code, p.severity, p.message, p.pointer, p.file, line, column)
        )
    return sort_diagnostics(diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(
        diagnostics, key=lambda d: (d.file, d.line, d.column, d.code, d.pointer, d.message)
    )
