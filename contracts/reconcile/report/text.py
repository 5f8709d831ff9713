"""The text report: one summary line per target, the first differences, the rules applied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice
from typing import TextIO

from contracts.reconcile.comparison import KINDS, Difference, Summary
from contracts.reconcile.doc_rules import DOC_RULES
from contracts.reconcile.mapping import Target

FIRST_SHOWN = 50


def summary_line(target: Target, summary: Summary) -> str:
    counts = ", ".join(f"{summary.counts[kind]} {kind}" for kind in KINDS)
    verdict = "ok" if summary.differing == 0 else f"{summary.differing} differing"
    return f"{target}: {summary.compared} compared, {counts} ({verdict})"


def _qty(value: float | int | None) -> str:
    return "-" if value is None else f"{value:g}"


def difference_line(diff: Difference) -> str:
    variant = f" variant {diff.variant}" if diff.variant else ""
    return (
        f"  {diff.target:<7} {diff.kind:<8} {diff.location} {diff.product}{variant}: "
        f"source {_qty(diff.source_qty)}, target {_qty(diff.target_qty)}"
    )


def write_text(
    out: TextIO, differences: Iterable[Difference], summaries: Mapping[Target, Summary]
) -> None:
    for target, summary in summaries.items():
        out.write(summary_line(target, summary) + "\n")
    total = sum(s.differing for s in summaries.values())
    if total:
        shown = min(total, FIRST_SHOWN)
        out.write(f"\nfirst {shown} of {total} differences:\n")
        for diff in islice(differences, FIRST_SHOWN):
            out.write(difference_line(diff) + "\n")
    out.write("\nrules applied:\n")
    for rule in DOC_RULES:
        out.write(f"  - {rule.applies} [{rule.source}: {rule.url}]\n")
