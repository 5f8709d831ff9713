"""Finding repeated keys, which a JSON parser silently collapses to one value."""

from __future__ import annotations

import json
from typing import Any

import orjson

from linter.read.locate import join_pointer


def may_hide_duplicates(raw: bytes, start: int, end: int, parsed: Any) -> bool:
    """``False`` when ``parsed`` (the values in ``raw[start:end]``) certainly lost no member
    to a repeated key.

    Serialized again, ``parsed`` holds every ``:`` of the raw bytes (in keys, between key and
    value, inside strings) unless a member was dropped, or a string spelled a colon as the
    escape ``\\u003a``; so equal counts prove there was no repeated key.
    """
    colons = raw.count(b":", start, end)
    if not colons or top_level_members(parsed) == colons:
        return False
    if raw.find(b"\\", start, end) >= 0 and (
        raw.find(b"\\u003a", start, end) >= 0 or raw.find(b"\\u003A", start, end) >= 0
    ):
        return True
    return orjson.dumps(parsed).count(b":") != colons


def top_level_members(parsed: Any) -> int | None:
    """Members of ``parsed`` if an object, of its elements if a list of objects, else ``None``.

    The flat-row shortcut: every member in the raw bytes has a colon, and so has every member
    of a nested object and every colon in a string; the parsed objects keep one member per
    distinct key. So if they hold as many members as the raw bytes have colons, nothing is
    nested, no string holds a colon, and no key repeats.
    """
    kind = type(parsed)
    if kind is dict:
        return len(parsed)
    if kind is list and parsed and set(map(type, parsed)) == {dict}:
        return sum(map(len, parsed))
    return None


class _PairsObject(list[tuple[str, Any]]):
    """An object parsed with its members in order, duplicates kept."""


def duplicate_key_pointers(raw: bytes, root: str) -> list[str]:
    """Pointers (below ``root``) of every member whose key repeats an earlier key."""
    try:
        tree = json.loads(raw, object_pairs_hook=_PairsObject)
    except (ValueError, RecursionError):
        return []
    found: list[str] = []
    stack: list[tuple[Any, str]] = [(tree, root)]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, _PairsObject):
            seen: set[str] = set()
            for key, child in node:
                child_pointer = pointer + join_pointer([key])
                if key in seen:
                    found.append(child_pointer)
                seen.add(key)
                stack.append((child, child_pointer))
        elif isinstance(node, list):
            stack.extend((child, f"{pointer}/{i}") for i, child in enumerate(node))
    return sorted(set(found))
