"""Norce header field lists: resolve codes and names through the spec's enums.

Placeholder signatures; the Norce rules owner fills this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def header_kind_of(header: Mapping[str, Any]) -> str:
    """Tell the four header types apart by content: product, onhand, price or relation."""
    if "SkuOnhandFieldsThatAreSet" in header:
        return "onhand"
    if "RelationFieldsThatAreSet" in header or "RelationCultureFieldsThatAreSet" in header:
        return "relation"
    return "product"
