"""Where a document's items are (:class:`Layout`) and one item with what locates nodes in it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from linter.read.locate import locate, split_pointer

CHUNK_SIZE = 4 * 1024 * 1024
MAX_ITEM_SIZE = 64 * 1024 * 1024
MAX_DEPTH = 64
"""Nesting levels a document may have (arrays and objects, or XML elements)."""
BOM = b"\xef\xbb\xbf"


class Layout(Enum):
    """Where the items of a document are."""

    ARRAY = "array"  # elements of the top-level array, or objects back to back (Norce bodies)
    MEMBERS = "members"  # members of the top-level object (Ka-ching locations)
    ITEMS_MEMBER = "items-member"  # elements of the top-level "Items" array (Unleashed)
    WHOLE = "whole"  # the document is one item (a Norce header)


@dataclass(slots=True, repr=False, eq=False)
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
