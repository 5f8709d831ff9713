"""Convert XML element trees to the JSON shape of the payloads, guided by the spec's schemas.

XML has no types of its own: text is coerced by the types the schema declares, enums written by
member name become their codes, and a DataContract ``xs:dateTime`` becomes ``/Date(ms)/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from linter.read.locate import join_pointer

_INTEGER = re.compile(r"[+-]?\d+\Z")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")

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
