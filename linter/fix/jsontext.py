"""Spans in raw JSON text for the fixers: a member with its comma, an element, a value.

Offsets come from :func:`linter.read.locate.locate` (the positions the linter reports);
nothing here re-serialises JSON, so the bytes around a span stay as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from linter.diagnostics import Diagnostic
from linter.read.locate import locate, skip_blanks, split_pointer, value_end

__all__ = [
    "element_span",
    "finding_node",
    "json_start",
    "member_span",
    "members",
    "node_at",
    "string_at",
    "value_of_member",
]

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BOM = b"\xef\xbb\xbf"


def json_start(raw: bytes) -> int:
    """Where the JSON value of ``raw`` starts: after blanks and a byte order mark."""
    pos = skip_blanks(raw, 0)
    if raw.startswith(_BOM, pos):
        pos = skip_blanks(raw, pos + len(_BOM))
    return pos


def string_at(raw: bytes, pos: int) -> tuple[int, str] | None:
    """The JSON string starting at ``pos``: its end offset and decoded text."""
    match = _STRING.match(raw, pos)
    if match is None:
        return None
    try:
        text = json.loads(match.group())
    except ValueError:
        return None
    return match.end(), str(text)


def value_of_member(raw: bytes, key_at: int) -> tuple[int, int] | None:
    """``key_at`` is at a member's key: the span of its value."""
    key = string_at(raw, key_at)
    if key is None:
        return None
    colon = skip_blanks(raw, key[0])
    if colon >= len(raw) or raw[colon] != 0x3A:
        return None
    start = skip_blanks(raw, colon + 1)
    return start, value_end(raw, start)


def node_at(raw: bytes, pointer: str, *, start: int = 0, last_key: bool = False) -> int | None:
    """The offset of the node at ``pointer`` (a member at its key), or None when absent."""
    tokens = split_pointer(pointer)
    at = locate(raw, tokens, start=start, last_key=last_key)
    if not tokens:
        return at
    parent = locate(raw, tokens[:-1], start=start)
    if at == parent:
        return None  # the pointer could not be followed to its end
    if raw[parent : parent + 1] == b"{":
        found = string_at(raw, at)
        if found is None or found[1] != tokens[-1]:
            return None
    return at


def offset_at(raw: bytes, line: int, column: int) -> int:
    """The byte offset of a 1-based line and column (in characters, as findings give them)."""
    pos = 0
    for _ in range(line - 1):
        found = raw.find(b"\n", pos)
        if found < 0:
            return len(raw)
        pos = found + 1
    head = raw[pos : pos + 4 * column].decode("utf-8", "surrogateescape")[: column - 1]
    return pos + len(head.encode("utf-8", "surrogateescape"))


def _before_blanks(raw: bytes, at: int) -> int:
    """The offset of the last non-blank byte before ``at`` (or 0)."""
    before = at - 1
    while before > 0 and raw[before] in b" \t\r\n":
        before -= 1
    return max(before, 0)


def finding_node(raw: bytes, finding: Diagnostic) -> int | None:
    """The offset of the node a finding points at: from its line and column when the text
    there is that node (a member's key, an element), else by following its pointer."""
    tokens = split_pointer(finding.pointer)
    at = offset_at(raw, finding.line, finding.column)
    if tokens and at < len(raw):
        key = string_at(raw, at) if raw[at] == 0x22 else None
        if key is not None and key[1] == tokens[-1] and value_of_member(raw, at) is not None:
            return at
        if tokens[-1].isdigit() and raw[_before_blanks(raw, at) : at][:1] in (b"[", b","):
            return at
    return node_at(raw, finding.pointer, start=json_start(raw))


def members(raw: bytes, pos: int) -> Iterator[tuple[str, int, int]]:
    """``pos`` is at ``{``: each member's key, key offset and value end."""
    cursor = skip_blanks(raw, pos + 1)
    while cursor < len(raw) and raw[cursor] == 0x22:
        key = string_at(raw, cursor)
        value = value_of_member(raw, cursor)
        if key is None or value is None:
            return
        yield key[1], cursor, value[1]
        cursor = skip_blanks(raw, value[1])
        if cursor >= len(raw) or raw[cursor] != 0x2C:
            return
        cursor = skip_blanks(raw, cursor + 1)


def _removal(raw: bytes, start: int, end: int) -> tuple[int, int]:
    """The span that removes the member or element ``raw[start:end]`` and one comma."""
    before = start - 1
    while before >= 0 and raw[before] in b" \t\r\n":
        before -= 1
    if before >= 0 and raw[before] == 0x2C:
        return before, end  # not the first: take the comma before it
    after = skip_blanks(raw, end)
    if after < len(raw) and raw[after] == 0x2C:
        return start, skip_blanks(raw, after + 1)  # the first of several: up to the next one
    return start, end  # the only one


def member_span(raw: bytes, key_at: int) -> tuple[int, int] | None:
    """The span to delete to remove the member whose key is at ``key_at``."""
    value = value_of_member(raw, key_at)
    if value is None:
        return None
    return _removal(raw, key_at, value[1])


def element_span(raw: bytes, at: int) -> tuple[int, int]:
    """The span to delete to remove the array element starting at ``at``."""
    return _removal(raw, at, value_end(raw, at))
