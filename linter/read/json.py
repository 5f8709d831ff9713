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

import json
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, BinaryIO

import numpy as np
import orjson

from linter.codes import DUPLICATE_KEY, EMPTY, ITEM_TOO_LARGE, NOT_PARSEABLE, NOT_UTF8
from linter.read.locate import join_pointer, locate, split_pointer
from linter.read.scan import StructuralScanner

CHUNK_SIZE = 4 * 1024 * 1024
MAX_ITEM_SIZE = 64 * 1024 * 1024
BOM = b"\xef\xbb\xbf"


class Layout(Enum):
    """Where the items of a document are."""

    ARRAY = "array"  # elements of the top-level array, or objects back to back (Norce bodies)
    MEMBERS = "members"  # members of the top-level object (Ka-ching locations)
    ITEMS_MEMBER = "items-member"  # elements of the top-level "Items" array (Unleashed)
    WHOLE = "whole"  # the document is one item (a Norce header)


@dataclass(slots=True)
class Problem:
    """A source-level finding; ``offset`` is a byte offset, or ``line``/``column`` for XML."""

    code: str
    message: str
    pointer: str = ""
    offset: int | None = None
    line: int | None = None
    column: int | None = None


@dataclass(slots=True)
class Item:
    """One item: its parsed value and what is needed to locate nodes inside it."""

    value: Any
    index: int
    pointer: str
    raw: bytes = b""
    raw_offset: int = 0
    base_tokens: int = 0
    start: int = 0
    positions: dict[str, tuple[int, int]] | None = None
    memo: dict[tuple[str, ...], int] | None = None
    arrays: dict[int, list[int]] | None = None

    def locate(self, pointer: str, *, last_key: bool = False) -> int | tuple[int, int]:
        """Byte offset (JSON) or (line, column) (XML) of the node at absolute ``pointer``."""
        if self.positions is not None:
            return _nearest_xml_position(self.positions, pointer)
        tokens = split_pointer(pointer)[self.base_tokens :]
        if self.memo is None:
            self.memo = {}
            self.arrays = {}
        at = locate(
            self.raw,
            tokens,
            start=self.start,
            last_key=last_key,
            memo=self.memo,
            arrays=self.arrays,
        )
        return self.raw_offset + at


def _nearest_xml_position(positions: dict[str, tuple[int, int]], pointer: str) -> tuple[int, int]:
    probe = pointer
    while True:
        if probe in positions:
            return positions[probe]
        if not probe:
            return (1, 1)
        probe = probe.rsplit("/", 1)[0]


class FatalSourceError(Exception):
    """The document cannot be read any further; ``problem`` says why and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _utf8_error_offset(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return None


def not_utf8(what: str, byte: int, offset: int) -> Problem:
    """SG005 for ``what``, whose first byte that is not UTF-8 is ``byte`` at ``offset``."""
    return Problem(NOT_UTF8, f"{what} is not valid UTF-8 (byte 0x{byte:02x})", offset=offset)


def parse_error_problem(data: bytes, error: Exception, base_offset: int, what: str) -> Problem:
    """Turn an ``orjson`` error on ``data`` (found at ``base_offset``) into a Problem."""
    bad_utf8 = _utf8_error_offset(data)
    if bad_utf8 is not None:
        return not_utf8(what, data[bad_utf8], base_offset + bad_utf8)
    message = getattr(error, "msg", str(error))
    char_pos = getattr(error, "pos", 0) or 0
    byte_pos = len(data.decode("utf-8")[:char_pos].encode("utf-8"))
    if message == "depth limit exceeded":
        message = "nesting deeper than 1024 levels"
    return Problem(
        NOT_PARSEABLE, f"{what} is not valid JSON: {message}", offset=base_offset + byte_pos
    )


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def item_too_large(limit: int) -> str:
    """The message of SG007 for an item over ``limit`` bytes."""
    return f"one item is larger than {_size(limit)}; it cannot be linted in bounded memory"


def may_hide_duplicates(raw: bytes, start: int, end: int, parsed: Any) -> bool:
    """``False`` when ``parsed`` (the values in ``raw[start:end]``) certainly lost no member
    to a repeated key.

    Serialized again, ``parsed`` holds every ``:`` of the raw bytes (in keys, between key and
    value, inside strings) unless a member was dropped, or a string spelled a colon as the
    escape ``\\u003a``; so equal counts prove there was no repeated key.
    """
    colons = raw.count(b":", start, end)
    if not colons:
        return False
    if raw.find(b"\\", start, end) >= 0 and (
        raw.find(b"\\u003a", start, end) >= 0 or raw.find(b"\\u003A", start, end) >= 0
    ):
        return True
    return orjson.dumps(parsed).count(b":") != colons


class _PairsObject(list[tuple[str, Any]]):
    """An object parsed with its members in order, duplicates kept."""


def duplicate_key_pointers(raw: bytes, root: str) -> list[str]:
    """Pointers (below ``root``) of every member whose key repeats an earlier key."""
    try:
        tree = json.loads(raw, object_pairs_hook=_PairsObject)
    except (ValueError, RecursionError):
        return []
    found: list[str] = []
    stack: list[tuple[Any, str]] = [(tree, root)]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, _PairsObject):
            seen: set[str] = set()
            for key, child in node:
                child_pointer = pointer + join_pointer([key])
                if key in seen:
                    found.append(child_pointer)
                seen.add(key)
                stack.append((child, child_pointer))
        elif isinstance(node, list):
            stack.extend((child, f"{pointer}/{i}") for i, child in enumerate(node))
    return sorted(set(found))


@dataclass(slots=True)
class _Region:
    """Byte range of an item (or of a top-level member kept aside) in the file."""

    start: int
    end: int
    final: bool
    extra: bool = False


@dataclass(slots=True)
class _Boundaries:
    starts: Any
    ends: Any
    final: bool
    next_start: int
    closed_at: int | None
    fatal: Problem | None


@dataclass(slots=True)
class _StreamCut:
    """What one chunk of a stream of top-level objects holds."""

    starts: list[int]
    ends: list[int]
    gaps: list[tuple[int, int]]
    """Ranges between items (and before the first one of the chunk) that must be blank."""
    open_start: int | None
    gap_from: int
    fatal: Problem | None


_BATCH_ITEMS = 4096
_NON_BLANK = re.compile(rb"[^ \t\r\n]")


@dataclass
class JsonReader:
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
        scanner = StructuralScanner(colons=self.layout is Layout.ITEMS_MEMBER)
        buf = b""
        buf_offset = 0  # file offset of buf[0]
        offset = 0  # file offset of the next chunk
        opener = b"[" if self.layout is Layout.ARRAY else b"{"
        closer = 0x5D if self.layout is Layout.ARRAY else 0x7D
        state = "start"
        region_start = 0
        # ITEMS_MEMBER: "member" (a top-level member), "items-value" (after "Items":),
        # "items" (inside the Items array), "after-items" (after its closing bracket)
        region_kind = "item"
        member_start = 0
        limit = 2 if self.layout is Layout.ITEMS_MEMBER else 1
        seen_anything = False
        first = True
        root_end = 0
        open_start: int | None = None  # stream: where the item still open began
        gap_from = 0  # stream: end of the last item; only blanks may follow it
        items_open = False  # ITEMS_MEMBER: a comma was seen in the current Items array
        while True:
            chunk = self.stream.read(max(self.chunk_size, len(BOM)) if first else self.chunk_size)
            if not chunk:
                break
            if first:
                first = False
                if chunk.startswith(BOM):
                    chunk = chunk[len(BOM) :]
                    offset = buf_offset = len(BOM)
            if state == "after":
                self._check_trailing(chunk, offset)
                offset += len(chunk)
                continue
            if not seen_anything and chunk.strip():
                seen_anything = True
            events = scanner.scan(chunk)
            buf = buf + chunk if buf else chunk
            pos_abs = events.pos + offset
            selected = np.flatnonzero(events.depth <= limit)
            regions: list[_Region] = []
            fatal: Problem | None = None
            sel_pos, sel_char, sel_depth = (
                pos_abs[selected],
                events.char[selected],
                events.depth[selected],
            )
            if self.layout is Layout.ARRAY and state == "start" and sel_pos.size:
                p, c = int(sel_pos[0]), int(sel_char[0])
                if c not in (0x5B, 0x7B) or buf[: p - buf_offset].strip():
                    raise FatalSourceError(self._expected_root(buf, buf_offset))
                state = "in" if c == 0x5B else "stream"
                region_start = member_start = gap_from = p + 1 if c == 0x5B else p
                self.stream_of_objects = c == 0x7B
                skip = 1 if c == 0x5B else 0
                sel_pos, sel_char, sel_depth = sel_pos[skip:], sel_char[skip:], sel_depth[skip:]
            if state == "stream":
                cut = self._stream_boundaries(sel_pos, sel_char, sel_depth, open_start, gap_from)
                yield from self._stream_items(cut, buf, buf_offset)
                if cut.fatal is not None:
                    raise FatalSourceError(cut.fatal)
                open_start, gap_from = cut.open_start, cut.gap_from
                keep_from = open_start if open_start is not None else gap_from
                buf = buf[keep_from - buf_offset :]
                buf_offset = keep_from
                if len(buf) > self.max_item_size:
                    raise FatalSourceError(self._too_large(keep_from))
                offset += len(chunk)
                continue
            if self.layout is Layout.ARRAY and state == "in":
                # Fast path: all item boundaries of the chunk at once.
                fast = self._array_boundaries(sel_pos, sel_char, sel_depth, region_start)
                fatal, region_start, closed_at = fast.fatal, fast.next_start, fast.closed_at
                member_start = region_start
                yield from self._array_items(fast.starts, fast.ends, fast.final, buf, buf_offset)
                if closed_at is not None:
                    state = "after"
                    root_end = closed_at + 1
                sel_pos, sel_char, sel_depth = sel_pos[:0], sel_char[:0], sel_depth[:0]
            for p, c, d in zip(
                sel_pos.tolist(), sel_char.tolist(), sel_depth.tolist(), strict=True
            ):
                if state == "start":
                    if d != 0 or c != opener[0] or buf[: p - buf_offset].strip():
                        fatal = self._expected_root(buf, buf_offset)
                        break
                    state = "in"
                    region_start = member_start = p + 1
                    region_kind = "member" if self.layout is Layout.ITEMS_MEMBER else "item"
                    continue
                if state == "after":
                    fatal = Problem(
                        NOT_PARSEABLE, "unexpected data after the end of the document", offset=p
                    )
                    break
                if region_kind == "items":
                    if d == 2 and c == 0x2C:
                        regions.append(_Region(region_start, p, final=False))
                        region_start = p + 1
                        items_open = True
                    elif d == 2 and c in (0x5D, 0x7D):
                        if c != 0x5D:
                            fatal = Problem(NOT_PARSEABLE, "'}' where ']' closes Items", offset=p)
                            break
                        if items_open or _NON_BLANK.search(
                            buf, region_start - buf_offset, p - buf_offset
                        ):  # not an empty array (a repeated Items may follow rows)
                            regions.append(_Region(region_start, p, final=True))
                        region_start = p + 1
                        region_kind = "after-items"
                    continue
                if d != 1:
                    continue
                if c == 0x3A and region_kind == "member" and self.layout is Layout.ITEMS_MEMBER:
                    try:
                        key = self._member_key(buf, buf_offset, member_start, p)
                    except FatalSourceError as error:
                        fatal = error.problem
                        break
                    if key == "Items":
                        if self.items_key_offset is not None:
                            self._duplicate_items(buf, buf_offset, member_start, p)
                        else:
                            self.items_key_offset = member_start
                        region_kind = "items-value"
                        region_start = p + 1
                    continue
                if c == 0x5B and region_kind == "items-value":
                    if buf[region_start - buf_offset : p - buf_offset].strip():
                        region_kind = "member"
                        continue
                    region_kind = "items"
                    region_start = p + 1
                    items_open = False  # no comma yet in this Items array
                    self.extras.setdefault("Items", [])
                    continue
                if c not in (0x2C, 0x5D, 0x7D):
                    continue
                closing = c != 0x2C
                if closing and c != closer:
                    fatal = Problem(
                        NOT_PARSEABLE,
                        f"'{chr(c)}' closes a document opened with '{opener.decode()}'",
                        offset=p,
                    )
                    break
                if region_kind == "after-items":
                    if buf[region_start - buf_offset : p - buf_offset].strip():
                        fatal = Problem(
                            NOT_PARSEABLE, "unexpected data after Items", offset=region_start
                        )
                        break
                elif region_kind in ("member", "items-value"):
                    regions.append(_Region(member_start, p, final=closing, extra=True))
                else:
                    regions.append(_Region(region_start, p, final=closing))
                region_start = member_start = p + 1
                if self.layout is Layout.ITEMS_MEMBER:
                    region_kind = "member"
                if closing:
                    state = "after"
                    root_end = p + 1
            yield from self._flush(regions, buf, buf_offset)
            if fatal is not None:
                raise FatalSourceError(fatal)
            if state == "after":
                self._check_trailing(buf[root_end - buf_offset :], root_end)
                buf = b""
                buf_offset = offset + len(chunk)
            elif state == "in":
                keep_from = min(region_start, member_start)
                buf = buf[keep_from - buf_offset :]
                buf_offset = keep_from
                if len(buf) > self.max_item_size:
                    raise FatalSourceError(self._too_large(keep_from))
            offset += len(chunk)
        if not seen_anything:
            self.empty = True
            raise FatalSourceError(Problem(EMPTY, "the document is empty", offset=0))
        if state == "start":
            raise FatalSourceError(self._expected_root(buf, buf_offset))
        if state == "stream" and open_start is None:
            self._check_trailing(buf[gap_from - buf_offset :], gap_from, between_items=True)
            return
        if state != "after":
            raise FatalSourceError(
                Problem(
                    NOT_PARSEABLE,
                    f"unexpected end of file: the document is truncated ({scanner.depth} "
                    "bracket(s) left open)",
                    offset=max(offset - 1, 0),
                )
            )

    def _too_large(self, at: int) -> Problem:
        return Problem(ITEM_TOO_LARGE, item_too_large(self.max_item_size), offset=at)

    def _expected_root(self, buf: bytes, buf_offset: int) -> Problem:
        stripped = buf.lstrip()
        at = buf_offset + len(buf) - len(stripped)
        want = (
            "a JSON array '[' (or JSON objects back to back)"
            if self.layout is Layout.ARRAY
            else "a JSON object '{'"
        )
        bad_utf8 = _utf8_error_offset(buf[:4096])
        if bad_utf8 is not None and bad_utf8 < len(buf) - 4:
            return Problem(
                NOT_UTF8, "the document is not valid UTF-8", offset=buf_offset + bad_utf8
            )
        found = stripped[:1]
        shown = repr(found.decode("latin-1")) if found else "end of file"
        return Problem(NOT_PARSEABLE, f"expected {want}, found {shown}", offset=at)

    def _check_trailing(self, data: bytes, at: int, *, between_items: bool = False) -> None:
        stripped = data.lstrip()
        if stripped:
            message = (
                f"expected '{{' (the next item) or the end of the document, found "
                f"{stripped[:1].decode('latin-1')!r}"
                if between_items
                else "unexpected data after the end of the document"
            )
            raise FatalSourceError(
                Problem(NOT_PARSEABLE, message, offset=at + len(data) - len(stripped))
            )

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

    def _flush(self, regions: list[_Region], buf: bytes, buf_offset: int) -> Iterator[Item]:
        """Parse the complete regions of a chunk: array items in batches, members one by one."""
        batch: list[_Region] = []
        for region in regions:
            if region.extra:
                yield from self._batch(batch, buf, buf_offset)
                batch = []
                self._extra(region, buf, buf_offset)
                continue
            if region.end - region.start > self.max_item_size:
                yield from self._batch(batch, buf, buf_offset)
                raise FatalSourceError(self._too_large(region.start))
            if _NON_BLANK.search(buf, region.start - buf_offset, region.end - buf_offset) is None:
                yield from self._batch(batch, buf, buf_offset)
                batch = []
                if region.final and self.item_count == 0:
                    continue
                what = (
                    "a trailing comma" if region.final else "an empty element (two commas in a row)"
                )
                raise FatalSourceError(
                    Problem(NOT_PARSEABLE, f"expected a value, found {what}", offset=region.end)
                )
            if self.layout is Layout.MEMBERS:
                yield self._member(region, buf, buf_offset)
                continue
            batch.append(region)
            if len(batch) >= _BATCH_ITEMS:
                yield from self._batch(batch, buf, buf_offset)
                batch = []
        yield from self._batch(batch, buf, buf_offset)

    def _batch(self, batch: list[_Region], buf: bytes, buf_offset: int) -> Iterator[Item]:
        if not batch:
            return
        first, last = batch[0].start - buf_offset, batch[-1].end - buf_offset
        try:
            values = orjson.loads(b"[" + buf[first:last] + b"]")
        except orjson.JSONDecodeError:
            values = None
        if values is None or len(values) != len(batch):
            for region in batch:  # locate the first bad item precisely
                yield self._single(region, buf, buf_offset)
            return
        if may_hide_duplicates(buf, first, last, values):
            for number, (region, value) in enumerate(zip(batch, values, strict=True)):
                a, b = region.start - buf_offset, region.end - buf_offset
                if may_hide_duplicates(buf, a, b, value):
                    self._report_duplicates(
                        buf[a:b], region.start, self._pointer(self.item_count + number)
                    )
        base = 2 if self.layout is Layout.ITEMS_MEMBER else 1
        for region, value in zip(batch, values, strict=True):
            index = self.item_count
            self.item_count += 1
            self._starts.append(region.start)
            self._ends.append(region.end)
            yield Item(
                value, index, self._pointer(index), buf, buf_offset, base, region.start - buf_offset
            )

    def _array_boundaries(self, pos: Any, char: Any, depth: Any, region_start: int) -> _Boundaries:
        """Item ranges of a top-level array from one chunk's events (root already open)."""
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
        return _Boundaries(starts, sep_pos, closed_at is not None, next_start, closed_at, fatal)

    def _stream_boundaries(
        self, pos: Any, char: Any, depth: Any, open_start: int | None, gap_from: int
    ) -> _StreamCut:
        """Item ranges of a stream of top-level objects from one chunk's events."""
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
        return _StreamCut(
            starts[:paired],
            closes,
            gaps,
            starts[paired] if len(starts) > paired else None,
            closes[-1] if closes else gap_from,
            fatal,
        )

    def _stream_items(self, cut: _StreamCut, buf: bytes, buf_offset: int) -> Iterator[Item]:
        """Parse the complete objects of a stream in batches, as elements of an array."""
        for gap_start, gap_end in cut.gaps:
            if _NON_BLANK.search(buf, gap_start - buf_offset, gap_end - buf_offset) is not None:
                self._check_trailing(
                    buf[gap_start - buf_offset : gap_end - buf_offset],
                    gap_start,
                    between_items=True,
                )
        for at, (start, end) in enumerate(zip(cut.starts, cut.ends, strict=False)):
            if end - start > self.max_item_size:
                before = _StreamCut(cut.starts[:at], cut.ends[:at], [], None, start, None)
                yield from self._stream_items(before, buf, buf_offset)
                raise FatalSourceError(self._too_large(start))
        for low in range(0, len(cut.starts), _BATCH_ITEMS):
            spans = list(zip(cut.starts[low : low + _BATCH_ITEMS], cut.ends[low:], strict=False))
            joined = b"[" + b",".join(buf[a - buf_offset : b - buf_offset] for a, b in spans) + b"]"
            try:
                values = orjson.loads(joined)
            except orjson.JSONDecodeError:
                values = None
            if values is None or len(values) != len(spans):
                for a, b in spans:  # locate the first bad item precisely
                    yield self._single(_Region(a, b, final=False), buf, buf_offset)
                continue
            if may_hide_duplicates(joined, 0, len(joined), values):
                for number, (value, (a, b)) in enumerate(zip(values, spans, strict=True)):
                    if may_hide_duplicates(buf, a - buf_offset, b - buf_offset, value):
                        raw = buf[a - buf_offset : b - buf_offset]
                        self._report_duplicates(raw, a, f"/{self.item_count + number}")
            index = self.item_count
            self.item_count += len(spans)
            for value, (a, b) in zip(values, spans, strict=True):
                self._starts.append(a)
                self._ends.append(b)
                yield Item(value, index, f"/{index}", buf, buf_offset, 1, a - buf_offset)
                index += 1

    def _array_items(
        self, starts: Any, ends: Any, final: bool, buf: bytes, buf_offset: int
    ) -> Iterator[Item]:
        """Parse array items in batches; on any doubt fall back to the careful path."""
        oversized = np.flatnonzero(ends - starts > self.max_item_size)
        if oversized.size:
            cut = int(oversized[0])
            yield from self._array_items(starts[:cut], ends[:cut], False, buf, buf_offset)
            raise FatalSourceError(self._too_large(int(starts[cut])))
        count = int(starts.size)
        for low in range(0, count, _BATCH_ITEMS):
            high = min(low + _BATCH_ITEMS, count)
            last_is_final = final and high == count
            first, last = int(starts[low]) - buf_offset, int(ends[high - 1]) - buf_offset
            values: Any = None
            if not (last_is_final and self.item_count == 0 and high - low == 1):
                try:
                    values = orjson.loads(b"[" + buf[first:last] + b"]")
                except orjson.JSONDecodeError:
                    values = None
            if values is None or len(values) != high - low:
                regions = [
                    _Region(int(a), int(b), final=last_is_final and i == high - 1)
                    for i, (a, b) in enumerate(zip(starts[low:high], ends[low:high], strict=True))
                ]
                yield from self._flush(regions, buf, buf_offset)
                continue
            part_starts, part_ends = starts[low:high], ends[low:high]
            if may_hide_duplicates(buf, first, last, values):
                for number, value in enumerate(values):
                    a, b = int(part_starts[number]), int(part_ends[number])
                    if may_hide_duplicates(buf, a - buf_offset, b - buf_offset, value):
                        raw = buf[a - buf_offset : b - buf_offset]
                        self._report_duplicates(raw, a, f"/{self.item_count + number}")
            self._starts.extend(part_starts.tolist())
            self._ends.extend(part_ends.tolist())
            index = self.item_count
            self.item_count += high - low
            rel = (part_starts - buf_offset).tolist()
            for value, start in zip(values, rel, strict=True):
                yield Item(value, index, f"/{index}", buf, buf_offset, 1, start)
                index += 1

    def _pointer(self, index: int) -> str:
        return f"/Items/{index}" if self.layout is Layout.ITEMS_MEMBER else f"/{index}"

    def _single(self, region: _Region, buf: bytes, buf_offset: int) -> Item:
        raw = buf[region.start - buf_offset : region.end - buf_offset]
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise FatalSourceError(
                parse_error_problem(raw, error, region.start, "the document")
            ) from None
        index = self.item_count
        if may_hide_duplicates(raw, 0, len(raw), value):
            self._report_duplicates(raw, region.start, self._pointer(index))
        self.item_count += 1
        self._starts.append(region.start)
        self._ends.append(region.end)
        base = 2 if self.layout is Layout.ITEMS_MEMBER else 1
        return Item(value, index, self._pointer(index), raw, region.start, base)

    def _wrapped(self, region: _Region, buf: bytes, buf_offset: int) -> tuple[Any, bytes, int]:
        """Parse a top-level member as a one-member object; the raw bytes include the braces."""
        member = buf[region.start - buf_offset : region.end - buf_offset]
        raw = b"{" + member + b"}"
        raw_offset = region.start - 1
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            problem = parse_error_problem(raw, error, raw_offset, "the document")
            if problem.offset is not None:
                problem.offset = min(
                    max(problem.offset, region.start), max(region.end - 1, region.start)
                )
            raise FatalSourceError(problem) from None
        if may_hide_duplicates(raw, 0, len(raw), value):
            self._report_duplicates(raw, raw_offset, "")
        return value, raw, raw_offset

    def _member(self, region: _Region, buf: bytes, buf_offset: int) -> Item:
        value, raw, raw_offset = self._wrapped(region, buf, buf_offset)
        (key,) = value.keys()
        index = self.item_count
        self.item_count += 1
        self._starts.append(raw_offset)
        self._ends.append(raw_offset + len(raw))
        if key in self._member_keys:
            self._duplicate_member(key, raw, raw_offset)
        self._member_keys[key] = index
        return Item(value, index, join_pointer([key]), raw, raw_offset, 0)

    def _extra(self, region: _Region, buf: bytes, buf_offset: int) -> None:
        if not buf[region.start - buf_offset : region.end - buf_offset].strip():
            if region.final and not self.extras:
                return
            raise FatalSourceError(
                Problem(NOT_PARSEABLE, "expected a member, found nothing", offset=region.end)
            )
        value, raw, raw_offset = self._wrapped(region, buf, buf_offset)
        ((name, member),) = value.items()
        if name in self.extras and name in self._extra_raw and name != "Items":
            self._duplicate_member(name, raw, raw_offset)
        self.extras[name] = member
        self._extra_raw[name] = (raw, raw_offset)

    def _duplicate_items(self, buf: bytes, buf_offset: int, start: int, colon: int) -> None:
        """A second top-level ``Items`` key: its rows are still read, numbered on."""
        raw_key = buf[start - buf_offset : colon - buf_offset]
        self.problems.append(
            Problem(
                DUPLICATE_KEY,
                "duplicate key 'Items': JSON parsers keep only one of the values",
                pointer="/Items",
                offset=start + len(raw_key) - len(raw_key.lstrip()),
            )
        )

    def _duplicate_member(self, key: str, raw: bytes, raw_offset: int) -> None:
        self.problems.append(
            Problem(
                DUPLICATE_KEY,
                f"duplicate key {key!r}: JSON parsers keep only one of the values",
                pointer=join_pointer([key]),
                offset=raw_offset + locate(raw, [key]),
            )
        )

    def _report_duplicates(self, raw: bytes, raw_offset: int, prefix: str) -> None:
        for pointer in duplicate_key_pointers(raw, prefix):
            tokens = split_pointer(pointer)[len(split_pointer(prefix)) :]
            self.problems.append(
                Problem(
                    DUPLICATE_KEY,
                    f"duplicate key {tokens[-1]!r}: JSON parsers keep only one of the values",
                    pointer=pointer,
                    offset=raw_offset + locate(raw, tokens, last_key=True),
                )
            )

    def locate_extra(self, pointer: str) -> int | None:
        tokens = split_pointer(pointer)
        if not tokens or tokens[0] not in self._extra_raw:
            return None
        raw, raw_offset = self._extra_raw[tokens[0]]
        return raw_offset + locate(raw, tokens)
