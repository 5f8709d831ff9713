"""The Norce body model: each object schema's flags, children, deprecated properties and
.NET defaults.

The nodes of every body kind are kept as one table in :mod:`linter.spec_cache` (keyed by the
Norce spec's digest), so a lint does not walk the spec to rebuild them.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linter.coded_enums import CodedEnum
from linter.norce_model.header import header_fields
from linter.norce_model.names import IMPORT_OPERATIONS
from linter.norce_model.spec import (
    body_item_schema,
    component_schemas,
    find_enum,
    resolve_node,
    schema_name_of,
)
from linter.spec_cache import cached_value
from linter.specs import SpecError, spec_digest


@dataclass(frozen=True, slots=True)
class BodyNode:
    """One body object schema, as far as the Norce rules need it."""

    schema: str
    fields_list: str | None
    flags: Mapping[str, str]
    """property -> the enum member name that governs it (``x-skuguard-flag``)."""
    children: Mapping[str, tuple[bool, str]]
    """property -> (is an array, object schema name) for nested objects."""
    deprecated: frozenset[str]
    properties: frozenset[str]
    required: frozenset[str]
    defaults: Mapping[str, object] = dataclasses.field(default_factory=dict)
    """property -> its .NET default (``x-skuguard-default``), which the vendor client always
    writes for a non-nullable value type."""
    unset_enums: frozenset[str] = frozenset()
    """Enum properties whose .NET default is no member: on the wire it only means "unset"."""


def is_dotnet_default(value: object, default: object) -> bool:
    """``value`` equals ``default`` as JSON Schema ``const`` compares (``false`` is not ``0``)."""
    return isinstance(value, bool) == isinstance(default, bool) and value == default


def _child(prop: Any) -> tuple[bool, str] | None:
    prop = prop if isinstance(prop, Mapping) else {}
    name = schema_name_of(prop)
    if name is not None and "x-enum-names" not in component_schemas().get(name, {}):
        target = resolve_node(component_schemas().get(name, {}))
        if isinstance(target, Mapping) and target.get("type") == "array":
            inner = schema_name_of(target.get("items", {}))
            return (True, inner) if inner is not None else None
        return (False, name) if isinstance(target, Mapping) and "properties" in target else None
    items_type = prop.get("type")
    if items_type == "array" or (isinstance(items_type, list) and "array" in items_type):
        inner = schema_name_of(prop.get("items", {}))
        if inner is not None and "properties" in resolve_node(component_schemas().get(inner, {})):
            return (True, inner)
    return None


@functools.cache
def body_node(schema_name: str) -> BodyNode:
    row = _body_table().get(schema_name)
    return BodyNode(*row) if row is not None else _computed_body_node(schema_name)


_BODY_FIELDS = tuple(f.name for f in dataclasses.fields(BodyNode))


def _build_body_table() -> dict[str, tuple[Any, ...]]:
    """schema name -> the fields of its :class:`BodyNode`, for every body kind's schemas."""
    rows: dict[str, tuple[Any, ...]] = {}
    for kind in IMPORT_OPERATIONS:
        try:
            pending = [body_item_schema(kind)]
        except SpecError:  # left to the lazy path, which raises it when it matters
            continue
        while pending:
            name = pending.pop(0)
            if name in rows:
                continue
            try:
                node = _computed_body_node(name)
            except SpecError:
                continue
            rows[name] = tuple(getattr(node, f) for f in _BODY_FIELDS)
            pending.extend(child for _, child in node.children.values())
    return rows


@functools.cache
def _body_table() -> dict[str, tuple[Any, ...]]:
    table: dict[str, tuple[Any, ...]] = cached_value(
        "norce-body", spec_digest("norce"), _build_body_table
    )
    return table


def _computed_body_node(schema_name: str) -> BodyNode:
    node = resolve_node(component_schemas().get(schema_name))
    if not isinstance(node, Mapping):
        raise SpecError(f"norce spec has no components/schemas/{schema_name}")
    fields_list = node.get("x-skuguard-fields-list")
    flags: dict[str, str] = {}
    children: dict[str, tuple[bool, str]] = {}
    deprecated: set[str] = set()
    defaults: dict[str, object] = {}
    unset_enums: set[str] = set()
    properties = node.get("properties", {})
    for name, prop in properties.items():
        if not isinstance(prop, Mapping):
            continue
        flag = prop.get("x-skuguard-flag")
        if isinstance(flag, str):
            flags[str(name)] = flag
        if prop.get("deprecated") is True:
            deprecated.add(str(name))
        if "x-skuguard-default" in prop:
            defaults[str(name)] = default = prop["x-skuguard-default"]
            enum = find_enum(prop)
            if enum is not None and default not in enum.by_code:
                unset_enums.add(str(name))
        child = _child(prop)
        if child is not None:
            children[str(name)] = child
    return BodyNode(
        schema=schema_name,
        fields_list=str(fields_list) if isinstance(fields_list, str) else None,
        flags=flags,
        children=children,
        deprecated=frozenset(deprecated),
        properties=frozenset(str(p) for p in properties),
        required=frozenset(str(p) for p in node.get("required", ())),
        defaults=defaults,
        unset_enums=frozenset(unset_enums),
    )


@functools.cache
def body_schemas(kind: str) -> tuple[str, ...]:
    """Every object schema reachable from the body item of ``kind``, root first."""
    seen: list[str] = []
    pending = [body_item_schema(kind)]
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.append(name)
        pending.extend(child for _, child in body_node(name).children.values())
    return tuple(seen)


@functools.cache
def list_enum(header_kind: str, fields_list: str) -> CodedEnum | None:
    field = header_fields(header_kind).get(fields_list)
    return field.enum if field is not None else None


@functools.cache
def deprecated_body_properties(header_kind: str, schema_name: str) -> frozenset[str]:
    """Properties deprecated in the schema, or governed by a deprecated enum member."""
    node = body_node(schema_name)
    found = set(node.deprecated)
    enum = list_enum(header_kind, node.fields_list) if node.fields_list else None
    if enum is not None:
        for prop, flag in node.flags.items():
            member = enum.by_name.get(flag)
            if member is not None and member.deprecated:
                found.add(prop)
    return frozenset(found)
