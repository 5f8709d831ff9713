"""Read a payload item by item, in bounded memory, and report what keeps it from being read.

A document is cut into *items*: for a Norce body the elements of the top-level array (or,
as the vendor's helper streams it, objects written back to back without ``[``, ``,`` and
``]``, read as the elements of that array: item ``N`` is ``/N``), for Ka-ching each location
entry, for Unleashed each element of ``Items`` (its other top-level members, such as
``Pagination``, are kept aside as *extras*). JSON is read in fixed-size chunks; a vectorised
scan (:mod:`linter.read.scan`) finds where items start and end, and each item is parsed on its
own with ``orjson``. Positions are kept as byte offsets and turned into line and column only
for nodes that get a diagnostic.

Problems of the bytes themselves (not JSON, truncated, duplicate keys, invalid UTF-8,
unsafe XML) are reported as :class:`Problem` with the code of a source rule.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from itertools import chain
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from linter.codes import EMPTY_DOCUMENT, NOT_PARSEABLE, NOT_UTF8
from linter.read.frames import (
    NON_BLANK,
    Region,
    StreamCut,
    array_boundaries,
    stream_boundaries,
)
from linter.read.item import BOM, CHUNK_SIZE, MAX_DEPTH, MAX_ITEM_SIZE, Item, Layout
from linter.read.plain_scan import (
    SMALL_DOCUMENT as SMALL_DOCUMENT,
)
from linter.read.plain_scan import (
    plain_depth_problem,
    plain_scan,
    plain_stream_boundaries,
)
from linter.read.problems import (
    FatalSourceError,
    Problem,
    parse_error_problem,
    too_deep,
    utf8_error_offset,
)
from linter.read.regions import RegionParser

if TYPE_CHECKING:
    from linter.read.scan import Events


class _Phase(Enum):
    """Where the framing is relative to the document's root."""

    START = "start"  # before the root's opening bracket
    IN = "in"  # inside the root
    STREAM = "stream"  # a Norce body written as objects back to back
    AFTER = "after"  # the root has closed; only blanks may follow


class _Span(Enum):
    """What the bytes since the current region's start are."""

    ITEM = "item"  # an item (an array element, a Ka-ching location)
    MEMBER = "member"  # Unleashed: a top-level member other than Items
    ITEMS_VALUE = "items-value"  # Unleashed: after "Items":, before its "["
    ITEMS = "items"  # Unleashed: inside the Items array
    AFTER_ITEMS = "after-items"  # Unleashed: after the Items array's "]"


@dataclass(slots=True, repr=False, eq=False)
class _Frame:
    """The framing's cursor: the bytes not yet consumed and the region still open."""

    phase: _Phase = _Phase.START
    span: _Span = _Span.ITEM
    buf: bytes = b""
    buf_offset: int = 0  # file offset of buf[0]
    offset: int = 0  # file offset of the next chunk
    region_start: int = 0
    member_start: int = 0
    root_end: int = 0
    open_start: int | None = None  # stream: where the item still open began
    gap_from: int = 0  # stream: end of the last item; only blanks may follow it
    items_open: bool = False  # a comma was seen in the current Items array
    seen_anything: bool = False


@dataclass(repr=False, eq=False)
class JsonReader(RegionParser):
    """Cut a JSON document into items in bounded memory.

    Iterate :meth:`items`; afterwards ``problems`` holds what was found about the bytes
    and ``extras`` the top-level members that are not items. ``spans`` keeps the byte
    range of every item so that document-level findings can be located later.
    """

    stream: BinaryIO
    layout: Layout
    chunk_size: int = CHUNK_SIZE
    max_item_size: int = MAX_ITEM_SIZE
    problems: list[Problem] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    item_count: int = 0
    empty: bool = False
    _starts: array[int] = field(default_factory=lambda: array("q"))
    _ends: array[int] = field(default_factory=lambda: array("q"))
    _member_keys: dict[str, int] = field(default_factory=dict)
    _extra_raw: dict[str, tuple[bytes, int]] = field(default_factory=dict)
    items_key_offset: int | None = None
    stream_of_objects: bool = False
    """A Norce body written as objects back to back, without ``[``, ``,`` and ``]``."""

    def spans(self) -> tuple[array[int], array[int]]:
        return self._starts, self._ends

    def items(self) -> Iterator[Item]:
        try:
            yield from self._items()
        except FatalSourceError as fatal:
            self.problems.append(fatal.problem)

    # -- framing -------------------------------------------------------------------------

    def _items(self) -> Iterator[Item]:
        frame = _Frame()
        chunks = self._chunks(frame)
        first = next(chunks, b"")
        second = next(chunks, None)
        if second is None and len(first) <= SMALL_DOCUMENT:
            yield from self._small_items(frame, first)
            return
        yield from self._chunked_items(frame, chain((first,), (second,), chunks))

    def _small_items(self, frame: _Frame, chunk: bytes) -> Iterator[Item]:
        """A document read in one piece, framed without numpy (same items, same problems)."""
        limit = 2 if self.layout is Layout.ITEMS_MEMBER else 1
        events = plain_scan(chunk, colons=self.layout is Layout.ITEMS_MEMBER, limit=limit)
        if chunk:
            frame.seen_anything = bool(chunk.strip())
            if events.too_deep_at is not None:
                raise FatalSourceError(
                    Problem(
                        NOT_PARSEABLE, too_deep(MAX_DEPTH), offset=frame.offset + events.too_deep_at
                    )
                )
            frame.buf = chunk
            pos = [p + frame.offset for p in events.pos]
            char, depth = events.char, events.depth
            if self.layout is Layout.ARRAY and frame.phase is _Phase.START and pos:
                skip = self._open_array(frame, pos[0], char[0])
                pos, char, depth = pos[skip:], char[skip:], depth[skip:]
            if frame.phase is _Phase.STREAM:
                cut = plain_stream_boundaries(pos, char, depth, frame.open_start, frame.gap_from)
                yield from self._stream_cut(frame, cut)
                frame.offset += len(chunk)
            else:
                yield from self._walk(frame, pos, char, depth)
                self._keep_tail(frame, len(chunk))
        self._check_end(frame, events.end_depth)

    def _chunked_items(self, frame: _Frame, chunks: Iterator[bytes | None]) -> Iterator[Item]:
        import numpy as np

        from linter.read.scan import StructuralScanner

        scanner = StructuralScanner(colons=self.layout is Layout.ITEMS_MEMBER)
        limit = 2 if self.layout is Layout.ITEMS_MEMBER else 1
        for chunk in chunks:
            if chunk is None:
                continue
            if frame.phase is _Phase.AFTER:
                self._check_trailing(chunk, frame.offset)
                frame.offset += len(chunk)
                continue
            if not frame.seen_anything and chunk.strip():
                frame.seen_anything = True
            events = scanner.scan(chunk)
            _check_depth(events, frame.offset)
            frame.buf = frame.buf + chunk if frame.buf else chunk
            selected = np.flatnonzero(events.depth <= limit)
            pos = events.pos[selected] + frame.offset
            char, depth = events.char[selected], events.depth[selected]
            if self.layout is Layout.ARRAY and frame.phase is _Phase.START and pos.size:
                skip = self._open_array(frame, int(pos[0]), int(char[0]))
                pos, char, depth = pos[skip:], char[skip:], depth[skip:]
            if frame.phase is _Phase.STREAM:
                yield from self._stream_chunk(frame, pos, char, depth)
                frame.offset += len(chunk)
                continue
            if self.layout is Layout.ARRAY and frame.phase is _Phase.IN:
                yield from self._array_chunk(frame, pos, char, depth)
            else:
                yield from self._walk(frame, pos.tolist(), char.tolist(), depth.tolist())
            self._keep_tail(frame, len(chunk))
        self._check_end(frame, scanner.depth)

    def _chunks(self, frame: _Frame) -> Iterator[bytes]:
        """The file in chunks; a leading byte order mark is dropped (offsets still count it)."""
        chunk = self.stream.read(max(self.chunk_size, len(BOM)))
        if chunk.startswith(BOM):
            chunk = chunk[len(BOM) :]
            frame.offset = frame.buf_offset = len(BOM)
        elif not chunk:
            return
        yield chunk
        while chunk := self.stream.read(self.chunk_size):
            yield chunk

    def _open_array(self, frame: _Frame, at: int, char: int) -> int:
        """A Norce body opens with ``[`` or is objects back to back; how many events it used."""
        if char not in (0x5B, 0x7B) or frame.buf[: at - frame.buf_offset].strip():
            raise FatalSourceError(self._expected_root(frame.buf, frame.buf_offset))
        bracketed = char == 0x5B
        frame.phase = _Phase.IN if bracketed else _Phase.STREAM
        frame.region_start = frame.member_start = frame.gap_from = at + 1 if bracketed else at
        self.stream_of_objects = not bracketed
        return 1 if bracketed else 0

    def _array_chunk(self, frame: _Frame, pos: Any, char: Any, depth: Any) -> Iterator[Item]:
        """Every item boundary of a top-level array in the chunk at once (the fast path)."""
        cut = array_boundaries(pos, char, depth, frame.region_start)
        frame.region_start = frame.member_start = cut.next_start
        yield from self._array_items(cut.starts, cut.ends, cut.final, frame.buf, frame.buf_offset)
        if cut.closed_at is not None:
            frame.phase = _Phase.AFTER
            frame.root_end = cut.closed_at + 1
        if cut.fatal is not None:
            raise FatalSourceError(cut.fatal)

    def _stream_chunk(self, frame: _Frame, pos: Any, char: Any, depth: Any) -> Iterator[Item]:
        """The complete objects of a stream in the chunk; the open one waits for the next."""
        cut = stream_boundaries(pos, char, depth, frame.open_start, frame.gap_from)
        yield from self._stream_cut(frame, cut)

    def _stream_cut(self, frame: _Frame, cut: StreamCut) -> Iterator[Item]:
        yield from self._stream_items(cut, frame.buf, frame.buf_offset)
        if cut.fatal is not None:
            raise FatalSourceError(cut.fatal)
        frame.open_start, frame.gap_from = cut.open_start, cut.gap_from
        keep_from = frame.open_start if frame.open_start is not None else frame.gap_from
        frame.buf = frame.buf[keep_from - frame.buf_offset :]
        frame.buf_offset = keep_from
        if len(frame.buf) > self.max_item_size:
            raise FatalSourceError(self._too_large(keep_from))

    def _walk(
        self, frame: _Frame, pos: list[int], char: list[int], depth: list[int]
    ) -> Iterator[Item]:
        """Follow the chunk's events one by one (objects, and Unleashed's ``Items``)."""
        regions: list[Region] = []
        fatal: Problem | None = None
        for at, c, d in zip(pos, char, depth, strict=True):
            fatal = self._on_event(frame, at, c, d, regions)
            if fatal is not None:
                break
        yield from self._flush(regions, frame.buf, frame.buf_offset)
        if fatal is not None:
            raise FatalSourceError(fatal)

    def _on_event(
        self, frame: _Frame, at: int, char: int, depth: int, regions: list[Region]
    ) -> Problem | None:
        if frame.phase is _Phase.START:
            return self._open_object(frame, at, char, depth)
        if frame.phase is _Phase.AFTER:
            return Problem(
                NOT_PARSEABLE, "unexpected data after the end of the document", offset=at
            )
        if frame.span is _Span.ITEMS:
            return self._in_items(frame, at, char, depth, regions)
        if depth != 1:
            return None
        if char == 0x3A:
            if frame.span is _Span.MEMBER and self.layout is Layout.ITEMS_MEMBER:
                return self._member_colon(frame, at)
            return None
        if char == 0x5B:
            if frame.span is _Span.ITEMS_VALUE:
                self._open_items(frame, at)
            return None
        if char not in (0x2C, 0x5D, 0x7D):
            return None
        return self._end_region(frame, at, char, regions)

    def _open_object(self, frame: _Frame, at: int, char: int, depth: int) -> Problem | None:
        opener = 0x5B if self.layout is Layout.ARRAY else 0x7B
        if depth != 0 or char != opener or frame.buf[: at - frame.buf_offset].strip():
            return self._expected_root(frame.buf, frame.buf_offset)
        frame.phase = _Phase.IN
        frame.region_start = frame.member_start = at + 1
        frame.span = _Span.MEMBER if self.layout is Layout.ITEMS_MEMBER else _Span.ITEM
        return None

    def _in_items(
        self, frame: _Frame, at: int, char: int, depth: int, regions: list[Region]
    ) -> Problem | None:
        """An event inside Unleashed's ``Items`` array: a row ends, or the array closes."""
        if depth != 2:
            return None
        if char == 0x2C:
            regions.append(Region(frame.region_start, at, final=False))
            frame.region_start = at + 1
            frame.items_open = True
            return None
        if char not in (0x5D, 0x7D):
            return None
        if char != 0x5D:
            return Problem(NOT_PARSEABLE, "'}' where ']' closes Items", offset=at)
        if frame.items_open or NON_BLANK.search(
            frame.buf, frame.region_start - frame.buf_offset, at - frame.buf_offset
        ):  # not an empty array (a repeated Items may follow rows)
            regions.append(Region(frame.region_start, at, final=True))
        frame.region_start = at + 1
        frame.span = _Span.AFTER_ITEMS
        return None

    def _member_colon(self, frame: _Frame, at: int) -> Problem | None:
        """The colon after a top-level key: ``Items`` starts the rows, others stay extras."""
        try:
            key = self._member_key(frame.buf, frame.buf_offset, frame.member_start, at)
        except FatalSourceError as error:
            return error.problem
        if key == "Items":
            if self.items_key_offset is not None:
                self._duplicate_items(frame.buf, frame.buf_offset, frame.member_start, at)
            else:
                self.items_key_offset = frame.member_start
            frame.span = _Span.ITEMS_VALUE
            frame.region_start = at + 1
        return None

    def _open_items(self, frame: _Frame, at: int) -> None:
        if frame.buf[frame.region_start - frame.buf_offset : at - frame.buf_offset].strip():
            frame.span = _Span.MEMBER  # "Items": is followed by something other than an array
            return
        frame.span = _Span.ITEMS
        frame.region_start = at + 1
        frame.items_open = False
        self.extras.setdefault("Items", [])

    def _end_region(
        self, frame: _Frame, at: int, char: int, regions: list[Region]
    ) -> Problem | None:
        """A comma or the root's closing bracket ends the current item or member."""
        closing = char != 0x2C
        array = self.layout is Layout.ARRAY
        if closing and char != (0x5D if array else 0x7D):
            opener = "[" if array else "{"
            return Problem(
                NOT_PARSEABLE, f"'{chr(char)}' closes a document opened with '{opener}'", offset=at
            )
        if frame.span is _Span.AFTER_ITEMS:
            if frame.buf[frame.region_start - frame.buf_offset : at - frame.buf_offset].strip():
                return Problem(
                    NOT_PARSEABLE, "unexpected data after Items", offset=frame.region_start
                )
        elif frame.span is _Span.MEMBER or frame.span is _Span.ITEMS_VALUE:
            regions.append(Region(frame.member_start, at, final=closing, extra=True))
        else:
            regions.append(Region(frame.region_start, at, final=closing))
        frame.region_start = frame.member_start = at + 1
        if self.layout is Layout.ITEMS_MEMBER:
            frame.span = _Span.MEMBER
        if closing:
            frame.phase = _Phase.AFTER
            frame.root_end = at + 1
        return None

    def _keep_tail(self, frame: _Frame, chunk_size: int) -> None:
        """Drop the bytes of finished items; keep the open one for the next chunk."""
        if frame.phase is _Phase.AFTER:
            self._check_trailing(frame.buf[frame.root_end - frame.buf_offset :], frame.root_end)
            frame.buf = b""
            frame.buf_offset = frame.offset + chunk_size
        elif frame.phase is _Phase.IN:
            keep_from = min(frame.region_start, frame.member_start)
            frame.buf = frame.buf[keep_from - frame.buf_offset :]
            frame.buf_offset = keep_from
            if len(frame.buf) > self.max_item_size:
                raise FatalSourceError(self._too_large(keep_from))
        elif frame.phase is _Phase.START and len(frame.buf) > self.max_item_size:
            raise FatalSourceError(self._too_large(frame.buf_offset))
        frame.offset += chunk_size

    def _check_end(self, frame: _Frame, open_brackets: int) -> None:
        if not frame.seen_anything:
            self.empty = True
            raise FatalSourceError(Problem(EMPTY_DOCUMENT, "the document is empty", offset=0))
        if frame.phase is _Phase.START:
            raise FatalSourceError(self._expected_root(frame.buf, frame.buf_offset))
        if frame.phase is _Phase.STREAM and frame.open_start is None:
            self._check_trailing(
                frame.buf[frame.gap_from - frame.buf_offset :], frame.gap_from, between_items=True
            )
            return
        if frame.phase is not _Phase.AFTER:
            raise FatalSourceError(
                Problem(
                    NOT_PARSEABLE,
                    f"unexpected end of file: the document is truncated ({open_brackets} "
                    "bracket(s) left open)",
                    offset=max(frame.offset - 1, 0),
                )
            )

    def _expected_root(self, buf: bytes, buf_offset: int) -> Problem:
        stripped = buf.lstrip()
        at = buf_offset + len(buf) - len(stripped)
        want = (
            "a JSON array '[' (or JSON objects back to back)"
            if self.layout is Layout.ARRAY
            else "a JSON object '{'"
        )
        bad_utf8 = utf8_error_offset(buf[:4096])
        if bad_utf8 is not None and bad_utf8 < len(buf) - 4:
            return Problem(
                NOT_UTF8, "the document is not valid UTF-8", offset=buf_offset + bad_utf8
            )
        found = stripped[:1]
        shown = repr(found.decode("latin-1")) if found else "end of file"
        return Problem(NOT_PARSEABLE, f"expected {want}, found {shown}", offset=at)

    def _member_key(self, buf: bytes, buf_offset: int, start: int, colon: int) -> str:
        raw_key = buf[start - buf_offset : colon - buf_offset]
        try:
            key = orjson.loads(raw_key)
        except orjson.JSONDecodeError as error:
            raise FatalSourceError(parse_error_problem(raw_key, error, start, "the key")) from None
        if not isinstance(key, str):
            raise FatalSourceError(
                Problem(NOT_PARSEABLE, "an object key must be a string", offset=start)
            )
        return key

    # -- parsing ---------------------------------------------------------------------------


def _check_depth(events: Events, offset: int) -> None:
    """Refuse a document nested deeper than :data:`MAX_DEPTH` at the first bracket too deep."""
    import numpy as np

    if not events.depth.size or int(events.depth.max()) < MAX_DEPTH:
        return
    opens = (events.char | 0x20) == 0x7B
    deep = np.flatnonzero(opens & (events.depth >= MAX_DEPTH))
    if deep.size:
        at = offset + int(events.pos[deep[0]])
        raise FatalSourceError(Problem(NOT_PARSEABLE, too_deep(MAX_DEPTH), offset=at))


def depth_problem(data: bytes, base_offset: int = 0) -> Problem | None:
    """SG001 when ``data`` (a whole JSON document) nests deeper than :data:`MAX_DEPTH`."""
    if len(data) <= SMALL_DOCUMENT:
        return plain_depth_problem(data, base_offset)
    from linter.read.scan import StructuralScanner

    try:
        _check_depth(StructuralScanner(colons=False).scan(data), base_offset)
    except FatalSourceError as fatal:
        return fatal.problem
    return None
