"""One reconciliation from start to end: read the mapping, the source and every target,
compare, and write the report. Returns the exit code."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

from contracts.credentials import Credentials
from contracts.reconcile import live, source
from contracts.reconcile.comparison import Comparison, Summary
from contracts.reconcile.errors import ReconcileError
from contracts.reconcile.mapping import StockMapping, Target, load_mapping
from contracts.reconcile.report.data import write_csv, write_json
from contracts.reconcile.report.html import write_html
from contracts.reconcile.report.text import write_text
from contracts.reconcile.rows import SourceRow
from contracts.reconcile.targets import TargetSpec, parse_target, target_rows

Format = Literal["text", "json", "csv", "html"]
FORMATS: tuple[Format, ...] = ("text", "json", "csv", "html")
SOURCE_PREFIX = "unleashed:"
EXIT_SAME = 0
EXIT_DIFFERENT = 1


@dataclass(frozen=True, slots=True)
class Request:
    source: str
    targets: Sequence[str]
    mapping: Path
    as_at: str | None = None
    tolerance: float = 0.0
    format: Format = "text"
    output_file: Path | None = None


def source_rows(spec: str, mapping: StockMapping, as_at: str | None) -> Iterator[SourceRow]:
    if not spec.startswith(SOURCE_PREFIX) or len(spec) == len(SOURCE_PREFIX):
        raise ReconcileError("--source", f"{spec!r}: write unleashed:PATH_OR_URL")
    where = spec[len(SOURCE_PREFIX) :]
    if live.is_url(where):
        warehouses = mapping.file.warehouses.keys()
        return live.unleashed_rows(where, warehouses, as_at, Credentials.from_env())
    if as_at is not None:
        raise ReconcileError(
            "--as-at", "applies to a live source only; recorded replies already have their date"
        )
    path = Path(where)
    source.recorded_files(path)  # fails now, before any target is read
    return source.recorded_rows(path)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ReconcileError(str(path), f"cannot write: {exc.strerror}") from None
    with handle:
        yield handle


def reconcile(request: Request) -> int:
    if request.tolerance < 0:
        raise ReconcileError("--tolerance", "must be 0 or more")
    if not request.targets:
        raise ReconcileError("--target", "give at least one target (norce:... or kaching:...)")
    specs: list[TargetSpec] = [parse_target(t) for t in request.targets]
    mapping = load_mapping(request.mapping)
    targets: list[Target] = sorted({s.target for s in specs})
    rows = source_rows(request.source, mapping, request.as_at)
    with tempfile.TemporaryDirectory(prefix="skuguard-reconcile-") as scratch:
        comparison = Comparison(Path(scratch) / "compare.sqlite", mapping, request.tolerance)
        try:
            comparison.add_source(rows, targets)
            for spec in specs:
                comparison.add_target(spec.target, target_rows(spec))
            summaries = comparison.summaries(targets)
            with _output(request.output_file) as out:
                _write(out, request.format, comparison, summaries)
        finally:
            comparison.close()
    differing = any(s.differing for s in summaries.values())
    return EXIT_DIFFERENT if differing else EXIT_SAME


def _write(
    out: TextIO, fmt: Format, comparison: Comparison, summaries: dict[Target, Summary]
) -> None:
    differences = comparison.differences()
    if fmt == "json":
        write_json(out, differences, summaries)
    elif fmt == "csv":
        write_csv(out, differences)
    elif fmt == "html":
        write_html(out, differences, summaries)
    else:
        write_text(out, differences, summaries)
