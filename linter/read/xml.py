"""Read XML payloads (.NET DataContract bodies, Unleashed responses, XML headers) as items.

Parsed with ``defusedxml``'s SAX parser, fed in chunks, so entity expansion and external
entities are refused and memory stays bounded: only the element tree of the current item
is held. A Norce body may also be items written back to back as documents of their own, with
no wrapping element (each optionally with its XML declaration), as the vendor client's
``Utils/EnumeratorStream.cs`` writes it: each root is then read as one item, a fresh parser
starting where the previous document ended. Elements become JSON-shaped data in
:mod:`linter.read.xml_convert`.
"""

from __future__ import annotations

import codecs
import functools
import re
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.sax.expatreader import ExpatLocator

from defusedxml import sax as defused_sax
from defusedxml.common import DefusedXmlException

from linter.codes import EMPTY_DOCUMENT, ITEM_TOO_LARGE, NOT_PARSEABLE, UNSAFE_XML
from linter.read.item import BOM, MAX_DEPTH, MAX_ITEM_SIZE, Item, Layout
from linter.read.problems import FatalSourceError, Problem, item_too_large, not_utf8, too_deep
from linter.read.xml_convert import (
    Node,
    Resolver,
    Schema,
    convert,
    fill_omitted_nulls,
    local_name,
)

_XSI_NIL = "nil"
STREAM_ROOTS = frozenset({"Product", "SkuOnhand", "SkuPriceList", "Relation"})
"""Item elements a Norce body may hold as roots, back to back (DataContract names)."""
_DECLARED_ENCODING = re.compile(rb"\s*<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def is_utf8(head: bytes) -> bool:
    """Whether a document starting with ``head`` is UTF-8: by its XML declaration, or by
    default (no declaration, no UTF-16 byte order mark or first character)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")):
        return False
    declared = _DECLARED_ENCODING.match(head.removeprefix(BOM))
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


class _Handler(xml.sax.handler.ContentHandler):
    def __init__(
        self,
        keep_tree: bool,
        item_limit: tuple[Callable[[], int], int] | None,
        item_roots: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.item_roots = item_roots
        self.items_at = 1
        """Depth of the item elements: 1 below a wrapper, 0 when the roots are the items."""
        self.line_base = 0
        self.column_base = 0
        self.ended = False
        """Whether the current parser has seen its root end."""
        """Where the current parser started: lines before it, and its first line's column."""
        self.keep_tree = keep_tree
        self.item_limit = item_limit
        """(byte index of the parser, limit): items larger than the limit are refused."""
        self.item_start = 0
        self.locator: xml.sax.xmlreader.Locator | None = None
        self.stack: list[Node] = []
        self.root: str | None = None
        self.completed: list[Node] = []
        self.whole: Node | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:  # noqa: N802
        self.locator = locator

    def position(self) -> tuple[int, int]:
        if self.locator is None:
            return self.absolute(1, 0)
        return self.absolute(self.locator.getLineNumber() or 1, self.locator.getColumnNumber() or 0)

    def absolute(self, line: int, column: int) -> tuple[int, int]:
        """1-based line and column in the whole stream of the current parser's ``line`` and
        0-based ``column``."""
        return (self.line_base + line, (self.column_base if line == 1 else 0) + column + 1)

    def in_epilog(self) -> bool:
        """Whether the current parser has read a root that is an item (so another document
        may follow where it stopped)."""
        return self.items_at == 0 and self.ended and not self.stack

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        line, column = self.position()
        if len(self.stack) >= MAX_DEPTH:
            raise FatalSourceError(
                Problem(NOT_PARSEABLE, too_deep(MAX_DEPTH), line=line, column=column)
            )
        nil = any(local_name(k) == _XSI_NIL and v == "true" for k, v in attrs.items())
        node = Node(local_name(name), line, column, nil)
        if self.stack:
            self.stack[-1].children.append(node)
        elif self.root is None:
            self.root = node.name
            if node.name in self.item_roots:
                self.items_at = 0
        if len(self.stack) == self.items_at and self.item_limit is not None:
            self.item_start = self.item_limit[0]()
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        node = self.stack.pop()
        if len(self.stack) == self.items_at and self.item_limit is not None:
            self.check_item_size(node)
        if len(self.stack) == self.items_at and not self.keep_tree:
            self.completed.append(node)
            if self.stack:
                self.stack[0].children.clear()
        elif not self.stack:
            self.whole = node
        if not self.stack:
            self.ended = True

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].text.append(content)

    def check_item_size(self, node: Node | None = None, fed: int | None = None) -> None:
        """Refuse the item just read (``node``), or the one still open when ``fed`` bytes
        have been fed, if it spans more bytes than the limit."""
        if self.item_limit is None:
            return
        byte_index, limit = self.item_limit
        if node is None:
            if len(self.stack) <= self.items_at or fed is None:
                return
            node, end = self.stack[self.items_at], fed
        else:
            end = byte_index()
        if node.name in _NOT_ITEMS or end - self.item_start <= limit:
            return
        raise FatalSourceError(
            Problem(ITEM_TOO_LARGE, item_too_large(limit), line=node.line, column=node.column)
        )


_NOT_ITEMS = frozenset({"Pagination"})  # an Unleashed page's member kept aside, not a row


def _first_bad_utf8(
    decoder: codecs.IncrementalDecoder, chunk: bytes, at: int, *, final: bool = False
) -> tuple[int, int] | None:
    """Offset and value of the first byte that is not UTF-8 in ``chunk`` (at offset ``at``)."""
    pending = len(decoder.getstate()[0])
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError as error:
        return at - pending + error.start, error.object[error.start]
    return None


def _new_parser(handler: _Handler) -> Any:
    parser = defused_sax.make_parser()
    parser.setContentHandler(handler)
    parser.setFeature(xml.sax.handler.feature_namespaces, False)
    handler.setDocumentLocator(ExpatLocator(parser))
    return parser


@dataclass
class _Documents:
    """Feeds the SAX parser; where an item root ends and more follows, starts a new parser
    there (expat reads one document only: the next root would be junk after it)."""

    handler: _Handler
    parser: Any = None
    base: int = 0
    """Offset in the stream of the current parser's first byte."""
    previous: bytes = b""
    window: bytes = b""
    window_start: int = 0
    """The last two chunks fed and their offset: expat may hold back an unfinished token."""

    def __post_init__(self) -> None:
        self.parser = _new_parser(self.handler)

    def byte_index(self) -> int:
        return self.base + int(self.parser._parser.CurrentByteIndex)

    def feed(self, chunk: bytes, at: int) -> None:
        self.window, self.window_start = self.previous + chunk, at - len(self.previous)
        self.previous = chunk
        self._run(lambda: self.parser.feed(chunk))

    def close(self) -> None:
        while True:  # bounded: each new parser starts at least one byte further on
            parser = self.parser
            self._run(parser.close)
            if self.parser is parser:
                return

    def _run(self, action: Callable[[], None]) -> None:
        while True:
            try:
                action()
                return
            except xml.sax.SAXParseException:
                rest = self._next_document()
                if rest is None:
                    raise
            action = functools.partial(self.parser.feed, rest)

    def _next_document(self) -> bytes | None:
        """The bytes from where the current parser stopped, with a new parser ready for them;
        ``None`` unless an item root has ended there."""
        if not self.handler.in_epilog():
            return None
        expat = self.parser._parser
        if not hasattr(expat, "ErrorByteIndex"):  # failed in close(): nothing follows
            return None
        offset = self.base + int(expat.ErrorByteIndex)
        if offset < self.window_start:
            return None
        line, column = self.handler.absolute(
            int(expat.ErrorLineNumber), int(expat.ErrorColumnNumber)
        )
        self.handler.line_base, self.handler.column_base = line - 1, column - 1
        self.base = offset
        self.handler.ended = False
        self.parser = _new_parser(self.handler)
        return self.window[offset - self.window_start :]


@dataclass
class XmlReader:
    """Cut an XML document into items; same contract as :class:`linter.read.json.JsonReader`."""

    stream: BinaryIO
    layout: Layout
    item_schema: Schema
    extra_schemas: Mapping[str, Schema]
    resolve: Resolver
    chunk_size: int = 1024 * 1024
    problems: list[Problem] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    item_count: int = 0
    empty: bool = False
    root: str | None = None
    whole: Any = None
    whole_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    extra_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Line and column of each node of the extras, by JSON pointer."""
    item_positions: list[tuple[int, int]] = field(default_factory=list)
    narrow_item_schema: Schema | None = None
    """Used instead of ``item_schema`` for an item whose elements all belong to it."""
    max_item_size: int = MAX_ITEM_SIZE
    """Bytes one element of the root (a Norce item, an Unleashed row) may span."""

    def items(self) -> Iterator[Item]:
        whole = self.layout is Layout.WHOLE
        roots = STREAM_ROOTS if self.layout is Layout.ARRAY else frozenset()
        handler = _Handler(whole, None, roots)
        documents = _Documents(handler)
        if not whole:
            handler.item_limit = (documents.byte_index, self.max_item_size)
        seen_anything = False
        utf8: codecs.IncrementalDecoder | None = None
        fed = 0  # bytes fed so far
        bad_utf8: tuple[int, int] | None = None  # offset and value of the first non-UTF-8 byte
        try:
            while True:
                chunk = self.stream.read(self.chunk_size)
                if not chunk:
                    break
                if not fed and is_utf8(chunk):
                    utf8 = codecs.getincrementaldecoder("utf-8")()
                if utf8 is not None and bad_utf8 is None:
                    bad_utf8 = _first_bad_utf8(utf8, chunk, fed)
                seen_anything = seen_anything or bool(chunk.strip())
                documents.feed(chunk, fed)
                fed += len(chunk)
                handler.check_item_size(fed=fed)
                yield from self._drain(handler)
            if not seen_anything:
                self.empty = True
                raise FatalSourceError(
                    Problem(EMPTY_DOCUMENT, "the document is empty", line=1, column=1)
                )
            if utf8 is not None and bad_utf8 is None:
                bad_utf8 = _first_bad_utf8(utf8, b"", fed, final=True)
            documents.close()
            yield from self._drain(handler)
        except DefusedXmlException as error:
            line, column = handler.position()
            self.problems.append(
                Problem(
                    UNSAFE_XML,
                    f"XML with entity declarations, a DTD or external references is refused "
                    f"({type(error).__name__})",
                    line=line,
                    column=column,
                )
            )
            return
        except xml.sax.SAXParseException as error:
            if bad_utf8 is not None:  # expat stops at a byte its declared UTF-8 forbids
                at, byte = bad_utf8
                self.problems.append(not_utf8("the document", byte, at))
                return
            line, column = handler.absolute(
                error.getLineNumber() or 1, error.getColumnNumber() or 0
            )
            self.problems.append(
                Problem(
                    NOT_PARSEABLE,
                    f"the document is not well-formed XML: {error.getMessage()}",
                    line=line,
                    column=column,
                )
            )
            return
        except FatalSourceError as fatal:
            self.problems.append(fatal.problem)
            return
        self.root = handler.root
        if self.layout is Layout.WHOLE and handler.whole is not None:
            self.whole = convert(
                handler.whole, self.item_schema, self.resolve, "", self.whole_positions
            )

    def _drain(self, handler: _Handler) -> Iterator[Item]:
        self.root = handler.root
        if self.layout is Layout.WHOLE:
            handler.completed.clear()
            return
        completed, handler.completed = handler.completed, []
        for node in completed:
            if self.layout is Layout.ITEMS_MEMBER and node.name != "StockOnHand":
                schema = self.extra_schemas.get(node.name)
                if schema is None:
                    # a single-product reply: its root is one row, its children are fields
                    row_fields = self.item_schema.get("properties", {})
                    schema = row_fields.get(node.name, {}) if handler.root == "StockOnHand" else {}
                self.extras[node.name] = convert(
                    node, schema, self.resolve, "/" + node.name, self.extra_positions
                )
                continue
            index = self.item_count
            pointer = f"/Items/{index}" if self.layout is Layout.ITEMS_MEMBER else f"/{index}"
            positions: dict[str, tuple[int, int]] = {}
            schema = self.item_schema
            narrow = self.narrow_item_schema
            if narrow is not None and {c.name for c in node.children} <= set(
                narrow.get("properties", {})
            ):
                schema = narrow
            value = convert(node, schema, self.resolve, pointer, positions)
            self.item_count += 1
            self.item_positions.append((node.line, node.column))
            yield Item(value, index, pointer, positions=positions)


__all__ = ["STREAM_ROOTS", "XmlReader", "convert", "fill_omitted_nulls", "is_utf8", "local_name"]
