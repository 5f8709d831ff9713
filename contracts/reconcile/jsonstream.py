"""Reading large JSON documents piece by piece, so memory stays bounded by the largest item.

A document is decoded in chunks; each item (an array element, an object member's value) is
parsed by the standard library's C scanner from a window that always holds at least
``LOOKAHEAD`` characters past the current position, refilled as the position advances.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import IO

import orjson

from contracts.reconcile.errors import ReconcileError
from contracts.reconcile.jsonsplit import split_elements

CHUNK_BYTES = 1 << 20
LOOKAHEAD = 1 << 16
NUMBER_TAIL = 64
_BLANK = re.compile(r"[ \t\r\n]*")


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(parse_constant=_no_constants)
scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class JsonStream:
    """A cursor over one JSON document read from a binary stream."""

    def __init__(
        self,
        stream: IO[bytes],
        place: str,
        *,
        chunk_bytes: int | None = None,
        lookahead: int | None = None,
    ) -> None:
        self._stream = stream
        self._chunk = CHUNK_BYTES if chunk_bytes is None else chunk_bytes
        self._lookahead = LOOKAHEAD if lookahead is None else lookahead
        self._decode = codecs.getincrementaldecoder("utf-8-sig")()
        self.place = place
        self._text = ""
        self._pos = 0
        self._consumed = 0
        self._eof = False

    def fail(self, cause: str) -> ReconcileError:
        return ReconcileError(self.place, f"offset {self._consumed + self._pos}: {cause}")

    def _fill(self) -> None:
        chunk = self._stream.read(self._chunk)
        try:
            text = self._decode.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise self.fail("not UTF-8 text") from None
        self._consumed += self._pos
        self._text = self._text[self._pos :] + text
        self._pos = 0
        self._eof = not chunk

    def _ahead(self, size: int | None = None) -> None:
        size = self._lookahead if size is None else size
        while not self._eof and len(self._text) - self._pos < size:
            self._fill()

    def peek(self) -> str:
        """The next non-blank character, or '' at the end of the document."""
        while True:
            self._pos = _BLANK.match(self._text, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._text) or self._eof:
                return self._text[self._pos : self._pos + 1]
            self._fill()

    def take(self, expected: str) -> None:
        found = self.peek()
        if found != expected:
            shown = repr(found) if found else "the end of the document"
            raise self.fail(f"expected {expected!r}, found {shown}")
        self._pos += 1

    def more(self, closing: str, first: bool) -> bool:
        """Inside an array or object: ``True`` when another element follows."""
        found = self.peek()
        if found == closing:
            self._pos += 1
            return False
        if not first:
            self.take(",")
        return True

    def key(self) -> str:
        self.peek()
        self._ahead()
        if self._text[self._pos : self._pos + 1] != '"':
            raise self.fail("expected a string key")
        while True:
            try:
                text, end = scanstring(self._text, self._pos + 1)
            except json.JSONDecodeError as exc:
                if self._eof:
                    raise self.fail(f"bad string: {exc.msg}") from None
                self._ahead(len(self._text) - self._pos + self._chunk)
                continue
            self._pos = end
            self.take(":")
            return text

    def value(self) -> object:
        self.peek()
        self._ahead()
        while True:
            try:
                found, end = _DECODER.raw_decode(self._text, self._pos)
            except (json.JSONDecodeError, ValueError) as exc:
                if self._eof:
                    reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                    raise self.fail(f"not JSON: {reason}") from None
                self._ahead(len(self._text) - self._pos + self._chunk)
                continue
            if not self._eof and len(self._text) - end < NUMBER_TAIL:
                # A number cut by the window's end parses as its head ("1." as 1): widen.
                self._ahead(len(self._text) - self._pos + self._chunk)
                continue
            self._pos = end
            return found

    def batch(self) -> tuple[bytes, bool]:
        """Inside an array or object: the bytes of its next whole elements (comma-separated,
        for ``orjson``) and whether the container closed after them."""
        window = 2 * self._chunk
        self._ahead(window)
        while True:
            data = self._text[self._pos : self._pos + window].encode()
            commas, close = split_elements(data)
            closed = close >= 0
            if closed or len(commas):
                cut = close if closed else int(commas[-1])
                segment = data[:cut]
                self._pos += (cut if segment.isascii() else len(segment.decode())) + 1
                return segment, closed
            if self._eof and len(self._text) - self._pos <= window:
                raise self.fail("the document ends inside an array or object")
            window *= 2
            self._ahead(window)

    def end(self) -> None:
        if self.peek():
            raise self.fail("unexpected data after the document")


def _parsed(doc: JsonStream, segment: bytes, opening: bytes, closing: bytes) -> object:
    try:
        return orjson.loads(opening + segment + closing)
    except orjson.JSONDecodeError as exc:
        raise doc.fail(f"not JSON: {exc}") from None


def array_items(doc: JsonStream) -> Iterator[object]:
    """The elements of an array at the cursor, parsed a window at a time."""
    doc.take("[")
    closed = False
    while not closed:
        segment, closed = doc.batch()
        found = _parsed(doc, segment, b"[", b"]")
        assert isinstance(found, list)
        yield from found


def object_batches(doc: JsonStream) -> Iterator[dict[str, object]]:
    """The members of an object at the cursor, as dicts of consecutive members."""
    doc.take("{")
    closed = False
    while not closed:
        segment, closed = doc.batch()
        found = _parsed(doc, segment, b"{", b"}")
        assert isinstance(found, dict)
        yield found


def items_or_stream(doc: JsonStream) -> Iterator[object]:
    """A top-level array's elements, or values written back to back (Norce's helper stream)."""
    if doc.peek() == "[":
        yield from array_items(doc)
        doc.end()
        return
    while doc.peek():
        yield doc.value()


def members(doc: JsonStream) -> Iterator[str]:
    """The keys of an object at the cursor; the caller reads each value before the next key."""
    doc.take("{")
    first = True
    while doc.more("}", first):
        first = False
        yield doc.key()
