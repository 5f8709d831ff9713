"""The structural scan of one small, whole JSON document in plain Python (no numpy).

It finds what :class:`linter.read.scan.StructuralScanner` finds (brackets, commas and, on
request, colons outside strings, each with the depth before it) for a document read in one
piece, so a small file is linted without importing numpy. The frames of a stream of
top-level objects are cut here too, as :func:`linter.read.frames.stream_boundaries` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.codes import NOT_PARSEABLE
from linter.read.frames import StreamCut
from linter.read.item import MAX_DEPTH
from linter.read.problems import Problem, too_deep

SMALL_DOCUMENT = 256 * 1024
"""Documents up to this many bytes (and within one read chunk) take the plain path."""

_STRING = rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)'
# A backslash run before a quote outside a string: odd, the quote is an event, not a string
# (what the numpy scanner finds in such invalid JSON).
_ESCAPES = rb'|\\+(?=")|'
_WITH_COLONS = re.compile(_STRING + _ESCAPES + rb"[{}\[\],:]", re.DOTALL)
_NO_COLONS = re.compile(_STRING + _ESCAPES + rb"[{}\[\],]", re.DOTALL)
_OPEN = frozenset(b"{[")
_CLOSE = frozenset(b"}]")
_QUOTE = 0x22
_BACKSLASH = 0x5C


@dataclass(slots=True, repr=False, eq=False)
class PlainEvents:
    """Structural characters at depth <= a limit: positions, bytes, depth before each."""

    pos: list[int]
    char: list[int]
    depth: list[int]
    end_depth: int
    too_deep_at: int | None
    """Position of the first opening bracket at depth >= :data:`MAX_DEPTH`, if any."""


def plain_scan(data: bytes, *, colons: bool, limit: int) -> PlainEvents:
    """The structural events of ``data`` (a whole document) with depth <= ``limit``."""
    pattern = _WITH_COLONS if colons else _NO_COLONS
    pos: list[int] = []
    char: list[int] = []
    depth: list[int] = []
    level = 0
    too_deep_at: int | None = None
    cursor = 0
    while (match := pattern.search(data, cursor)) is not None:
        at, cursor = match.start(), match.end()
        c = data[at]
        if c == _QUOTE:
            continue
        if c == _BACKSLASH:
            if not (cursor - at) & 1:
                continue
            at, c = cursor, _QUOTE
            cursor += 1
        before = level
        if c in _OPEN:
            level += 1
            if too_deep_at is None and before >= MAX_DEPTH:
                too_deep_at = at
        elif c in _CLOSE:
            level -= 1
        if before <= limit:
            pos.append(at)
            char.append(c)
            depth.append(before)
    return PlainEvents(pos, char, depth, level, too_deep_at)


def plain_depth_problem(data: bytes, base_offset: int = 0) -> Problem | None:
    """SG001 when ``data`` (a whole JSON document) nests deeper than :data:`MAX_DEPTH`."""
    at = plain_scan(data, colons=False, limit=-1).too_deep_at
    if at is None:
        return None
    return Problem(NOT_PARSEABLE, too_deep(MAX_DEPTH), offset=base_offset + at)


def plain_stream_boundaries(
    pos: list[int], char: list[int], depth: list[int], open_start: int | None, gap_from: int
) -> StreamCut:
    """Item ranges of a stream of top-level objects (as the numpy version finds them)."""
    fatal: Problem | None = None
    for at, (c, d) in enumerate(zip(char, depth, strict=True)):
        if d == 0 and c != 0x7B:
            fatal = Problem(
                NOT_PARSEABLE,
                f"expected '{{' (the next item) or the end of the document, found {chr(c)!r}",
                offset=pos[at],
            )
            pos, char, depth = pos[:at], char[:at], depth[:at]
            break
    opens = [p for p, d in zip(pos, depth, strict=True) if d == 0]
    closes = [
        p + 1 for p, c, d in zip(pos, char, depth, strict=True) if d == 1 and c in (0x7D, 0x5D)
    ]
    starts = opens if open_start is None else [open_start, *opens]
    gap_starts = closes if open_start is not None else [gap_from, *closes]
    gaps = list(zip(gap_starts, opens, strict=False))
    paired = len(closes)
    return StreamCut(
        starts[:paired],
        closes,
        gaps,
        starts[paired] if len(starts) > paired else None,
        closes[-1] if closes else gap_from,
        fatal,
    )
