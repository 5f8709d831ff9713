"""What each kind of document is made of: where its items are."""

from __future__ import annotations

from collections.abc import Mapping

from linter.read.item import Layout

LAYOUTS: Mapping[str, Layout] = {
    "norce.products": Layout.ARRAY,
    "norce.onhands": Layout.ARRAY,
    "norce.prices": Layout.ARRAY,
    "norce.relations": Layout.ARRAY,
    "norce.header": Layout.WHOLE,
    "kaching.stock": Layout.MEMBERS,
    "unleashed.stock-on-hand": Layout.ITEMS_MEMBER,
}

__all__ = [
    "LAYOUTS",
]
