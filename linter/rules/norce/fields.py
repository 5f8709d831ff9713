"""Body fields judged against the header's flags: unflagged, flagged but absent, deprecated.

:func:`flag_rules` registers the pair of flag rules every Norce import has, so the four
imports share one definition and each check knows its code from its own registration.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from linter import norce_model as nf
from linter.diagnostics import Severity
from linter.registry import Example, Finding, LintContext, Scope, rule
from linter.rules.norce.common import (
    flagged_properties,
    governed_visits,
    remaining_properties,
    settings,
    unflagged_properties,
    visits_of,
    walk,
)


def unflagged_field_findings(
    item: Any, index: int, ctx: LintContext, code: str
) -> Iterator[Finding]:
    """A body field Norce ignores because its flag is not set; once per field and document.

    A value equal to the property's .NET default is skipped: the vendor client writes it
    whatever the integration set, so it says nothing about the integration.
    """
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
            value = obj[prop]
            if value is None or (
                prop in node.defaults and nf.is_dotnet_default(value, node.defaults[prop])
            ):
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


@dataclass(frozen=True, slots=True)
class FlagRuleText:
    """What documents one of an import's two flag rules."""

    code: str
    summary: str
    why: str
    bad: Example
    good: Example


def flag_rules(
    subject: str, kinds: Iterable[str], not_flagged: FlagRuleText, flagged_absent: FlagRuleText
) -> None:
    """Register ``{subject}-field-not-flagged`` and ``{subject}-flagged-field-absent``."""
    kinds = frozenset(kinds)
    not_flagged_code, absent_code = not_flagged.code, flagged_absent.code

    def field_not_flagged(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
        return unflagged_field_findings(item, index, ctx, not_flagged_code)

    def flagged_field_absent(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
        return missing_flagged_findings(item, index, ctx, absent_code)

    for text, name, severity, check in (
        (not_flagged, "field-not-flagged", Severity.WARNING, field_not_flagged),
        (flagged_absent, "flagged-field-absent", Severity.INFO, flagged_field_absent),
    ):
        rule(
            code=text.code,
            name=f"{subject}-{name}",
            severity=severity,
            kinds=kinds,
            scope=Scope.ITEM,
            summary=text.summary,
            why=text.why,
            bad=text.bad,
            good=text.good,
            needs_header=True,
        )(check)
