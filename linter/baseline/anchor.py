"""A finding's identity in a baseline: file, code, the item's own key and the pointer inside it.

The item's index is not part of it: a product inserted at the top of a file leaves the
identities of the findings below it unchanged. Array elements inside an item are named by
their own key too (a SKU by its ``PartNo``), when they have one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linter.read.item import Layout
from linter.read.locate import join_pointer, split_pointer

ITEM_KEYS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "norce.products": (("Code",), ("ManufacturerCode",)),
    "norce.onhands": (("PartNo", "WarehouseCode", "LocationCode"),),
    "norce.prices": (("PartNo", "PriceListCode", "QuantityBreak"), ("PartNo", "PriceListCode")),
    "norce.relations": (("PartNo", "RelatedPartNo", "RelationTypeCode"),),
    "unleashed.stock-on-hand": (("ProductCode", "WarehouseCode"), ("ProductCode",), ("Guid",)),
}
"""Per kind, the key fields of an item, tried in order: the first set the item has in full wins."""

NESTED_KEYS = (
    "PartNo",
    "ManufacturerPartNo",
    "CultureCode",
    "PriceListCode",
    "WarehouseCode",
    "Code",
)
"""Fields that name an element of an array inside an item (a SKU, a variant, a culture)."""

HASH_FIELD = "#sha256"
"""The key of an item that has none of its kind's key fields: a digest of its content."""


@dataclass(frozen=True, slots=True, order=True)
class Identity:
    """What a baseline entry matches: equal identities are the same finding."""

    file: str
    code: str
    item: str
    """The item's key as canonical JSON (``{}`` for findings outside any item)."""
    pointer: str
    """The JSON pointer inside the item, array indices replaced by element keys."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "code": self.code,
            "item": json.loads(self.item),
            "pointer": self.pointer,
        }


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def item_key(kind: str, value: Any) -> dict[str, Any]:
    """The key fields of one item, or a digest of its content when it has none."""
    if isinstance(value, Mapping):
        for fields in ITEM_KEYS.get(kind, ()):
            if all(_scalar(value.get(name)) for name in fields):
                return {name: value[name] for name in fields}
    digest = hashlib.sha256(canonical(value).encode("utf-8", "surrogatepass")).hexdigest()
    return {HASH_FIELD: digest[:16]}


def inner_pointer(value: Any, tokens: Sequence[str]) -> str:
    """``tokens`` (inside an item) as a pointer whose array indices are element keys."""
    shown: list[str] = []
    node = value
    for token in tokens:
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            element = node[int(token)]
            shown.append(_element_name(element, token))
            node = element
        elif isinstance(node, Mapping) and token in node:
            shown.append(token)
            node = node[token]
        else:
            shown.append(token)
            node = None
    return join_pointer(shown)


def _element_name(element: Any, index: str) -> str:
    if isinstance(element, Mapping):
        for name in NESTED_KEYS:
            if _scalar(element.get(name)):
                return f"[{name}={element[name]}]"
    return index


def item_index(layout: Layout, pointer: str) -> tuple[int, list[str]] | None:
    """The item index a pointer starts with and the tokens inside that item, if it has one."""
    tokens = split_pointer(pointer)
    if layout is Layout.ARRAY and tokens and tokens[0].isdigit():
        return int(tokens[0]), tokens[1:]
    if (
        layout is Layout.ITEMS_MEMBER
        and len(tokens) > 1
        and tokens[0] == "Items"
        and tokens[1].isdigit()
    ):
        return int(tokens[1]), tokens[2:]
    return None


def member_identity(file: str, code: str, pointer: str) -> Identity:
    """Ka-ching: the location and product are the first two members of the pointer."""
    tokens = split_pointer(pointer)
    key = dict(zip(("location", "product"), tokens[:2], strict=False))
    return Identity(file, code, canonical(key), join_pointer(tokens[2:]))


def plain_identity(file: str, code: str, pointer: str) -> Identity:
    """A finding outside any item (a header, the document as a whole): its pointer as it is."""
    return Identity(file, code, "{}", pointer)


__all__ = [
    "HASH_FIELD",
    "ITEM_KEYS",
    "NESTED_KEYS",
    "Identity",
    "canonical",
    "inner_pointer",
    "item_index",
    "item_key",
    "member_identity",
    "plain_identity",
]
