"""Cut a large body of flat rows into byte ranges without scanning it first.

On-hand, price and relation rows are objects of plain values, so the parent can guess each
cut: the comma of the first ``}`` ``,`` ``{`` after each ``size / parts`` mark. It then counts
each range's items as its ``{`` bytes, so that the ranges can start before the file is read
through. Neither guess is trusted:

- a cut inside a string leaves the range before it ending in an unclosed string, a fatal
  SG001 for that range, and the parent then cuts the document by the structural scan
  (:mod:`linter.parallel.cut`);
- a ``{`` inside a string, or a row that holds an object after all, makes a range hold
  other than the guessed number of items; each worker reports the items it framed, and the
  parent compares them before it takes any range's findings.

Rows that hold objects or arrays (on-hand ``Infos``) near the start are not guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BufferedReader
from pathlib import Path

from linter.parallel.cut import Range
from linter.read.item import BOM

FLAT_ROW_KINDS = frozenset({"norce.onhands", "norce.prices", "norce.relations"})
"""Body kinds whose items hold no object or array: a ``{`` outside strings starts an item."""
_BOUNDARY = re.compile(rb"\}\s*(,)\s*\{")
_NESTED = re.compile(rb":\s*[\[{]")
"""A member whose value is an object or an array: the rows are not flat (on-hand ``Infos``)."""
_WINDOW = 1 << 20
"""Bytes searched after a mark for a boundary (a row is far shorter)."""
_EDGE = 4096
_SAMPLE = 256 * 1024
"""Bytes at the start that must look flat before the parent guesses at all."""
_COUNT_CHUNK = 8 << 20


def guessed_cuts(path: Path, parts: int) -> list[tuple[int, int]] | None:
    """``(start, end)`` of each range, or ``None`` when the file does not look like one root
    array of rows (then the structural scan decides)."""
    size = path.stat().st_size
    if parts < 2 or size < 2 * _EDGE:
        return None
    with path.open("rb") as stream:
        head = stream.read(_SAMPLE)
        body = head.lstrip()
        if head.startswith(BOM) or not body.startswith(b"[") or _NESTED.search(body):
            return None
        start = len(head) - len(body) + 1
        stream.seek(size - _EDGE)
        tail = stream.read()
        if not tail.rstrip().endswith(b"]"):
            return None
        root_close = size - (len(tail) - len(tail.rstrip())) - 1
        cuts: list[int] = []
        for part in range(1, parts):
            mark = max(start, size * part // parts, cuts[-1] + 1 if cuts else 0)
            stream.seek(mark)
            found = _BOUNDARY.search(stream.read(_WINDOW))
            if found is None or mark + found.start(1) >= root_close:
                return None
            cuts.append(mark + found.start(1))
    starts = [start, *(cut + 1 for cut in cuts)]
    return list(zip(starts, [*cuts, root_close], strict=True))


class GuessedRanges:
    """The ranges of :func:`guessed_cuts`, each yielded as soon as the items before it are
    counted; :attr:`items` then holds the count guessed for each range yielded."""

    def __init__(self, path: Path, cuts: list[tuple[int, int]]) -> None:
        self._path = path
        self._cuts = cuts
        self.items: list[int] = []

    def __iter__(self) -> Iterator[Range]:
        first = 0
        with self._path.open("rb") as stream:
            for start, end in self._cuts:
                yield Range(first, start, end)
                items = _count_opening_braces(stream, start, end)
                self.items.append(items)
                first += items


def _count_opening_braces(stream: BufferedReader, start: int, end: int) -> int:
    stream.seek(start)
    buffer = bytearray(_COUNT_CHUNK)
    view = memoryview(buffer)
    left, count = end - start, 0
    while left > 0:
        got = stream.readinto(view[: min(_COUNT_CHUNK, left)])
        if not got:
            break
        count += (buffer if got == _COUNT_CHUNK else view[:got].tobytes()).count(b"{")
        left -= got
    return count


__all__ = ["FLAT_ROW_KINDS", "GuessedRanges", "guessed_cuts"]
