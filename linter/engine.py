"""Run the registered rules over one document and turn their findings into diagnostics.

Order: source rules (the reader's findings), header rules (Norce bodies with a header,
and lone headers), item rules for each streamed item (the schema check first), document
rules at the end. Line and column are computed only for the nodes that got a finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from linter import norce_model, schemas
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
    severity_of,
)
from linter.codes import FATAL, HEADER_MISSING, NOT_PARSEABLE, SCHEMA_VIOLATION
from linter.diagnostics import Diagnostic
from linter.echo import drop_schema_echoes
from linter.header import MAX_HEADER_SIZE, check_header_input
from linter.kinds import LAYOUTS
from linter.positions import finish
from linter.read.collector import PausedCollector
from linter.read.item import CHUNK_SIZE, MAX_ITEM_SIZE, Item
from linter.read.json import JsonReader
from linter.read.problems import FatalSourceError, Problem
from linter.registry import NORCE_BODY_KINDS, Rule, Scope, get_rule
from linter.rules.norce.fast import FastPath, fast_path_for


def _item_schema(kind: str, item: Item, ctx: DocumentContext) -> tuple[str, str, str]:
    """(api, schema name, pointer base) to validate ``item`` against."""
    if kind in NORCE_BODY_KINDS:
        return "norce", norce_model.body_item_schema(kind), item.pointer
    if kind == "kaching.stock":
        return "kaching", schemas.KACHING_DOCUMENT, ""
    value = item.value
    warehouses_only = isinstance(value, dict) and set(value) <= {
        "WarehouseId",
        "Warehouse",
        "AvailableQty",
    }
    if warehouses_only and "Pagination" not in ctx.extras:
        return "unleashed", schemas.UNLEASHED_WAREHOUSE_ROW, item.pointer
    ctx.state("_engine")["full_rows"] = True
    return "unleashed", schemas.UNLEASHED_ROW, item.pointer


def lint_document(doc: DocumentInput, selection: Selection) -> list[Diagnostic]:
    """Lint one document; never raises for bad input (it becomes diagnostics)."""
    return drop_schema_echoes(_lint_document(doc, selection))


def _lint_document(doc: DocumentInput, selection: Selection) -> list[Diagnostic]:
    pending: list[PendingFinding] = []
    if doc.kind == "norce.header":
        with doc.open() as stream:
            text = stream.read(MAX_HEADER_SIZE + 1)
        outcome = check_header_input(
            text, kind=doc.kind, content_type=doc.content_type, file=doc.file, selection=selection
        )
        return finish(outcome.pending, doc, None)

    header_dict: dict[str, Any] | None = None
    header_kind: str | None = None
    if doc.kind in NORCE_BODY_KINDS:
        header_kind = norce_model.header_kind_for_body(doc.kind)
        if doc.header is not None:
            outcome = check_header_input(
                doc.header,
                kind=doc.kind,
                content_type=doc.content_type,
                file=doc.header_file,
                selection=selection,
                options=doc.options,
            )
            pending.extend(outcome.pending)
            header_dict = outcome.header
    ctx = DocumentContext(doc.kind, doc.content_type, header_dict, header_kind, doc.options)

    item_rules = active_rules(doc.kind, Scope.ITEM, selection)
    document_rules = active_rules(doc.kind, Scope.DOCUMENT, selection)
    if header_dict is None and doc.kind in NORCE_BODY_KINDS:
        skipped = [r for r in item_rules + document_rules if r.needs_header]
        if doc.header is None and selection.enabled(HEADER_MISSING):
            pending.append(
                PendingFinding(
                    HEADER_MISSING,
                    severity_of(HEADER_MISSING),
                    "no X-StormConnect-Header given (--header, or a NAME.header.json sidecar): "
                    + (
                        f"{len(skipped)} rule(s) that compare the body with its header were "
                        f"skipped ({', '.join(r.code for r in skipped)})"
                        if skipped
                        else "the body cannot be compared with its header"
                    ),
                    "",
                    doc.file,
                    offset=0,
                )
            )
        item_rules = [r for r in item_rules if not r.needs_header]
        document_rules = [r for r in document_rules if not r.needs_header]
    schema_on = selection.enabled(SCHEMA_VIOLATION) and get_rule(SCHEMA_VIOLATION) is not None
    schema_rule = get_rule(SCHEMA_VIOLATION)

    before_items = len(pending)
    with doc.open() as stream:
        try:
            reader = _make_reader(stream, doc)
        except FatalSourceError as fatal:
            pending.append(pending_from_problem(fatal.problem, doc.file))
            return finish(pending, doc, None)
        item_checks = [(r, r.check) for r in item_rules if r.check is not None]
        fast = _fast_path(doc, ctx, item_rules, schema_on)
        checked_schema = schema_rule if schema_on else None
        with PausedCollector() as collector:
            for item in reader.items() if fast is None else fast.unaccepted(reader):
                collector.tick()
                ctx.item_count = item.index + 1
                if fast is not None:
                    if fast.accepts(item.value, item.index):
                        continue
                    fast.refresh()
                pending.extend(_item_findings(item, doc, ctx, checked_schema, item_checks))
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

    end_findings: list[tuple[str, str, Rule]] = []
    single_row = _is_single_stock_on_hand(doc.kind, reader)
    if single_row:
        end_findings.extend(
            _single_row_findings(reader.extras, ctx, item_rules, schema_rule if schema_on else None)
        )
    elif doc.kind == "unleashed.stock-on-hand" and schema_on and schema_rule is not None:
        full_rows = bool(ctx.state("_engine").get("full_rows")) or "Pagination" in reader.extras
        envelope = schemas.UNLEASHED_PAGE if full_rows else schemas.UNLEASHED_WAREHOUSES
        document = {**reader.extras}
        document["Items"] = [] if isinstance(document.get("Items", []), list) else document["Items"]
        end_findings.extend(
            (p, m, schema_rule)
            for p, m in schemas.schema_findings("unleashed", envelope, document, "")
            if not p.startswith("/Items/")
        )
    if (
        doc.kind == "kaching.stock"
        and schema_on
        and schema_rule is not None
        and reader.item_count == 0
    ):
        end_findings.extend(
            (p, m, schema_rule)
            for p, m in schemas.schema_findings("kaching", schemas.KACHING_DOCUMENT, {}, "")
        )
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
    item: Item,
    doc: DocumentInput,
    ctx: DocumentContext,
    schema_rule: Rule | None,
    item_checks: list[tuple[Rule, Callable[..., Iterable[tuple[str, str]]]]],
) -> Iterator[PendingFinding]:
    """The schema check's (when ``schema_rule`` is given) and the item rules' findings."""
    value, index = item.value, item.index
    if schema_rule is not None:
        api, name, base = _item_schema(doc.kind, item, ctx)
        for pointer, message in schemas.schema_findings(api, name, value, base):  # type: ignore[arg-type]
            yield pending_in_item(item, pointer, message, schema_rule, doc.file)
    for item_rule, check in item_checks:
        try:
            for pointer, message in check(value, index, ctx):
                yield pending_in_item(item, pointer, message, item_rule, doc.file)
        except Exception as error:  # a broken rule must not stop the run
            message = internal_message(item_rule, error)
            yield pending_in_item(item, item.pointer, message, INTERNAL_RULE, doc.file)


def _fast_path(
    doc: DocumentInput, ctx: DocumentContext, item_rules: list[Rule], schema_on: bool
) -> FastPath | None:
    if (doc.parse_as or doc.content_type) != "json":
        return None
    return fast_path_for(ctx, frozenset(r.code for r in item_rules), schema_on)


_ROW_PREFIX = "/Items/0"


def _is_single_stock_on_hand(kind: str, reader: Any) -> bool:
    """A recorded ``GET /StockOnHand/{productGuid}`` reply: one row, no Items envelope."""
    extras = reader.extras
    return (
        kind == "unleashed.stock-on-hand"
        and reader.item_count == 0
        and bool(extras)
        and "Items" not in extras
        and "Pagination" not in extras
    )


def _single_row_findings(
    row: dict[str, Any], ctx: DocumentContext, item_rules: list[Rule], schema_rule: Rule | None
) -> Iterator[tuple[str, str, Rule]]:
    """Lint a single-product reply as row 0, with pointers relative to the document root."""
    if ctx.content_type == "xml":
        from linter.read.xml import fill_omitted_nulls

        row_schema = schemas.component("unleashed", schemas.UNLEASHED_ROW)
        fill_omitted_nulls(row, row_schema, lambda s: schemas.resolve_ref("unleashed", s))
    if schema_rule is not None:
        for pointer, message in schemas.schema_findings(
            "unleashed", schemas.UNLEASHED_ROW, row, ""
        ):
            yield pointer, message, schema_rule
    ctx.item_count = 1
    for item_rule in item_rules:
        check = item_rule.check
        if check is None:
            continue
        for pointer, message, found in run_check(item_rule, lambda c=check: c(row, 0, ctx)):  # type: ignore[misc]
            if pointer.startswith(_ROW_PREFIX):
                pointer = pointer[len(_ROW_PREFIX) :]
            yield pointer, message, found


def _make_reader(stream: BinaryIO, doc: DocumentInput) -> Any:
    layout = LAYOUTS[doc.kind]
    max_item = int(doc.options.get("max_item_bytes", MAX_ITEM_SIZE))
    if (doc.parse_as or doc.content_type) == "xml":
        from linter.read.xml import XmlReader

        if doc.kind in NORCE_BODY_KINDS:
            api: Any = "norce"
            item_schema = schemas.component("norce", norce_model.body_item_schema(doc.kind))
            extras: dict[str, Any] = {}
        elif doc.kind == "unleashed.stock-on-hand":
            api = "unleashed"
            item_schema = schemas.component("unleashed", schemas.UNLEASHED_ROW)
            extras = {"Pagination": schemas.component("unleashed", "Pagination")}
        else:
            raise FatalSourceError(Problem(NOT_PARSEABLE, f"{doc.kind} payloads are JSON only"))
        reader = XmlReader(
            stream, layout, item_schema, extras, lambda s: schemas.resolve_ref(api, s)
        )
        reader.max_item_size = max_item
        if doc.kind == "unleashed.stock-on-hand":
            reader.narrow_item_schema = schemas.component(
                "unleashed", schemas.UNLEASHED_WAREHOUSE_ROW
            )
        return reader
    return JsonReader(stream, layout, chunk_size=CHUNK_SIZE, max_item_size=max_item)
