"""Read XML payloads (.NET DataContract bodies, Unleashed responses, XML headers) as items.

Parsed with ``defusedxml``'s SAX parser, fed in chunks, so entity expansion and external
entities are refused and memory stays bounded: only the element tree of the current item
is held. Element trees are converted to the same dict shape as the JSON payloads,
coercing text by the types the spec declares (XML has no types of its own).
"""

from __future__ import annotations

import codecs
import re
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO
from xml.sax.expatreader import ExpatLocator

from defusedxml import sax as defused_sax
from defusedxml.common import DefusedXmlException

from linter.codes import EMPTY, ITEM_TOO_LARGE, NOT_PARSEABLE, UNSAFE_XML
from linter.read.item import BOM, MAX_DEPTH, MAX_ITEM_SIZE, Item, Layout
from linter.read.locate import join_pointer
from linter.read.problems import FatalSourceError, Problem, item_too_large, not_utf8, too_deep

_INTEGER = re.compile(r"[+-]?\d+\Z")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")
_XSI_NIL = "nil"
_DECLARED_ENCODING = re.compile(rb"\s*<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")

Schema = Mapping[str, Any]
Resolver = Callable[[Schema], Schema]


def local_name(qname: str) -> str:
    return qname.rsplit(":", 1)[-1]


@dataclass(slots=True)
class Node:
    name: str
    line: int
    column: int
    nil: bool = False
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _types(schema: Schema) -> set[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {str(t) for t in declared}
    if "properties" in schema:
        return {"object"}
    if "items" in schema:
        return {"array"}
    return set()


def _branches(schema: Schema, resolve: Resolver) -> list[Schema]:
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list):
            return [resolve(o) for o in options if isinstance(o, Mapping)]
    return []


def _pick(schema: Schema, node: Node, resolve: Resolver) -> Schema:
    schema = resolve(schema)
    branches = _branches(schema, resolve)
    if not branches:
        return schema
    text = "".join(node.text).strip()
    takes_text = any("string" in _types(branch) for branch in branches)
    for branch in branches:
        types = _types(branch)
        if not node.children and not takes_text and _enum_code(branch, text) is not None:
            return branch
        if node.children and types & {"object", "array"}:
            return branch
        if not node.children and "integer" in types and _INTEGER.match(text):
            return branch
        if not node.children and "number" in types and _NUMBER.match(text):
            return branch
    for branch in branches:
        if not node.children and _types(branch) & {"string", "boolean"}:
            return branch
    return branches[0]


def convert(
    node: Node,
    schema: Schema,
    resolve: Resolver,
    pointer: str,
    positions: dict[str, tuple[int, int]],
) -> Any:
    """Convert an element to JSON-shaped data, guided by ``schema``."""
    positions[pointer] = (node.line, node.column)
    schema = _pick(schema, node, resolve)
    types = _types(schema)
    if node.nil:
        return None
    if node.children:
        names = {c.name for c in node.children}
        as_list = "array" in types or (not types and len(node.children) > 1 and len(names) == 1)
        if as_list:
            item_schema = schema.get("items", {})
            return [
                convert(
                    child,
                    item_schema if isinstance(item_schema, Mapping) else {},
                    resolve,
                    f"{pointer}/{i}",
                    positions,
                )
                for i, child in enumerate(node.children)
            ]
        properties = schema.get("properties", {})
        result: dict[str, Any] = {}
        for child in node.children:
            child_schema = properties.get(child.name, {}) if isinstance(properties, Mapping) else {}
            result[child.name] = convert(
                child, child_schema, resolve, pointer + join_pointer([child.name]), positions
            )
        fill_omitted_nulls(result, schema, resolve)
        return result
    text = "".join(node.text).strip()
    if _is_ms_date(schema) and _XML_DATETIME.match(text):
        return _ms_date(text)
    code = _enum_code(schema, text)
    if code is not None:
        return code
    return _scalar(text, types)


def _enum_code(schema: Schema, text: str) -> Any:
    """The code of a coded enum's member ``text``: DataContract XML writes enums by name."""
    names = schema.get("x-enum-names")
    codes = schema.get("enum")
    if isinstance(names, list) and isinstance(codes, list) and text in names:
        return codes[names.index(text)]
    return None


_XML_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?\Z")


def _is_ms_date(schema: Schema) -> bool:
    return "/Date\\(" in str(schema.get("pattern", ""))


def _ms_date(text: str) -> str:
    """An xs:dateTime without offset (read as UTC) in the JSON form ``/Date(ms)/``.

    A text that only looks like one (month 13) stays as it is, for the rules to report.
    """
    whole, _, fraction = text.partition(".")
    try:
        moment = datetime.fromisoformat(whole).replace(tzinfo=UTC)
    except ValueError:
        return text
    millis = int(moment.timestamp()) * 1000 + int((fraction + "000")[:3] or 0)
    return f"/Date({millis})/"


def _admits_null(schema: Schema, resolve: Resolver) -> bool:
    schema = resolve(schema)
    if "null" in _types(schema):
        return True
    return any("null" in _types(b) for b in _branches(schema, resolve))


def fill_omitted_nulls(result: dict[str, Any], schema: Schema, resolve: Resolver) -> None:
    """XML omits null elements; a required property that admits null is null when absent."""
    required = schema.get("required", [])
    properties = schema.get("properties", {})
    if not isinstance(required, list) or not isinstance(properties, Mapping):
        return
    for name in required:
        prop = properties.get(name)
        if name not in result and isinstance(prop, Mapping) and _admits_null(prop, resolve):
            result[name] = None


def _scalar(text: str, types: set[str]) -> Any:
    if "integer" in types and _INTEGER.match(text):
        return int(text)
    if "number" in types and _NUMBER.match(text):
        number = float(text)
        return (
            int(number)
            if number.is_integer() and "." not in text and "e" not in text.lower()
            else number
        )
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if "array" in types and not text:
        return []
    if "object" in types and not text:
        return {}
    if "null" in types and not text and "string" not in types:
        return None
    return text


def is_utf8(head: bytes) -> bool:
    """Whether a document starting with ``head`` is UTF-8: by its XML declaration, or by
    default (no declaration, no UTF-16 byte order mark or first character)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")):
        return False
    declared = _DECLARED_ENCODING.match(head.removeprefix(BOM))
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


class _Handler(xml.sax.handler.ContentHandler):
    def __init__(self, keep_tree: bool, item_limit: tuple[Callable[[], int], int] | None) -> None:
        super().__init__()
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
            return (1, 1)
        return (self.locator.getLineNumber() or 1, (self.locator.getColumnNumber() or 0) + 1)

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
            if len(self.stack) == 1 and self.item_limit is not None:
                self.item_start = self.item_limit[0]()
        elif self.root is None:
            self.root = node.name
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        node = self.stack.pop()
        if len(self.stack) == 1 and self.item_limit is not None:
            self.check_item_size(node)
        if len(self.stack) == 1 and not self.keep_tree:
            self.completed.append(node)
            self.stack[0].children.clear()
        elif not self.stack:
            self.whole = node

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
            if len(self.stack) < 2 or fed is None:
                return
            node, end = self.stack[1], fed
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
        parser = defused_sax.make_parser()
        expat_reader: Any = parser  # its expat parser (``_parser``) knows the byte index

        def byte_index() -> int:
            return int(expat_reader._parser.CurrentByteIndex)

        whole = self.layout is Layout.WHOLE
        handler = _Handler(whole, None if whole else (byte_index, self.max_item_size))
        parser.setContentHandler(handler)
        parser.setFeature(xml.sax.handler.feature_namespaces, False)
        handler.setDocumentLocator(ExpatLocator(parser))
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
                fed += len(chunk)
                seen_anything = seen_anything or bool(chunk.strip())
                parser.feed(chunk)
                handler.check_item_size(fed=fed)
                yield from self._drain(handler)
            if not seen_anything:
                self.empty = True
                raise FatalSourceError(Problem(EMPTY, "the document is empty", line=1, column=1))
            if utf8 is not None and bad_utf8 is None:
                bad_utf8 = _first_bad_utf8(utf8, b"", fed, final=True)
            parser.close()
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
            self.problems.append(
                Problem(
                    NOT_PARSEABLE,
                    f"the document is not well-formed XML: {error.getMessage()}",
                    line=error.getLineNumber() or 1,
                    column=(error.getColumnNumber() or 0) + 1,
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
