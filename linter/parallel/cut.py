"""Where to cut one large JSON array document into byte ranges of whole items.

One pass of the structural scan over the file finds the commas between the root array's
items; the first comma after each ``size / parts`` boundary ends a range. Anything the
parts could not judge alone (a byte order mark, objects back to back, data after the root,
a root that does not close) gives ``None``: the document is linted in one process.
"""

from __future__ import annotations

from collections.abc import Iterator
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


class NotSplittableError(ValueError):
    """The document cannot be judged range by range (see the module docstring)."""


def cut_ranges(path: Path, parts: int) -> list[Range] | None:
    """At most ``parts`` ranges of whole items covering the root array, or ``None``."""
    try:
        return list(iter_ranges(path, parts))
    except NotSplittableError:
        return None


def iter_ranges(path: Path, parts: int) -> Iterator[Range]:
    """The ranges of :func:`cut_ranges`, each as soon as the scan has passed its end (so
    workers start before the scan is over); raises :class:`NotSplittableError`, possibly
    after some ranges, when the document cannot be split."""
    import numpy as np

    from linter.read.scan import StructuralScanner

    size = path.stat().st_size
    if parts < 2 or size == 0:
        raise NotSplittableError(path)
    targets = [size * j // parts for j in range(1, parts)]
    scanner = StructuralScanner(colons=False)
    root_close: int | None = None
    commas = 0
    offset = 0
    start, index = -1, 0  # the open range: its first byte and first item
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            if offset == 0 and chunk.startswith(BOM):
                raise NotSplittableError(path)
            if root_close is not None:
                if chunk.strip():
                    raise NotSplittableError(path)
                offset += len(chunk)
                continue
            events = scanner.scan(chunk)
            pos, char, depth = events.pos, events.char, events.depth
            if start < 0:
                if not pos.size or char[0] != _OPEN_ARRAY or chunk[: int(pos[0])].strip():
                    raise NotSplittableError(path)
                start = offset + int(pos[0]) + 1
            top = np.flatnonzero(depth <= 1)
            top_pos, top_char = pos[top], char[top]
            closers = np.flatnonzero(top_char == _CLOSE_ARRAY)
            if closers.size:
                last = int(closers[0])
                if int(depth[top[last]]) != 1:
                    raise NotSplittableError(path)
                root_close = offset + int(top_pos[last])
                tail = chunk[int(top_pos[last]) + 1 :]
                if tail.strip() or top.size > last + 1:
                    raise NotSplittableError(path)
                top_pos, top_char = top_pos[:last], top_char[:last]
            comma_pos = top_pos[top_char == _COMMA] + offset
            while targets and comma_pos.size:
                slot = int(np.searchsorted(comma_pos, targets[0]))
                if slot >= comma_pos.size:
                    break
                comma = int(comma_pos[slot])
                yield Range(index, start, comma)
                start, index = comma + 1, commas + slot + 1
                targets = [t for t in targets[1:] if t > comma]
            commas += int(comma_pos.size)
            offset += len(chunk)
    if root_close is None or scanner.in_string or scanner.depth != 0 or index == 0:
        raise NotSplittableError(path)
    yield Range(index, start, root_close)


__all__ = ["NotSplittableError", "Range", "cut_ranges", "iter_ranges"]
