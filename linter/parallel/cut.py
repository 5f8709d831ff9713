"""Where to cut one large JSON array document into byte ranges of whole items.

One pass of the structural scan over the file finds the commas between the root array's
items; the first comma after each ``size / parts`` boundary ends a range. Anything the
parts could not judge alone (a byte order mark, objects back to back, data after the root,
a root that does not close) gives ``None``: the document is linted in one process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from linter.read.item import BOM, CHUNK_SIZE

_COMMA = 0x2C
_OPEN_ARRAY = 0x5B
_CLOSE_ARRAY = 0x5D


@dataclass(frozen=True, slots=True)
class Range:
    """Items ``first_index``... of a document: their bytes are ``[start, end)`` of the file."""

    first_index: int
    start: int
    end: int
    """The comma after the range's last item, or the root's closing bracket."""


def cut_ranges(path: Path, parts: int) -> list[Range] | None:
    """At most ``parts`` ranges of whole items covering the root array, or ``None``."""
    import numpy as np

    from linter.read.scan import StructuralScanner

    size = path.stat().st_size
    if parts < 2 or size == 0:
        return None
    targets = [size * j // parts for j in range(1, parts)]
    scanner = StructuralScanner(colons=False)
    cuts: list[tuple[int, int]] = []  # (comma offset, index of the item after it)
    root_open: int | None = None
    root_close: int | None = None
    commas = 0
    offset = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            if offset == 0 and chunk.startswith(BOM):
                return None
            if root_close is not None:
                if chunk.strip():
                    return None
                offset += len(chunk)
                continue
            events = scanner.scan(chunk)
            pos, char, depth = events.pos, events.char, events.depth
            if root_open is None:
                if not pos.size or char[0] != _OPEN_ARRAY or chunk[: int(pos[0])].strip():
                    return None
                root_open = offset + int(pos[0])
            top = np.flatnonzero(depth <= 1)
            top_pos, top_char = pos[top], char[top]
            closers = np.flatnonzero(top_char == _CLOSE_ARRAY)
            if closers.size:
                last = int(closers[0])
                if int(depth[top[last]]) != 1:
                    return None
                root_close = offset + int(top_pos[last])
                tail = chunk[int(top_pos[last]) + 1 :]
                if tail.strip() or top.size > last + 1:
                    return None
                top_pos, top_char = top_pos[:last], top_char[:last]
            comma_pos = top_pos[top_char == _COMMA] + offset
            while targets and comma_pos.size:
                slot = int(np.searchsorted(comma_pos, targets[0]))
                if slot >= comma_pos.size:
                    break
                cuts.append((int(comma_pos[slot]), commas + slot + 1))
                targets = [t for t in targets[1:] if t > int(comma_pos[slot])]
            commas += int(comma_pos.size)
            offset += len(chunk)
    if root_open is None or root_close is None or scanner.in_string or scanner.depth != 0:
        return None
    if not cuts:
        return None
    ranges: list[Range] = []
    start, index = root_open + 1, 0
    for comma, next_index in cuts:
        ranges.append(Range(index, start, comma))
        start, index = comma + 1, next_index
    ranges.append(Range(index, start, root_close))
    return ranges


__all__ = ["Range", "cut_ranges"]
