"""Messages for a value outside an enum: every allowed value, by code and name when the
spec names them (``x-enum-names``), instead of the validator's ``1, 2 or 4 other
candidates``."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from linter.specs import Api, spec_view

MAX_LISTED = 24


@functools.cache
def _named_enums(api: Api) -> Mapping[tuple[str, ...], tuple[str, ...]]:
    """The spec's named enums: their values (as JSON text) -> their names. Values that two
    differently named enums share are left out."""
    schemas = spec_view(api).get("components", {}).get("schemas", {})
    found: dict[tuple[str, ...], tuple[str, ...]] = {}
    ambiguous: set[tuple[str, ...]] = set()
    for node in schemas.values() if isinstance(schemas, Mapping) else ():
        if not isinstance(node, Mapping):
            continue
        codes, names = node.get("enum"), node.get("x-enum-names")
        if isinstance(codes, list) and isinstance(names, list) and len(codes) == len(names):
            key, named = _key(codes), tuple(str(n) for n in names)
            if found.setdefault(key, named) != named:
                ambiguous.add(key)  # two enums with these values: which names is unknowable
    return {k: v for k, v in found.items() if k not in ambiguous}


def _key(values: Sequence[Any]) -> tuple[str, ...]:
    return tuple(json.dumps(v, sort_keys=True) for v in values)


def enum_message(api: Api, value: Any, options: Sequence[Any]) -> str:
    """``"one" is not an allowed value; allowed: 1 (Name), 2 (Other), …``."""
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 60:
        shown = shown[:59] + "…"
    key = _key(options)
    names = _named_enums(api).get(key)
    labels = [
        f"{code} ({name})" if names else code for code, name in zip(key, names or key, strict=True)
    ]
    listed = ", ".join(labels[:MAX_LISTED])
    if len(labels) > MAX_LISTED:
        listed += f" and {len(labels) - MAX_LISTED} more"
    return f"{shown} is not an allowed value; allowed: {listed}"


__all__ = ["enum_message"]
