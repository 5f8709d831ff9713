"""Unleashed's XML form of the JSON replies (namespace, unwrapped items, ISO dates)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

XML_NAMESPACE = "http://api.unleashedsoftware.com/version/1"
INTEGER_FIELDS = frozenset(
    {"NumberOfItems", "PageSize", "PageNumber", "NumberOfPages", "DaysSinceLastSale"}
)


def _text(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if name in INTEGER_FIELDS:
            return str(int(value))
        return f"{value:.4f}" if round(value, 4) == value else repr(float(value))
    if isinstance(value, str) and value.startswith("/Date(") and value.endswith(")/"):
        millis = int(value[6:-2])
        instant = datetime.fromtimestamp(millis / 1000, tz=UTC).replace(tzinfo=None)
        return instant.isoformat(timespec="milliseconds")
    return str(value)


def _add(parent: ET.Element, name: str, value: Any) -> None:
    if value is None:
        return  # XML omits null elements
    element = ET.SubElement(parent, f"{{{XML_NAMESPACE}}}{name}")
    if isinstance(value, Mapping):
        for key, sub in value.items():
            _add(element, key, sub)
    else:
        element.text = _text(name, value)


def render(root_name: str, body: Mapping[str, Any], item_name: str = "StockOnHand") -> bytes:
    """``body`` as Unleashed XML: ``Items`` become unwrapped ``item_name`` elements."""
    ET.register_namespace("", XML_NAMESPACE)
    root = ET.Element(f"{{{XML_NAMESPACE}}}{root_name}")
    for key, value in body.items():
        if key == "Items":
            for item in value:
                _add(root, item_name, item)
        else:
            _add(root, key, value)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + text
