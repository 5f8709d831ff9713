"""Tell the payload kind and the content type from the first bytes of a document."""

from __future__ import annotations

import io
import re
from typing import Any

from linter.read.item import BOM, Layout
from linter.read.json import JsonReader

SNIFF_SIZE = 1024 * 1024

XML_ROOTS = {
    "ArrayOfProduct": "norce.products",
    "ArrayOfSkuOnhand": "norce.onhands",
    "ArrayOfSkuPriceList": "norce.prices",
    "ArrayOfRelation": "norce.relations",
    "ProductHeader": "norce.header",
    "SkuOnhandHeader": "norce.header",
    "SkuPriceListHeader": "norce.header",
    "RelationHeader": "norce.header",
    "StockOnHandList": "unleashed.stock-on-hand",
    "StockOnHand": "unleashed.stock-on-hand",
}

XML_ITEM_ROOTS = {
    "Product": "norce.products",
    "SkuOnhand": "norce.onhands",
    "SkuPriceList": "norce.prices",
    "Relation": "norce.relations",
}
"""Roots of a Norce body written item by item (no wrapper); detected only in the contract's
namespace, since these names alone are common words."""
CONTRACT_NAMESPACE = b"StormConnect.Contracts"

HEADER_KEYS = frozenset({"AccountId", "FullFile", "SerializationType", "StorageName", "SupplierId"})
UNLEASHED_KEYS = frozenset({"Items", "Pagination"})
UNLEASHED_ROW_KEYS = frozenset({"ProductGuid", "ProductCode", "QtyOnHand", "AvgCost"})

_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)([^>]*)")
_XML_PROLOG = re.compile(rb"<[?!][^>]*>")
_FIRST_KEY = re.compile(rb'\{\s*"([A-Za-z]+)"\s*:')


def sniff_content_type(data: bytes) -> str:
    """``xml`` when the first non-blank byte is ``<``, else ``json``."""
    head = data[:4096].lstrip(BOM).lstrip()
    return "xml" if head.startswith(b"<") else "json"


def _first_items(data: bytes, layout: Layout, count: int) -> tuple[list[Any], dict[str, Any]]:
    reader = JsonReader(io.BytesIO(data), layout)
    found: list[Any] = []
    for item in reader.items():
        found.append(item.value)
        if len(found) >= count:
            break
    return found, reader.extras


def kind_of_norce_row(row: Any) -> str | None:
    if not isinstance(row, dict):
        return None
    if "WarehouseCode" in row and "LocationCode" in row:
        return "norce.onhands"
    if "PriceListCode" in row:
        return "norce.prices"
    if "RelatedPartNo" in row:
        return "norce.relations"
    return "norce.products"


def _kind_of_object_stream(head: bytes) -> str | None:
    """The Norce body kind of objects written back to back, told by the first one's keys.

    Every key must be a property of that kind's item schema: a lone object is otherwise
    as likely a Ka-ching body or something else entirely.
    """
    from linter.norce_model.items import item_properties

    rows, _ = _first_items(head, Layout.ARRAY, 1)
    kind = kind_of_norce_row(rows[0]) if rows else None
    if kind is None or not rows[0]:
        return None
    properties = item_properties(kind)
    return kind if set(rows[0]) <= properties else None


def detect_kind(data: bytes) -> str | None:
    """The payload kind of ``data`` (a whole document or its first bytes), or ``None``."""
    head = data[:SNIFF_SIZE]
    stripped = head.lstrip(BOM).lstrip()
    if stripped.startswith(b"<"):
        match = _XML_ROOT.search(_XML_PROLOG.sub(b"", stripped[:65536]))
        if match is None:
            return None
        name = match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]
        if name in XML_ITEM_ROOTS and CONTRACT_NAMESPACE in match.group(2):
            return XML_ITEM_ROOTS[name]
        return XML_ROOTS.get(name)
    if stripped.startswith(b"["):
        rows, _ = _first_items(head, Layout.ARRAY, 1)
        return kind_of_norce_row(rows[0]) if rows else None
    if stripped.startswith(b"{"):
        members, _ = _first_items(head, Layout.MEMBERS, 3)
        keys = {key for member in members if isinstance(member, dict) for key in member}
        first_key = _FIRST_KEY.match(stripped)
        if first_key is not None:
            keys.add(first_key.group(1).decode("utf-8", "replace"))
        if not keys:
            return None
        if keys & (UNLEASHED_KEYS | UNLEASHED_ROW_KEYS):
            return "unleashed.stock-on-hand"
        if keys & HEADER_KEYS or any(k.endswith("FieldsThatAreSet") for k in keys):
            return "norce.header"
        streamed = _kind_of_object_stream(head)
        if streamed is not None:
            return streamed
        values = [v for member in members if isinstance(member, dict) for v in member.values()]
        if values and all(isinstance(v, dict) for v in values) and _stock_leaves(values):
            return "kaching.stock"
    return None


_NUMERIC_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _is_count(value: Any) -> bool:
    """A Ka-ching count, or a count written as text (a common slip that KS001 then reports)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and _NUMERIC_TEXT.fullmatch(value.strip()) is not None


def _stock_leaves(locations: list[Any]) -> bool:
    """Whether the sampled locations look like stock: every product holds a count or an object
    of counts, and there is at least one count. Shape alone (an object of objects) is not
    enough: tooling files such as tsconfig.json or turbo.json have it too, with booleans,
    words or lists as leaves."""
    counted = 0
    for products in locations:
        for value in products.values():
            leaves = list(value.values()) if isinstance(value, dict) else [value]
            if not all(_is_count(leaf) for leaf in leaves):
                return False
            counted += len(leaves)
    return counted > 0
