"""Integer enums with names, as the specs declare them (``x-enum-names``)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass

from linter.specs import Api, SpecError, schema


@dataclass(frozen=True, slots=True)
class EnumMember:
    code: int
    name: str
    remark: str | None
    deprecated: bool


@dataclass(frozen=True)
class CodedEnum:
    """An integer enum with names, as declared with ``x-enum-names`` in a spec."""

    schema_name: str
    members: tuple[EnumMember, ...]
    aliases: Mapping[str, str] = dataclasses.field(default_factory=dict, hash=False, compare=False)
    """Other accepted name -> the member name it stands for (``x-enum-aliases``)."""
    wire_only: frozenset[int] = frozenset()
    """Codes a vendor client may send but the docs give no effect (``x-skuguard-wire-codes``)."""

    @functools.cached_property
    def by_code(self) -> Mapping[int, EnumMember]:
        return {m.code: m for m in self.members}

    @functools.cached_property
    def by_name(self) -> Mapping[str, EnumMember]:
        return {m.name: m for m in self.members}

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(m.code for m in self.members)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)

    def resolve(self, value: object) -> EnumMember | None:
        """Map an integer code or a name to its member; ``None`` when unknown."""
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return self.by_code.get(value)
        if isinstance(value, str):
            return self.by_name.get(self.aliases.get(value, value))
        return None


@functools.cache
def coded_enum(api: Api, schema_name: str) -> CodedEnum:
    """Read an integer enum with its ``x-enum-names``, ``x-enum-aliases``, ``x-remarks`` and
    ``x-deprecated``."""
    node = schema(api, schema_name)
    codes = node.get("enum")
    names = node.get("x-enum-names")
    if not isinstance(codes, list) or not isinstance(names, list) or len(codes) != len(names):
        raise SpecError(f"{api} schema {schema_name} needs parallel 'enum' and 'x-enum-names'")
    remarks: Mapping[str, str] = node.get("x-remarks", {})
    deprecated = frozenset(node.get("x-deprecated", ()))
    members = tuple(
        EnumMember(code=int(c), name=str(n), remark=remarks.get(str(n)), deprecated=n in deprecated)
        for c, n in zip(codes, names, strict=True)
    )
    aliases = node.get("x-enum-aliases", {})
    if not isinstance(aliases, Mapping) or any(str(a) not in names for a in aliases.values()):
        raise SpecError(f"{api} schema {schema_name}: each x-enum-aliases value must be a name")
    wire_only = frozenset(int(c) for c in node.get("x-skuguard-wire-codes", ()))
    if not wire_only <= {m.code for m in members}:
        raise SpecError(f"{api} schema {schema_name}: x-skuguard-wire-codes must be enum codes")
    return CodedEnum(
        schema_name=schema_name,
        members=members,
        aliases={str(k): str(a) for k, a in aliases.items()},
        wire_only=wire_only,
    )


__all__ = ["CodedEnum", "EnumMember", "coded_enum"]
