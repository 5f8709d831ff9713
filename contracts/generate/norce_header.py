"""What the Norce spec says about a header: the header schema of each import, the enum each
flag list holds, which flags govern which properties, and a drawn set of flags.

Every object schema names its header list (``x-skuguard-fields-list``) and every governed
property its flag (``x-skuguard-flag``); a ``…CreateOnly`` / ``…LimitedUpdate`` twin of a flag
governs the same properties.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from linter.norce_model import IMPORT_OPERATIONS, header_schema_for_body
from linter.specs import CodedEnum, coded_enum, schema, spec_view

Draw = Callable[[st.SearchStrategy[Any]], Any]

HEADER_SCHEMAS: Mapping[str, str] = {
    kind: header_schema_for_body(kind) for kind in IMPORT_OPERATIONS
}
"""Body kind -> the header schema its import operation declares in the spec."""
TWIN_SUFFIXES: tuple[str, ...] = ("CreateOnly", "LimitedUpdate")


def ref_name(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    if isinstance(ref, str):
        return ref.rsplit("/", 1)[-1]
    for option in node.get("anyOf", ()):
        name = ref_name(option)
        if name is not None:
            return name
    return None


@functools.cache
def operation_body_schema(header_schema: str) -> str:
    """The body item schema of the operation whose X-StormConnect-Header is ``header_schema``."""
    for path_item in spec_view("norce")["paths"].values():
        for operation in path_item.values():
            if not isinstance(operation, Mapping):
                continue
            for parameter in operation.get("parameters", ()):
                content = parameter.get("content", {}).get("application/json", {})
                if ref_name(content.get("schema", {})) == header_schema:
                    body = operation["requestBody"]["content"]["application/json"]["schema"]
                    name = ref_name(body["items"])
                    if name is not None:
                        return name
    raise LookupError(f"no Norce operation takes the header {header_schema}")


@functools.cache
def list_enum(header_schema: str, list_name: str) -> CodedEnum:
    """The coded enum whose members a header list holds."""
    prop = schema("norce", header_schema)["properties"][list_name]
    item_schema = ref_name(prop["items"])
    if item_schema is None:
        raise LookupError(f"{header_schema}.{list_name} items name no enum")
    enum_schema = ref_name(schema("norce", item_schema))
    if enum_schema is None:
        raise LookupError(f"{item_schema} names no enum")
    return coded_enum("norce", enum_schema)


@dataclass(frozen=True)
class Governed:
    """An object schema governed by a header list: which flags set which properties."""

    schema_name: str
    list_name: str
    flag_of: Mapping[str, str]  # property -> base flag
    twins: Mapping[str, tuple[str, ...]]  # base flag -> its CreateOnly/LimitedUpdate twins

    def drawable(self, enum: CodedEnum) -> tuple[str, ...]:
        deprecated = {m.name for m in enum.members if m.deprecated}
        bases = {f for f in self.flag_of.values() if f not in deprecated}
        return tuple(m.name for m in enum.members if m.name in bases)

    def properties_for(self, flags: Sequence[str]) -> tuple[str, ...]:
        chosen = set(flags)
        return tuple(
            prop
            for prop, base in self.flag_of.items()
            if base in chosen or chosen.intersection(self.twins.get(base, ()))
        )


@functools.cache
def governed(schema_name: str, header_schema: str) -> Governed:
    """Read the flag mapping of ``schema_name`` from the spec."""
    node = schema("norce", schema_name)
    list_name = str(node["x-skuguard-fields-list"])
    enum = list_enum(header_schema, list_name)
    flag_of = {
        prop: str(sub["x-skuguard-flag"])
        for prop, sub in node.get("properties", {}).items()
        if "x-skuguard-flag" in sub
    }
    twins = {
        base: tuple(base + suffix for suffix in TWIN_SUFFIXES if base + suffix in enum.by_name)
        for base in set(flag_of.values())
    }
    return Governed(schema_name, list_name, flag_of, twins)


@dataclass
class HeaderPlan:
    """The flags drawn for each header list, by member name."""

    header_schema: str
    lists: dict[str, list[str]] = field(default_factory=dict)

    def flags(self, list_name: str) -> list[str]:
        return self.lists.get(list_name, [])

    def to_header(self, draw: Draw, account_id: int) -> dict[str, Any]:
        header: dict[str, Any] = {"AccountId": account_id, "FullFile": False}
        for list_name, names in self.lists.items():
            enum = list_enum(self.header_schema, list_name)
            header[list_name] = [
                enum.by_name[name].code if draw(st.booleans()) else name for name in names
            ]
        if draw(st.booleans()):
            serialization = coded_enum("norce", "SerializationType").by_name["JSON"]
            header["SerializationType"] = draw(
                st.sampled_from([serialization.code, serialization.name])
            )
        return header


def draw_flags(
    draw: Draw, gov: Governed, header_schema: str, forced: Sequence[str] = ()
) -> list[str]:
    """A non-empty set of flags for ``gov``'s list, each base flag possibly as a twin."""
    enum = list_enum(header_schema, gov.list_name)
    bases = draw(st.sets(st.sampled_from(gov.drawable(enum)), min_size=1, max_size=6))
    bases |= set(forced)
    chosen = []
    for base in sorted(bases, key=lambda name: enum.by_name[name].code):
        options = (base, *gov.twins.get(base, ()))
        chosen.append(draw(st.sampled_from(options)) if base not in forced else base)
    return chosen
