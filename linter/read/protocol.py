"""What every reader offers the engine: items one by one, then problems and extras."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from linter.read.item import Item
from linter.read.problems import Problem


class Reader(Protocol):
    """A document cut into items; the attributes are complete once :meth:`items` is drained."""

    problems: list[Problem]
    """What keeps the bytes from being read (source rule codes)."""
    extras: dict[str, Any]
    """Top-level members that are not items (Unleashed ``Pagination``)."""
    item_count: int
    empty: bool

    def items(self) -> Iterator[Item]: ...
