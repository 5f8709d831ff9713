"""Turn the byte regions a framing found into items: parsed in batches, duplicates reported."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from linter.codes import DUPLICATE_KEY, ITEM_TOO_LARGE, NOT_PARSEABLE
from linter.read.duplicates import duplicate_key_pointers, may_hide_duplicates
from linter.read.frames import BATCH_ITEMS, NON_BLANK, Region, StreamCut
from linter.read.item import Item, Layout
from linter.read.locate import join_pointer, locate, split_pointer
from linter.read.problems import FatalSourceError, Problem, item_too_large, parse_error_problem


@dataclass(slots=True, repr=False, eq=False)
class ItemRun(Item):
    """Consecutive items of a top-level array parsed together, handed out as one.

    Only a reader whose ``runs`` is set yields these (the fast path asks for them):
    ``value`` is the list of the items' values, ``index`` the first one's, ``raw`` the buffer
    they were parsed from and ``starts`` where each begins in it. :meth:`item` is the
    :class:`Item` the reader would have yielded in its place.
    """

    starts: list[int] = field(default_factory=list)

    def item(self, at: int) -> Item:
        index = self.index + at
        return Item(
            self.value[at], index, f"/{index}", self.raw, self.raw_offset, 1, self.starts[at]
        )


class RegionParser:
    """The parsing half of :class:`linter.read.json.JsonReader` (which does the framing)."""

    runs: bool = False
    """Yield an :class:`ItemRun` for the items of a top-level array parsed together."""

    layout: Layout
    max_item_size: int
    problems: list[Problem]
    extras: dict[str, Any]
    item_count: int
    _starts: array[int]
    _ends: array[int]
    _member_keys: dict[str, int]
    _extra_raw: dict[str, tuple[bytes, int]]

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

    def _too_large(self, at: int) -> Problem:
        return Problem(ITEM_TOO_LARGE, item_too_large(self.max_item_size), offset=at)

    def _flush(self, regions: list[Region], buf: bytes, buf_offset: int) -> Iterator[Item]:
        """Parse the complete regions of a chunk: array items in batches, members one by one."""
        batch: list[Region] = []
        for region in regions:
            if region.extra:
                yield from self._batch(batch, buf, buf_offset)
                batch = []
                self._extra(region, buf, buf_offset)
                continue
            if region.end - region.start > self.max_item_size:
                yield from self._batch(batch, buf, buf_offset)
                raise FatalSourceError(self._too_large(region.start))
            if NON_BLANK.search(buf, region.start - buf_offset, region.end - buf_offset) is None:
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
            if len(batch) >= BATCH_ITEMS:
                yield from self._batch(batch, buf, buf_offset)
                batch = []
        yield from self._batch(batch, buf, buf_offset)

    def _batch(self, batch: list[Region], buf: bytes, buf_offset: int) -> Iterator[Item]:
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
        if self.runs and self.layout is Layout.ARRAY:
            index = self.item_count
            self.item_count += len(batch)
            self._starts.extend(region.start for region in batch)
            self._ends.extend(region.end for region in batch)
            starts = [region.start - buf_offset for region in batch]
            yield ItemRun(values, index, f"/{index}", buf, buf_offset, 1, starts[0], starts=starts)
            return
        for region, value in zip(batch, values, strict=True):
            index = self.item_count
            self.item_count += 1
            self._starts.append(region.start)
            self._ends.append(region.end)
            yield Item(
                value, index, self._pointer(index), buf, buf_offset, base, region.start - buf_offset
            )

    def _stream_items(self, cut: StreamCut, buf: bytes, buf_offset: int) -> Iterator[Item]:
        """Parse the complete objects of a stream in batches, as elements of an array."""
        for gap_start, gap_end in cut.gaps:
            if NON_BLANK.search(buf, gap_start - buf_offset, gap_end - buf_offset) is not None:
                self._check_trailing(
                    buf[gap_start - buf_offset : gap_end - buf_offset],
                    gap_start,
                    between_items=True,
                )
        for at, (start, end) in enumerate(zip(cut.starts, cut.ends, strict=False)):
            if end - start > self.max_item_size:
                before = StreamCut(cut.starts[:at], cut.ends[:at], [], None, start, None)
                yield from self._stream_items(before, buf, buf_offset)
                raise FatalSourceError(self._too_large(start))
        for low in range(0, len(cut.starts), BATCH_ITEMS):
            spans = list(zip(cut.starts[low : low + BATCH_ITEMS], cut.ends[low:], strict=False))
            joined = b"[" + b",".join(buf[a - buf_offset : b - buf_offset] for a, b in spans) + b"]"
            try:
                values = orjson.loads(joined)
            except orjson.JSONDecodeError:
                values = None
            if values is None or len(values) != len(spans):
                for a, b in spans:  # locate the first bad item precisely
                    yield self._single(Region(a, b, final=False), buf, buf_offset)
                continue
            if may_hide_duplicates(joined, 0, len(joined), values):
                for number, (value, (a, b)) in enumerate(zip(values, spans, strict=True)):
                    if may_hide_duplicates(buf, a - buf_offset, b - buf_offset, value):
                        raw = buf[a - buf_offset : b - buf_offset]
                        self._report_duplicates(raw, a, f"/{self.item_count + number}")
            index = self.item_count
            self.item_count += len(spans)
            if self.runs:
                self._starts.extend(a for a, _ in spans)
                self._ends.extend(b for _, b in spans)
                starts = [a - buf_offset for a, _ in spans]
                yield ItemRun(
                    values, index, f"/{index}", buf, buf_offset, 1, starts[0], starts=starts
                )
                continue
            for value, (a, b) in zip(values, spans, strict=True):
                self._starts.append(a)
                self._ends.append(b)
                yield Item(value, index, f"/{index}", buf, buf_offset, 1, a - buf_offset)
                index += 1

    def _array_items(
        self, starts: Any, ends: Any, final: bool, buf: bytes, buf_offset: int
    ) -> Iterator[Item]:
        """Parse array items in batches; on any doubt fall back to the careful path."""
        import numpy as np

        oversized = np.flatnonzero(ends - starts > self.max_item_size)
        if oversized.size:
            cut = int(oversized[0])
            yield from self._array_items(starts[:cut], ends[:cut], False, buf, buf_offset)
            raise FatalSourceError(self._too_large(int(starts[cut])))
        count = int(starts.size)
        for low in range(0, count, BATCH_ITEMS):
            high = min(low + BATCH_ITEMS, count)
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
                    Region(int(a), int(b), final=last_is_final and i == high - 1)
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
            if self.runs:
                yield ItemRun(values, index, f"/{index}", buf, buf_offset, 1, rel[0], starts=rel)
                continue
            for value, start in zip(values, rel, strict=True):
                yield Item(value, index, f"/{index}", buf, buf_offset, 1, start)
                index += 1

    def _pointer(self, index: int) -> str:
        return f"/Items/{index}" if self.layout is Layout.ITEMS_MEMBER else f"/{index}"

    def _single(self, region: Region, buf: bytes, buf_offset: int) -> Item:
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

    def _wrapped(self, region: Region, buf: bytes, buf_offset: int) -> tuple[Any, bytes, int]:
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

    def _member(self, region: Region, buf: bytes, buf_offset: int) -> Item:
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

    def _extra(self, region: Region, buf: bytes, buf_offset: int) -> None:
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
