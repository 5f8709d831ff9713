"""Shared machinery of the Norce rule modules (no rules here).

- :func:`settings`: the header resolved once per document.
- :func:`walk`: every object of one body item with its JSON Pointer, walked once per item
  however many rules look at it.
- :class:`FirstSeen`: memory-bounded duplicate detection across items.
- Value helpers: numbers, culture codes, currency codes, GTIN check digits.
"""

from __future__ import annotations

import functools
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from linter import norce_model as nf
from linter.iso4217 import ACTIVE_CODES, WITHDRAWN_CODES
from linter.registry import Finding, LintContext

_SETTINGS_STATE = "_norce.settings"


def expected_header_kind(ctx: LintContext) -> str | None:
    """The header type the body kind of ``ctx`` needs, or the one a lone header has."""
    if ctx.kind in nf.IMPORT_OPERATIONS:
        return nf.header_kind_for_body(ctx.kind)
    if ctx.header_kind is not None:
        return ctx.header_kind
    return nf.header_kind_of(ctx.header) if ctx.header is not None else None


_last_settings: tuple[object, nf.HeaderSettings | None] | None = None


def settings(ctx: LintContext) -> nf.HeaderSettings | None:
    """The body's header, resolved once per document; ``None`` without a header."""
    global _last_settings
    cached = _last_settings
    if cached is not None and cached[0] is ctx:
        return cached[1]
    header = ctx.header
    found: nf.HeaderSettings | None = None
    if header is not None and ctx.kind in nf.IMPORT_OPERATIONS:
        state = ctx.state(_SETTINGS_STATE)
        found = state.get("settings")
        if found is None:
            found = nf.header_settings(header, nf.header_kind_for_body(ctx.kind))
            state["settings"] = found
    _last_settings = (ctx, found)
    return found


class Visit(NamedTuple):
    """One object of a body item."""

    pointer: str
    node: nf.BodyNode
    obj: Mapping[str, Any]
    parent: int
    """Index of the parent visit in the walk, -1 for the item itself."""
    via: str | None
    """The parent's property this object hangs under."""


_new_visit = functools.partial(tuple.__new__, Visit)
"""Builds a Visit from one tuple without the Python-level ``__new__`` (walks are hot)."""

Edge = tuple[str, bool, nf.BodyNode]


@functools.cache
def _plan(kind: str) -> tuple[nf.BodyNode, Mapping[str, tuple[Edge, ...]]]:
    """The root node of ``kind`` and, per schema, its (property, is array, child node) edges."""
    edges = {
        name: tuple(
            (prop, is_array, nf.body_node(child))
            for prop, (is_array, child) in nf.body_node(name).children.items()
        )
        for name in nf.body_schemas(kind)
    }
    return nf.body_node(nf.body_item_schema(kind)), edges


def _is_object(value: object) -> bool:
    return type(value) is dict or isinstance(value, Mapping)


_last_walk: tuple[object, int, str, list[Visit], dict[str, list[Visit]]] | None = None


def _walked(item: Any, index: int, kind: str) -> tuple[list[Visit], dict[str, list[Visit]]]:
    global _last_walk
    cached = _last_walk
    if cached is not None and cached[0] is item and cached[1] == index and cached[2] == kind:
        return cached[3], cached[4]
    visits: list[Visit] = []
    by_schema: dict[str, list[Visit]] = {}
    if _is_object(item):
        root, edges = _plan(kind)
        _descend(visits, by_schema, edges, f"/{index}", root, item, -1, None)
    _last_walk = (item, index, kind, visits, by_schema)
    return visits, by_schema


def walk(item: Any, index: int, kind: str) -> list[Visit]:
    """Every object of ``item`` that the spec models, in document order.

    The result of the latest call is kept, so the rules run on the same item share one walk.
    """
    return _walked(item, index, kind)[0]


_NO_VISITS: list[Visit] = []


def visits_of(item: Any, index: int, kind: str, *schemas: str) -> list[Visit]:
    """The objects of ``item`` of the given schemas (from the shared walk)."""
    by_schema = _walked(item, index, kind)[1]
    if len(schemas) == 1:
        return by_schema.get(schemas[0], _NO_VISITS)
    return [visit for name in schemas for visit in by_schema.get(name, _NO_VISITS)]


def _descend(
    visits: list[Visit],
    by_schema: dict[str, list[Visit]],
    edges: Mapping[str, tuple[Edge, ...]],
    pointer: str,
    node: nf.BodyNode,
    obj: Mapping[str, Any],
    parent: int,
    via: str | None,
) -> None:
    here = len(visits)
    visit = _new_visit((pointer, node, obj, parent, via))
    visits.append(visit)
    same = by_schema.get(node.schema)
    if same is None:
        by_schema[node.schema] = [visit]
    else:
        same.append(visit)
    for prop, is_array, child in edges[node.schema]:
        value = obj.get(prop)
        if value is None:
            continue
        if is_array:
            if type(value) is list:
                for i, element in enumerate(value):
                    if _is_object(element):
                        _descend(
                            visits,
                            by_schema,
                            edges,
                            f"{pointer}/{prop}/{i}",
                            child,
                            element,
                            here,
                            prop,
                        )
        elif _is_object(value):
            _descend(visits, by_schema, edges, f"{pointer}/{prop}", child, value, here, prop)


_last_governed: tuple[list[Visit], nf.HeaderSettings, list[Visit]] | None = None


def governed_visits(visits: list[Visit], active: nf.HeaderSettings) -> list[Visit]:
    """The visits Norce reads: those not under a container whose flag the header leaves unset."""
    global _last_governed
    if len(visits) <= 1:
        return visits
    cached = _last_governed
    if cached is not None and cached[0] is visits and cached[1] is active:
        return cached[2]
    enabled = _enabled_edges(active)
    ignored = [False] * len(visits)
    kept: list[Visit] = []
    for i, visit in enumerate(visits):
        parent_at = visit.parent
        if parent_at >= 0:
            if ignored[parent_at]:
                ignored[i] = True
                continue
            parent_node = visits[parent_at].node
            edge = (parent_node.schema, visit.via)
            on = enabled.get(edge)
            if on is None:
                on = enabled[edge] = flag_enabled(parent_node, visit.via, active)
            if not on:
                ignored[i] = True
                continue
        kept.append(visit)
    _last_governed = (visits, active, kept)
    return kept


_edges_for: tuple[nf.HeaderSettings, dict[tuple[str, str | None], bool]] | None = None


def _enabled_edges(active: nf.HeaderSettings) -> dict[tuple[str, str | None], bool]:
    """Per (parent schema, property), whether the header lets Norce read below it (memoised)."""
    global _edges_for
    if _edges_for is None or _edges_for[0] is not active:
        _edges_for = (active, {})
    return _edges_for[1]


def flag_enabled(node: nf.BodyNode, prop: str | None, active: nf.HeaderSettings) -> bool:
    flag = node.flags.get(prop) if prop is not None else None
    if flag is None or node.fields_list is None:
        return True
    return flag in active.effective.get(node.fields_list, ())


def unflagged_properties(node: nf.BodyNode, active: nf.HeaderSettings) -> frozenset[str]:
    """Governed properties of ``node`` whose flag the header does not set (identifiers excepted)."""
    if node.fields_list is None:
        return frozenset()
    enabled = active.effective.get(node.fields_list, frozenset())
    identifiers = nf.IDENTIFIER_PROPERTIES.get(node.schema, ())
    return frozenset(
        prop for prop, flag in node.flags.items() if flag not in enabled and prop not in identifiers
    )


def flagged_properties(node: nf.BodyNode, active: nf.HeaderSettings) -> frozenset[str]:
    """Governed properties of ``node`` whose flag the header sets."""
    if node.fields_list is None:
        return frozenset()
    enabled = active.effective.get(node.fields_list, frozenset())
    return frozenset(prop for prop, flag in node.flags.items() if flag in enabled)


def remaining_properties(
    ctx: LintContext, code: str, active: nf.HeaderSettings, pick: Any
) -> dict[str, set[str]]:
    """Per schema, the properties ``pick`` selects that were not reported yet in this document."""
    state = ctx.state(code)
    remaining: dict[str, set[str]] | None = state.get("remaining")
    if remaining is None:
        remaining = state["remaining"] = {
            name: set(pick(nf.body_node(name), active)) for name in nf.body_schemas(ctx.kind)
        }
    return remaining


def unflagged_field_findings(
    item: Any, index: int, ctx: LintContext, code: str
) -> Iterator[Finding]:
    """A body field Norce ignores because its flag is not set; once per field and document."""
    active = settings(ctx)
    if active is None:
        return
    remaining = remaining_properties(ctx, code, active, unflagged_properties)
    if not any(remaining.values()):
        return
    for visit in governed_visits(walk(item, index, ctx.kind), active):
        node, obj = visit.node, visit.obj
        unflagged = remaining[node.schema]
        if not unflagged:
            continue
        hits = unflagged.intersection(obj)
        for prop in sorted(hits) if hits else ():
            if obj[prop] is None:
                continue
            unflagged.discard(prop)
            yield (
                f"{visit.pointer}/{prop}",
                f"{node.schema}.{prop} is present but {node.flags[prop]} is not in "
                f"{node.fields_list}: Norce ignores it (reported once per field)",
            )


def missing_flagged_findings(
    item: Any, index: int, ctx: LintContext, code: str
) -> Iterator[Finding]:
    """A flagged field absent from an object; once per field and document."""
    active = settings(ctx)
    if active is None:
        return
    remaining = remaining_properties(ctx, code, active, flagged_properties)
    if not any(remaining.values()):
        return
    for visit in governed_visits(walk(item, index, ctx.kind), active):
        node = visit.node
        flagged = remaining[node.schema]
        if not flagged:
            continue
        missing = flagged.difference(visit.obj)
        for prop in sorted(missing) if missing else ():
            flagged.discard(prop)
            yield (
                visit.pointer,
                f"{node.fields_list} sets {node.flags[prop]} but this {node.schema} has no "
                f"{prop}; the docs do not say whether Norce then clears or keeps the stored "
                f"value (reported once per field)",
            )


@functools.cache
def deprecated_properties(kind: str) -> Mapping[str, frozenset[str]]:
    header_kind = nf.header_kind_for_body(kind)
    found = {
        name: nf.deprecated_body_properties(header_kind, name) for name in nf.body_schemas(kind)
    }
    return {name: props for name, props in found.items() if props}


def deprecated_field_findings(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    """A body property the spec marks deprecated (or governs by a deprecated flag)."""
    deprecated = deprecated_properties(ctx.kind)
    if not deprecated:
        return
    for visit in visits_of(item, index, ctx.kind, *deprecated):
        props = deprecated[visit.node.schema]
        hits = props.intersection(visit.obj)
        for prop in sorted(hits) if hits else ():
            if visit.obj[prop] is not None:
                yield (
                    f"{visit.pointer}/{prop}",
                    f"{visit.node.schema}.{prop} is deprecated and no longer supported by Norce",
                )


class FirstSeen:
    """Remembers a 64-bit hash of each key and the position it was first seen at.

    Recent keys sit in a small dict; every ``merge_every`` keys they move into two sorted
    arrays of 64-bit integers (hash, position), searched by bisection. That is 16 bytes a
    key, so a million-row file needs about 16 MB, not the ~110 MB of a dict of ints.
    """

    __slots__ = ("_hashes", "_merge_every", "_positions", "_recent", "_seen_bits")

    _BITS = 1 << 24
    """Size of the bit filter that answers "certainly new" for most keys without a search."""

    def __init__(self, merge_every: int = 1 << 16) -> None:
        self._recent: dict[int, int] = {}
        self._hashes = array("q")
        self._positions = array("q")
        self._merge_every = merge_every
        self._seen_bits = bytearray(self._BITS >> 3)

    def __len__(self) -> int:
        return len(self._recent) + len(self._hashes)

    def seen_before(self, key: tuple[object, ...], position: int) -> int | None:
        """The first position of ``key`` if it was seen before, else ``None`` (and remember it)."""
        digest = hash(key)
        first = self._lookup(digest)
        if first is None:
            self._add(digest, position)
        return first

    def new_digests(self, keys: list[tuple[object, ...]]) -> list[int] | None:
        """The digests of ``keys`` if none was seen before nor repeats another; else ``None``.

        Remembers nothing: pass the result to :meth:`add_digests` to do that.
        """
        digests = [hash(key) for key in keys]
        if len(digests) > 1 and len(set(digests)) != len(digests):
            return None
        seen_bits, low_bits = self._seen_bits, self._BITS - 1
        for digest in digests:
            bit = digest & low_bits
            if seen_bits[bit >> 3] & (1 << (bit & 7)) and self._lookup(digest) is not None:
                return None
        return digests

    def add_digests(self, digests: list[int], positions: list[int]) -> None:
        """Remember ``digests`` (from :meth:`new_digests`) first seen at ``positions``."""
        seen_bits, low_bits, recent = self._seen_bits, self._BITS - 1, self._recent
        for digest, position in zip(digests, positions, strict=True):
            bit = digest & low_bits
            seen_bits[bit >> 3] |= 1 << (bit & 7)
            recent[digest] = position
        if len(recent) >= self._merge_every:
            self._merge()

    def _lookup(self, digest: int) -> int | None:
        bit = digest & (self._BITS - 1)
        if not self._seen_bits[bit >> 3] & (1 << (bit & 7)):
            return None
        first = self._recent.get(digest)
        if first is not None:
            return first
        hashes = self._hashes
        if hashes:
            slot = bisect_left(hashes, digest)
            if slot < len(hashes) and hashes[slot] == digest:
                return self._positions[slot]
        return None

    def _add(self, digest: int, position: int) -> None:
        bit = digest & (self._BITS - 1)
        self._seen_bits[bit >> 3] |= 1 << (bit & 7)
        self._recent[digest] = position
        if len(self._recent) >= self._merge_every:
            self._merge()

    def _merge(self) -> None:
        import numpy as np

        count = len(self._recent)
        new_hashes = np.fromiter(self._recent.keys(), dtype=np.int64, count=count)
        new_positions = np.fromiter(self._recent.values(), dtype=np.int64, count=count)
        order = np.argsort(new_hashes, kind="stable")
        new_hashes, new_positions = new_hashes[order], new_positions[order]
        old_hashes = np.frombuffer(self._hashes, dtype=np.int64)
        slots = np.searchsorted(old_hashes, new_hashes)
        hashes = np.insert(old_hashes, slots, new_hashes)
        positions = np.insert(np.frombuffer(self._positions, dtype=np.int64), slots, new_positions)
        self._hashes = array("q", hashes.tobytes())
        self._positions = array("q", positions.tobytes())
        self._recent.clear()


def first_seen(ctx: LintContext, code: str) -> FirstSeen:
    state = ctx.state(code)
    tracker = state.get("first_seen")
    if tracker is None:
        tracker = state["first_seen"] = FirstSeen()
    assert isinstance(tracker, FirstSeen)
    return tracker


# --- Value helpers -----------------------------------------------------------------


def number(value: object, ctx: LintContext) -> Decimal | float | int | None:
    """A numeric value; with XML also a numeric string. ``None`` for anything else."""
    kind = type(value)
    if kind is int or kind is float:
        return value  # type: ignore[return-value]
    if value is None or kind is bool:
        return None
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str) and ctx.content_type == "xml":
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            return None
        return parsed if parsed.is_finite() else None
    return None


def negative_findings(
    obj: Mapping[str, Any], pointer: str, props: tuple[str, ...], ctx: LintContext
) -> Iterator[Finding]:
    """``props`` of ``obj`` holding a negative number."""
    for prop in props:
        value = obj.get(prop)
        if value is None:
            continue
        kind = type(value)
        if kind is int or kind is float:
            if value >= 0:
                continue
        else:
            parsed = number(value, ctx)
            if parsed is None or parsed >= 0:
                continue
        yield f"{pointer}/{prop}", f"{prop} is negative: {value}"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_key(value: object) -> object:
    """A value as part of a duplicate key: strings as given, numbers normalised."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize() if not isinstance(value, int) else Decimal(value)
    return repr(value)


@functools.cache
def culture_schemas(kind: str) -> tuple[str, ...]:
    """The object schemas of ``kind`` that carry a CultureCode."""
    return tuple(
        name
        for name in nf.body_schemas(kind)
        if nf.CULTURE_CODE_PROPERTY in nf.body_node(name).properties
    )


def culture_code_findings(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in visits_of(item, index, ctx.kind, *culture_schemas(ctx.kind)):
        problem = culture_code_problem(visit.obj.get(nf.CULTURE_CODE_PROPERTY))
        if problem is not None:
            yield f"{visit.pointer}/{nf.CULTURE_CODE_PROPERTY}", problem


CULTURE_PATTERN = "^[a-z]{2}-[A-Z]{2}$"
"""A culture code: language-REGION (sv-SE); also the fast path's JSON Schema pattern."""
_CULTURE = re.compile(CULTURE_PATTERN)


def culture_code_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if _CULTURE.fullmatch(value):
        return None
    return f"culture code {value!r} is not of the form xx-XX (e.g. sv-SE)"


def currency_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if value in ACTIVE_CODES:
        return None
    if value in WITHDRAWN_CODES:
        return f"currency code {value!r} has been withdrawn from ISO 4217"
    if value.upper() in ACTIVE_CODES:
        return f"currency code {value!r} must be upper case: {value.upper()!r}"
    return f"currency code {value!r} is not an ISO 4217 code"


_GTIN_LENGTHS = (8, 12, 13, 14)
_GTIN_OFFSETS = {n: (3 * 48 * (n // 2) + 48 * (n - n // 2)) % 10 for n in _GTIN_LENGTHS}
"""Per length, the weighted sum of the ASCII offsets (48) that :func:`gtin_valid` leaves in."""


def gtin_valid(value: object) -> bool:
    """``gtin_problem(value) is None``, faster: the per-SKU check of the rules' fast path."""
    if type(value) is not str or not value:
        return not isinstance(value, str) or not value
    offset = _GTIN_OFFSETS.get(len(value))
    if offset is None or not value.isdigit() or not value.isascii():
        return False
    digits = value.encode("ascii")
    return (3 * sum(digits[-2::-2]) + sum(digits[-1::-2])) % 10 == offset


def gtin_problem(value: object) -> str | None:
    """What is wrong with an EAN/GTIN/UPC code, or ``None`` when its check digit holds."""
    if not isinstance(value, str) or not value:
        return None
    if not value.isascii() or not value.isdigit():
        return f"EAN/GTIN {value!r} is not all digits"
    if len(value) not in _GTIN_LENGTHS:
        return f"EAN/GTIN {value!r} has {len(value)} digits; GTINs have 8, 12, 13 or 14"
    # From the right, excluding the check digit: weights 3, 1, 3, 1, ...
    digits = value.encode("ascii")
    tripled, single = digits[-2::-2], digits[-3::-2]
    total = 3 * (sum(tripled) - 48 * len(tripled)) + sum(single) - 48 * len(single)
    expected = (10 - total % 10) % 10
    check = digits[-1] - 48
    if check != expected:
        return f"EAN/GTIN {value!r} has check digit {check}, expected {expected}"
    return None
