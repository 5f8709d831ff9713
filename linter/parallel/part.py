"""Lint one byte range of a document in a worker, with the cross-item state of earlier ranges.

A range's items are read as the array ``[`` + their bytes + ``]``, with the file's offsets
and item indexes, so every finding is the one a whole-document run gives, except for the
rules whose state crosses items. Those keep it in ``ctx.state``: a :class:`FirstSeen` of the
keys seen (duplicates, repeats) or the ``remaining`` properties not reported yet (once per
field). The range reports that state; the parent decides from every range's state whether
a range must be linted again, seeded with what the ranges before it held.
"""

from __future__ import annotations

import copy
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.checking import DocumentContext, DocumentInput
from linter.codes import FATAL
from linter.diagnostics import Diagnostic
from linter.parallel.cut import Range
from linter.parallel.task import FileJob
from linter.read.item import CHUNK_SIZE, MAX_ITEM_SIZE
from linter.read.json import JsonReader, _Frame

FIRST_SEEN_KEY = "first_seen"
REMAINING_KEY = "remaining"
_CACHE_KEYS = frozenset({"settings"})
"""State keys that only cache what every range computes alike."""

Remaining = dict[str, set[str]]


@dataclass
class Seed:
    """The state of the items before a range that the range's own items meet."""

    digests: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    """Per rule code: the digests (int64 bytes) and their first positions."""
    remaining: dict[str, Remaining] = field(default_factory=dict)


@dataclass
class PartOutcome:
    diagnostics: list[Diagnostic]
    fatal: bool
    """The bytes could not be read: the whole document must be linted in one process."""
    unknown_state: bool
    """A rule kept state this module cannot merge."""
    digests: dict[str, tuple[bytes, bytes]]
    remaining: dict[str, tuple[Remaining, Remaining]]
    """Per rule code: (the set the range started from, what was left at its end)."""
    items: int = 0
    """The items the range's reader framed."""


class _RangeStream:
    """The bytes ``[`` + file[start:end] + ``]``, read in chunks."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self._file = path.open("rb")
        self._file.seek(start)
        self._left = end - start
        self._head = b"["
        self._tail = b"]"

    def read(self, size: int = -1) -> bytes:
        want = CHUNK_SIZE if size < 0 else size
        out = self._head
        self._head = b""
        body = self._file.read(min(want - len(out), self._left)) if self._left > 0 else b""
        self._left -= len(body)
        out += body
        if self._left <= 0 and len(out) < want:
            out += self._tail
            self._tail = b""
        return out

    def close(self) -> None:
        self._file.close()


@dataclass
class _RangeReader(JsonReader):
    """A :class:`JsonReader` whose first byte sits at ``origin`` in the file."""

    origin: int = 0

    def _chunks(self, frame: _Frame) -> Iterator[bytes]:
        frame.offset = frame.buf_offset = self.origin
        while chunk := self.stream.read(self.chunk_size):
            yield chunk


class _RecordingState(dict[str, Any]):
    """One rule's state; keeps a copy of the ``remaining`` sets it starts from."""

    initial: Remaining | None = None

    def __setitem__(self, key: str, value: Any) -> None:
        if key == REMAINING_KEY and self.initial is None:
            self.initial = copy.deepcopy(value)
        super().__setitem__(key, value)


class _RecordingStates(dict[str, dict[str, Any]]):
    """Every rule state a :class:`_RecordingState`, made on first use."""

    def get(self, key: str, default: Any = None) -> Any:
        found = super().get(key)
        if found is None:
            found = _RecordingState()
            super().__setitem__(key, found)
        return found


class RangePart:
    """The :class:`linter.engine.DocumentPart` of one range."""

    def __init__(self, path: Path, span: Range, first: bool, seed: Seed) -> None:
        self.path = path
        self.span = span
        self.first = first
        self._seed = seed
        self.ctx: DocumentContext | None = None
        self.last_reader: _RangeReader | None = None
        self._streams: list[_RangeStream] = []

    def seed(self, ctx: DocumentContext) -> None:
        from linter.rules.norce.values import first_seen

        states = _RecordingStates()
        ctx._states = states
        self.ctx = ctx
        for code, remaining in self._seed.remaining.items():
            state = ctx.state(code)
            assert isinstance(state, _RecordingState)
            state.initial = None
            dict.__setitem__(state, REMAINING_KEY, copy.deepcopy(remaining))
        for code, (raw_digests, raw_positions) in self._seed.digests.items():
            digests, positions = array("q"), array("q")
            digests.frombytes(raw_digests)
            positions.frombytes(raw_positions)
            first_seen(ctx, code).add_digests(list(digests), list(positions))

    def reader(self, doc: DocumentInput) -> _RangeReader:
        stream = _RangeStream(self.path, self.span.start, self.span.end)
        self._streams.append(stream)
        max_item = int(doc.options.get("max_item_bytes", MAX_ITEM_SIZE))
        from linter.kinds import LAYOUTS

        reader = _RangeReader(
            stream,  # type: ignore[arg-type]
            LAYOUTS[doc.kind],
            chunk_size=CHUNK_SIZE,
            max_item_size=max_item,
            item_count=self.span.first_index,
            origin=self.span.start - 1,
        )
        self.last_reader = reader
        return reader

    def close(self) -> None:
        for stream in self._streams:
            stream.close()


def lint_range(job: FileJob, span: Range, first: bool, seed: Seed, hash_seed: str) -> PartOutcome:
    """Lint ``span`` of ``job``'s file (in a worker process started with ``hash_seed``)."""
    import os

    from linter.engine import lint_document
    from linter.rules.norce.values import FirstSeen

    doc, selection = job.prepare()
    part = RangePart(job.path, span, first, seed)
    try:
        diagnostics = lint_document(doc, selection, part)
    finally:
        part.close()
    reader = part.last_reader
    fatal = reader is None or any(p.code in FATAL for p in reader.problems)
    digests: dict[str, tuple[bytes, bytes]] = {}
    remaining: dict[str, tuple[Remaining, Remaining]] = {}
    unknown = os.environ.get("PYTHONHASHSEED") != hash_seed  # digests of other processes
    states = part.ctx._states if part.ctx is not None else {}
    for code, state in states.items():
        for key, value in state.items():
            if key == FIRST_SEEN_KEY and isinstance(value, FirstSeen):
                hashes, positions = value.entries()
                digests[code] = (hashes.tobytes(), positions.tobytes())
            elif key == REMAINING_KEY and isinstance(state, _RecordingState):
                start = state.initial if state.initial is not None else seed.remaining.get(code)
                if start is None:
                    unknown = True
                    continue
                remaining[code] = (start, copy.deepcopy(value))
            elif key not in _CACHE_KEYS:
                unknown = True
    items = reader.item_count - span.first_index if reader is not None else 0
    return PartOutcome(diagnostics, fatal, unknown, digests, remaining, items)


__all__ = ["FileJob", "PartOutcome", "RangePart", "Seed", "lint_range"]
