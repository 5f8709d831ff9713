"""Write Norce's .NET DataContract XML: import bodies (``ArrayOf<Model>``) and headers.

What the XML must look like is decided by the linter's reader (``linter.read.xml``), which the
sandbox uses too: element names are the JSON property names, members come in alphabetical
order, ``null`` is ``i:nil="true"``, a list is one child element per item, and a body's enum
values are member names (as DataContract writes them; header lists keep integer codes, which
the ProductHeader doc requires with XML). A value the reader could not read back unchanged raises
:class:`UnwritableError` instead of being written differently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from linter.specs import schema

MODELS_NAMESPACE = "Enferno.Services.StormConnect.Contracts.Product.Models"
ARRAYS_NAMESPACE = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
INSTANCE_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'

_ROOT_ATTRIBUTES = (
    f'xmlns="{MODELS_NAMESPACE}" xmlns:a="{ARRAYS_NAMESPACE}" xmlns:i="{INSTANCE_NAMESPACE}"'
)
# XML 1.0 characters, without CR (parsers turn it into LF).
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class UnwritableError(ValueError):
    """A value XML cannot carry so that the linter's reader reads it back unchanged."""


def body(items: Sequence[Any], item_schema: str) -> bytes:
    """An import body: ``<ArrayOf{item_schema}>`` holding one ``<{item_schema}>`` per item."""
    parts = [DECLARATION, f"<ArrayOf{item_schema} {_ROOT_ATTRIBUTES}>"]
    for item in items:
        parts.append(_element(item_schema, item, item_schema, "/", enum_names=True))
    parts.append(f"</ArrayOf{item_schema}>")
    return "".join(parts).encode("utf-8")


def header(value: Mapping[str, Any], header_schema: str) -> str:
    """An ``X-StormConnect-Header`` value: the header object as one line of XML."""
    children = "".join(
        _element(
            name, value[name], _property_schema(header_schema, name), f"/{name}", enum_names=False
        )
        for name in sorted(value)
    )
    return f"<{header_schema} {_ROOT_ATTRIBUTES}>{children}</{header_schema}>"


def _element(
    tag: str, value: Any, schema_name: str | None, pointer: str, *, enum_names: bool
) -> str:
    if value is None:
        return f'<{tag} i:nil="true"/>'
    if isinstance(value, Mapping):
        inner = "".join(
            _element(
                str(key),
                value[key],
                _property_schema(schema_name, str(key)),
                f"{pointer}/{key}",
                enum_names=enum_names,
            )
            for key in sorted(value)
        )
        return f"<{tag}>{inner}</{tag}>"
    if isinstance(value, list):
        item_schema = _items_schema(schema_name)
        inner = "".join(
            _element(
                item_schema or _primitive_tag(item),
                item,
                item_schema,
                f"{pointer}/{i}",
                enum_names=enum_names,
            )
            for i, item in enumerate(value)
        )
        return f"<{tag}>{inner}</{tag}>"
    if enum_names and (name := _member_name(schema_name, value)) is not None:
        return f"<{tag}>{name}</{tag}>"
    return f"<{tag}>{_text(value, pointer)}</{tag}>"


def _member_name(schema_name: str | None, value: Any) -> str | None:
    """The member name of ``value`` when ``schema_name`` is a coded enum that has it."""
    if schema_name is None or "." in schema_name or isinstance(value, bool):
        return None
    node = schema("norce", schema_name)
    names, codes = node.get("x-enum-names"), node.get("enum")
    if isinstance(names, list) and isinstance(codes, list) and value in codes:
        return str(names[codes.index(value)])
    return None


def _text(value: Any, pointer: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UnwritableError(f"{pointer}: {value} is not a number XML can hold")
        return repr(value)
    if isinstance(value, str):
        if value != value.strip():
            raise UnwritableError(f"{pointer}: surrounding whitespace is not kept by XML readers")
        if _NOT_XML.search(value):
            raise UnwritableError(f"{pointer}: {value!r} holds a character XML 1.0 cannot carry")
        return escape(value)
    raise UnwritableError(f"{pointer}: {type(value).__name__} values have no XML form")


def _primitive_tag(value: Any) -> str:
    if isinstance(value, bool):
        return "a:boolean"
    if isinstance(value, int):
        return "a:int"
    if isinstance(value, float):
        return "a:decimal"
    return "a:string"


def _ref_name(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    if isinstance(ref, str):
        return ref.rsplit("/", 1)[-1]
    for option in node.get("anyOf", ()):
        if isinstance(option, Mapping) and (name := _ref_name(option)) is not None:
            return name
    return None


def _object_schema(name: str | None) -> Mapping[str, Any] | None:
    if name is None:
        return None
    node = schema("norce", name)
    return node if "properties" in node else None


def _property_schema(schema_name: str | None, prop: str) -> str | None:
    """The schema of ``prop``: an object schema's name, or the owner's array property marker."""
    owner = _object_schema(schema_name)
    if owner is None:
        return None
    node = owner["properties"].get(prop)
    if not isinstance(node, Mapping):
        return None
    if node.get("type") == "array" or "items" in node:
        return f"{schema_name}.{prop}"
    return _ref_name(node)


def _items_schema(schema_name: str | None) -> str | None:
    """For ``Owner.prop`` (an array property), the object schema its items name, if any."""
    if schema_name is None or "." not in schema_name:
        return None
    owner, prop = schema_name.split(".", 1)
    items = schema("norce", owner)["properties"][prop].get("items", {})
    target = _ref_name(items) if isinstance(items, Mapping) else None
    return target if _object_schema(target) is not None else None
