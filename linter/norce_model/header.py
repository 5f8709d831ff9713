"""The Norce header model: its fields and lists, telling header types apart, what a header sets."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linter.norce_model.names import FULL_FILE, HEADER_KINDS, TWIN_SUFFIXES
from linter.norce_model.spec import (
    accepts_strings,
    component_schemas,
    find_enum,
    header_schema_for_body,
    header_schema_of_kind,
    resolve_node,
)
from linter.specs import CodedEnum, EnumMember


@dataclass(frozen=True, slots=True)
class HeaderField:
    """One property of a header schema."""

    name: str
    is_list: bool
    enum: CodedEnum | None
    names_allowed: bool
    requires: tuple[str, str] | None
    subset_of: str | None


@functools.cache
def header_fields(header_kind: str) -> Mapping[str, HeaderField]:
    """Every property of the header schema of ``header_kind``, by name."""
    node = resolve_node(component_schemas().get(header_schema_of_kind(header_kind), {}))
    fields: dict[str, HeaderField] = {}
    for name, prop in node.get("properties", {}).items():
        prop = resolve_node(prop)
        is_list = prop.get("type") == "array"
        target = prop.get("items", {}) if is_list else prop
        requires = prop.get("x-skuguard-requires")
        subset_of = prop.get("x-skuguard-subset-of")
        fields[str(name)] = HeaderField(
            name=str(name),
            is_list=is_list,
            enum=find_enum(target),
            names_allowed=accepts_strings(target),
            requires=(str(requires["list"]), str(requires["value"]))
            if isinstance(requires, Mapping)
            else None,
            subset_of=str(subset_of) if isinstance(subset_of, str) else None,
        )
    return fields


@functools.cache
def header_required(header_kind: str) -> tuple[str, ...]:
    node = resolve_node(component_schemas().get(header_schema_of_kind(header_kind), {}))
    return tuple(str(name) for name in node.get("required", ()))


@functools.cache
def _header_property_sets() -> Mapping[str, frozenset[str]]:
    return {kind: frozenset(header_fields(kind)) for kind in HEADER_KINDS.values()}


def header_kinds_declaring(prop: str) -> tuple[str, ...]:
    """The header kinds whose schema declares ``prop``."""
    return tuple(kind for kind, props in _header_property_sets().items() if prop in props)


def header_kind_of(header: Mapping[str, Any]) -> str:
    """Tell the four header types apart by content: product, onhand, price or relation.

    The header type is the most specific one declaring every known key of the header
    (a price header's lists are also ProductHeader lists). When the keys fit none, the type
    declaring most of them wins; a header with only common keys counts as a ProductHeader.
    """
    sets = _header_property_sets()
    known = set().union(*sets.values())
    keys = {key for key in header if key in known}
    common = frozenset.intersection(*sets.values())
    if keys <= common:
        return HEADER_KINDS[header_schema_for_body("norce.products")]
    fitting = [kind for kind, props in sets.items() if keys <= props]
    if fitting:
        return min(fitting, key=lambda kind: len(sets[kind]))
    return max(sets, key=lambda kind: (len(keys & sets[kind]), kind == "product"))


def resolve_value(value: object, enum: CodedEnum) -> EnumMember | None:
    """A header list value (integer code or name) as its enum member; ``None`` when unknown."""
    return enum.resolve(value)


def name_suggestion(value: object, enum: CodedEnum) -> str | None:
    """The member name that ``value`` matches apart from letter case."""
    if not isinstance(value, str):
        return None
    folded = value.casefold()
    for member in enum.members:
        if member.name.casefold() == folded:
            return member.name
    return None


def twin_base(name: str, enum: CodedEnum) -> str | None:
    """For ``NameCreateOnly`` / ``NameLimitedUpdate`` the member ``Name``, if the enum has it."""
    for suffix in TWIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            if base in enum.by_name:
                return base
    return None


@dataclass(frozen=True, slots=True)
class HeaderSettings:
    """What a header sets, resolved once per document."""

    header_kind: str
    lists: Mapping[str, frozenset[str]]
    """list property -> names of the valid members it holds (only lists present in the header);
    wire-only codes (no documented effect) are left out."""
    effective: Mapping[str, frozenset[str]]
    """list property -> member names, plus the base name of every CreateOnly/LimitedUpdate twin."""
    full_file: bool


def header_settings(header: Mapping[str, Any], header_kind: str) -> HeaderSettings:
    fields = header_fields(header_kind)
    lists: dict[str, frozenset[str]] = {}
    effective: dict[str, frozenset[str]] = {}
    for name, value in header.items():
        field = fields.get(name)
        if field is None or not field.is_list or field.enum is None or not isinstance(value, list):
            continue
        enum = field.enum
        members = {
            m.name
            for v in value
            if (m := enum.resolve(v)) is not None and m.code not in enum.wire_only
        }
        bases = {b for n in members if (b := twin_base(n, enum)) is not None}
        lists[name] = frozenset(members)
        effective[name] = frozenset(members | bases)
    return HeaderSettings(
        header_kind=header_kind,
        lists=lists,
        effective=effective,
        full_file=header.get(FULL_FILE) is True,
    )


# --- Bodies ------------------------------------------------------------------------
