"""Readers: cut a payload (JSON or XML) into items and report what keeps it from being read.

Both readers follow :class:`Reader`. The names below are imported on first use, so that
``import linter.read`` costs nothing until a reader is needed (numpy, defusedxml).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linter.read.item import Item, Layout
    from linter.read.json import JsonReader
    from linter.read.problems import FatalSourceError, Problem
    from linter.read.protocol import Reader
    from linter.read.xml import XmlReader

_HOMES: dict[str, str] = {
    "FatalSourceError": "linter.read.problems",
    "Item": "linter.read.item",
    "JsonReader": "linter.read.json",
    "Layout": "linter.read.item",
    "Problem": "linter.read.problems",
    "Reader": "linter.read.protocol",
    "XmlReader": "linter.read.xml",
}

__all__ = ["FatalSourceError", "Item", "JsonReader", "Layout", "Problem", "Reader", "XmlReader"]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'linter.read' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
