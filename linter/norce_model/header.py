"""The Norce header model: its fields and lists, telling header types apart, what a header sets.

The fields of every header kind are kept as one table in :mod:`linter.spec_cache` (keyed by
the Norce spec's digest), so a lint does not walk the spec to rebuild them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linter.coded_enums import CodedEnum, EnumMember, coded_enum
from linter.norce_model.names import FULL_FILE, HEADER_KINDS, TWIN_SUFFIXES
from linter.norce_model.spec import (
    accepts_strings,
    component_schemas,
    find_enum,
    header_schema_for_body,
    header_schema_of_kind,
    resolve_node,
)
from linter.spec_cache import cached_value
from linter.specs import SpecError, spec_digest


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
    rows = _header_table().get(header_kind)
    if rows is None:
        return _computed_header_fields(header_kind)
    return {
        row[0]: HeaderField(
            name=row[0],
            is_list=row[1],
            enum=coded_enum("norce", row[2]) if row[2] is not None else None,
            names_allowed=row[3],
            requires=row[4],
            subset_of=row[5],
        )
        for row in rows
    }


def _build_header_table() -> dict[str, list[tuple[Any, ...]]]:
    """header kind -> its fields as rows (the enum by its schema name)."""
    table: dict[str, list[tuple[Any, ...]]] = {}
    for header_kind in HEADER_KINDS.values():
        try:
            fields = _computed_header_fields(header_kind)
        except SpecError:  # left to the lazy path, which raises it when it matters
            continue
        table[header_kind] = [
            (
                f.name,
                f.is_list,
                f.enum.schema_name if f.enum is not None else None,
                f.names_allowed,
                f.requires,
                f.subset_of,
            )
            for f in fields.values()
        ]
    return table


@functools.cache
def _header_table() -> dict[str, list[tuple[Any, ...]]]:
    table: dict[str, list[tuple[Any, ...]]] = cached_value(
        "norce-header", spec_digest("norce"), _build_header_table
    )
    return table


def _computed_header_fields(header_kind: str) -> Mapping[str, HeaderField]:
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
