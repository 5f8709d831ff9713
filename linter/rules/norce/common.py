"""Shared machinery of the Norce rule modules (no rules here).

- :func:`settings`: the header resolved once per document.
- :func:`walk`: every object of one body item with its JSON Pointer, walked once per item
  however many rules look at it.
- Which body properties the header flags, and which it leaves unflagged.
- :func:`repeated_row_rule`: the rule that a row repeats an earlier row's key.

Findings about fields are in :mod:`linter.rules.norce.fields`, value helpers and
:class:`FirstSeen` in :mod:`linter.rules.norce.values`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from linter import norce_model as nf
from linter.diagnostics import Severity
from linter.registry import AnyCheck, Example, Finding, LintContext, Scope, rule

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


RowKey = Callable[[dict[str, Any]], tuple[object, ...] | None]
"""The key that identifies a row (None when the row carries no usable key)."""


def repeated_row_rule(
    *,
    code: str,
    name: str,
    kinds: tuple[str, ...],
    summary: str,
    why: str,
    bad: Example,
    good: Example,
    key: RowKey,
    describe: Callable[[dict[str, Any]], str],
) -> AnyCheck:
    """Register rule ``code``: a row whose ``key`` an earlier row of the body already had.

    The finding points at the later row; ``describe`` names the row's key in the message.
    """
    from linter.rules.norce.values import first_seen

    def row_repeated(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
        if not isinstance(item, dict):
            return
        found = key(item)
        if found is None:
            return
        first = first_seen(ctx, code).seen_before(found, index)
        if first is not None:
            yield f"/{index}", f"{describe(item)} was already sent at /{first}"

    register = rule(
        code=code,
        name=name,
        severity=Severity.ERROR,
        kinds=kinds,
        scope=Scope.ITEM,
        summary=summary,
        why=why,
        bad=bad,
        good=good,
    )
    return register(row_repeated)
