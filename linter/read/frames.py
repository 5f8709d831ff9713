"""Item boundaries of one chunk, found from the structural scan's events all at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from linter.codes import NOT_PARSEABLE
from linter.read.problems import Problem


@dataclass(slots=True, repr=False, eq=False)
class Region:
    """Byte range of an item (or of a top-level member kept aside) in the file."""

    start: int
    end: int
    final: bool
    extra: bool = False


@dataclass(slots=True, repr=False, eq=False)
class Boundaries:
    starts: Any
    ends: Any
    final: bool
    next_start: int
    closed_at: int | None
    fatal: Problem | None


@dataclass(slots=True, repr=False, eq=False)
class StreamCut:
    """What one chunk of a stream of top-level objects holds."""

    starts: list[int]
    ends: list[int]
    gaps: list[tuple[int, int]]
    """Ranges between items (and before the first one of the chunk) that must be blank."""
    open_start: int | None
    gap_from: int
    fatal: Problem | None


BATCH_ITEMS = 4096
NON_BLANK = re.compile(rb"[^ \t\r\n]")


def array_boundaries(pos: Any, char: Any, depth: Any, region_start: int) -> Boundaries:
    """Item ranges of a top-level array from one chunk's events (root already open)."""
    import numpy as np

    at_root = depth == 1
    separators = at_root & ((char == 0x2C) | (char == 0x5D) | (char == 0x7D))
    sep_pos = pos[separators]
    sep_char = char[separators]
    closers = np.flatnonzero(sep_char != 0x2C)
    fatal: Problem | None = None
    closed_at: int | None = None
    if closers.size:
        first = int(closers[0])
        closed_at = int(sep_pos[first])
        if int(sep_char[first]) != 0x5D:
            fatal = Problem(
                NOT_PARSEABLE, "'}' closes a document opened with '['", offset=closed_at
            )
        else:
            later = pos[pos > closed_at]
            if later.size:
                fatal = Problem(
                    NOT_PARSEABLE,
                    "unexpected data after the end of the document",
                    offset=int(later[0]),
                )
        sep_pos = sep_pos[: first + 1]
    if fatal is not None and closed_at is not None and int(sep_char[int(closers[0])]) != 0x5D:
        sep_pos = sep_pos[:-1]
        closed_at = None
    starts = np.empty(sep_pos.size, dtype=np.int64)
    if sep_pos.size:
        starts[0] = region_start
        starts[1:] = sep_pos[:-1] + 1
    next_start = int(sep_pos[-1]) + 1 if sep_pos.size else region_start
    return Boundaries(starts, sep_pos, closed_at is not None, next_start, closed_at, fatal)


def stream_boundaries(
    pos: Any, char: Any, depth: Any, open_start: int | None, gap_from: int
) -> StreamCut:
    """Item ranges of a stream of top-level objects from one chunk's events."""
    import numpy as np

    stray = np.flatnonzero((depth == 0) & (char != 0x7B))
    fatal: Problem | None = None
    if stray.size:
        at = int(stray[0])
        what = chr(int(char[at]))
        fatal = Problem(
            NOT_PARSEABLE,
            f"expected '{{' (the next item) or the end of the document, found {what!r}",
            offset=int(pos[at]),
        )
        pos, char, depth = pos[:at], char[:at], depth[:at]
    opens = pos[depth == 0].tolist()
    closes = (pos[(depth == 1) & ((char == 0x7D) | (char == 0x5D))] + 1).tolist()
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
