"""Run the registered rules over one document and turn their findings into diagnostics.

Order: source rules (the reader's findings), what the document's kind settles first (a
header, and which rules can run), item rules for each streamed item (the schema check
first), the kind's end-of-document findings, document rules at the end. Line and column are
computed only for the nodes that got a finding. The engine names no kind: each kind in
:mod:`linter.kinds` owns its layout, schemas and special documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, Protocol

from linter import schemas
from linter.checking import (
    INTERNAL_RULE,
    DocumentContext,
    DocumentInput,
    PendingFinding,
    Selection,
    active_rules,
    finding_at,
    internal_message,
    pending_from_problem,
    pending_in_item,
    run_check,
)
from linter.codes import FATAL, SCHEMA_VIOLATION
from linter.diagnostics import Diagnostic
from linter.echo import drop_schema_echoes
from linter.kinds import kind_of
from linter.kinds.base import EndFinding, Kind, Shortcut
from linter.positions import finish
from linter.read.collector import PausedCollector
from linter.read.item import CHUNK_SIZE, MAX_ITEM_SIZE, Item
from linter.read.json import JsonReader
from linter.read.problems import FatalSourceError
from linter.registry import Rule, Scope, get_rule

FAST_PATH_MIN_BYTES = 48 * 1024
"""Smaller documents skip the kind's shortcut while this process has built none for their
kind: building the first one costs more than it saves on them."""
_SHORTCUT_BUILT: set[str] = set()
"""Kinds whose shortcut this process has built (its validators are then cached)."""


class DocumentPart(Protocol):
    """A byte range of whole items of one document (see :mod:`linter.parallel`)."""

    first: bool
    """The part that reports the header's findings."""

    def seed(self, ctx: DocumentContext) -> None:
        """Give ``ctx`` the cross-item state of the items before this part."""

    def reader(self, doc: DocumentInput) -> Any:
        """The reader of this part's items (global indexes and offsets)."""


def lint_document(
    doc: DocumentInput, selection: Selection, part: DocumentPart | None = None
) -> list[Diagnostic]:
    """Lint one document (or one ``part`` of it); never raises for bad input."""
    return drop_schema_echoes(_lint_document(doc, selection, part))


def _lint_document(
    doc: DocumentInput, selection: Selection, part: DocumentPart | None = None
) -> list[Diagnostic]:
    kind = kind_of(doc.kind)
    whole = kind.lint_whole(doc, selection)
    if whole is not None:
        return finish(whole, doc, None)

    started = kind.start(
        doc,
        selection,
        active_rules(doc.kind, Scope.ITEM, selection),
        active_rules(doc.kind, Scope.DOCUMENT, selection),
    )
    pending: list[PendingFinding] = list(started.pending)
    item_rules, document_rules = started.item_rules, started.document_rules
    ctx = DocumentContext(
        doc.kind, doc.content_type, started.header, started.header_kind, doc.options
    )
    if part is not None:
        part.seed(ctx)
    schema_rule = get_rule(SCHEMA_VIOLATION) if selection.enabled(SCHEMA_VIOLATION) else None
    schema_on = schema_rule is not None

    if part is not None and not part.first:
        pending.clear()
    before_items = len(pending)
    with doc.open() as stream:
        try:
            reader = part.reader(doc) if part is not None else _make_reader(kind, stream, doc)
        except FatalSourceError as fatal:
            pending.append(pending_from_problem(fatal.problem, doc.file))
            return finish(pending, doc, None)
        item_checks = [(r, r.check) for r in item_rules if r.check is not None]
        fast = None
        if doc.kind in _SHORTCUT_BUILT or not _smaller_than(stream, FAST_PATH_MIN_BYTES):
            fast = _fast_path(doc, ctx, item_rules, schema_on)
            if fast is not None:
                _SHORTCUT_BUILT.add(doc.kind)
        with PausedCollector() as collector:
            for item in reader.items() if fast is None else fast.unaccepted(reader):
                collector.tick()
                ctx.item_count = item.index + 1
                if fast is not None:
                    if fast.accepts(item.value, item.index):
                        continue
                    fast.refresh()
                pending.extend(_item_findings(kind, item, doc, ctx, schema_rule, item_checks))
        ctx.extras.update(reader.extras)
        ctx.item_count = reader.item_count
        problems = list(reader.problems)
        stopped = any(p.code in FATAL for p in problems)
    if stopped:
        # An unreadable document gets its source diagnostics only: findings on the items
        # read before the break would depend on where the break happens to fall.
        del pending[before_items:]
    for problem in problems:
        if selection.enabled(problem.code):
            pending.append(pending_from_problem(problem, doc.file))
    if stopped:
        return finish(pending, doc, reader)

    end_findings: list[EndFinding] = list(kind.end_findings(reader, ctx, item_rules, schema_rule))
    for document_rule in document_rules:
        document_check = document_rule.check
        if document_check is not None:
            end_findings.extend(
                run_check(document_rule, lambda c=document_check: c(ctx))  # type: ignore[misc]
            )
    for pointer, message, found_rule in end_findings:
        pending.append(finding_at(found_rule, message, pointer, doc.file, None))
    return finish(pending, doc, reader)


def _item_findings(
    kind: Kind,
    item: Item,
    doc: DocumentInput,
    ctx: DocumentContext,
    schema_rule: Rule | None,
    item_checks: list[tuple[Rule, Callable[..., Iterable[tuple[str, str]]]]],
) -> Iterator[PendingFinding]:
    """The schema check's (when ``schema_rule`` is given) and the item rules' findings."""
    value, index = item.value, item.index
    if schema_rule is not None:
        schema = kind.item_schema(item, ctx)
        if schema is not None:
            api, name, base = schema
            for pointer, message in schemas.schema_findings(api, name, value, base):  # type: ignore[arg-type]
                yield pending_in_item(item, pointer, message, schema_rule, doc.file)
    for item_rule, check in item_checks:
        try:
            for pointer, message in check(value, index, ctx):
                yield pending_in_item(item, pointer, message, item_rule, doc.file)
        except Exception as error:  # a broken rule must not stop the run
            message = internal_message(item_rule, error)
            yield pending_in_item(item, item.pointer, message, INTERNAL_RULE, doc.file)


def _smaller_than(stream: BinaryIO, size: int) -> bool:
    """``True`` if ``stream`` is seekable and holds fewer than ``size`` bytes from here."""
    try:
        if not stream.seekable():
            return False
        here = stream.tell()
        end = stream.seek(0, 2)
        stream.seek(here)
    except (OSError, ValueError):
        return False
    return end - here < size


def _fast_path(
    doc: DocumentInput, ctx: DocumentContext, item_rules: list[Rule], schema_on: bool
) -> Shortcut | None:
    """The kind's shortcut for this document (tests patch this to compare with and without)."""
    return kind_of(doc.kind).shortcut(doc, ctx, frozenset(r.code for r in item_rules), schema_on)


def _make_reader(kind: Kind, stream: BinaryIO, doc: DocumentInput) -> Any:
    max_item = int(doc.options.get("max_item_bytes", MAX_ITEM_SIZE))
    if (doc.parse_as or doc.content_type) == "xml":
        return kind.xml_reader(stream, max_item)
    return JsonReader(stream, kind.layout, chunk_size=CHUNK_SIZE, max_item_size=max_item)
