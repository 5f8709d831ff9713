"""Machine-readable reports: JSON (differences, then a summary per target) and CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import TextIO

import orjson

from contracts.reconcile.comparison import KINDS, Difference, Summary
from contracts.reconcile.mapping import Target

COLUMNS = ("target", "kind", "product", "variant", "location", "source_qty", "target_qty")


def summary_json(summaries: Mapping[Target, Summary]) -> dict[str, dict[str, int]]:
    return {
        target: {"compared": s.compared, **{kind: s.counts[kind] for kind in KINDS}}
        for target, s in summaries.items()
    }


def write_json(
    out: TextIO, differences: Iterable[Difference], summaries: Mapping[Target, Summary]
) -> None:
    out.write('{"differences": [')
    for index, diff in enumerate(differences):
        out.write(("\n  " if index == 0 else ",\n  ") + orjson.dumps(diff._asdict()).decode())
    out.write('\n], "summary": ')
    out.write(orjson.dumps(summary_json(summaries)).decode())
    out.write("}\n")


def write_csv(out: TextIO, differences: Iterable[Difference]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for diff in differences:
        writer.writerow("" if value is None else value for value in diff)
