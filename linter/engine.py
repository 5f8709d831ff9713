"""Run the registered rules over one document and turn their findings into diagnostics.

Order: source rules (the reader's findings), header rules (Norce bodies with a header,
and lone headers), item rules for each streamed item (the schema check first), document
rules at the end. Line and column are computed only for the nodes that got a finding.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import orjson

from linter import norce_model, schemas
from linter.diagnostics import Diagnostic, Severity
from linter.read.collector import PausedCollector
from linter.read.json import (
    CHUNK_SIZE as CHUNK_SIZE,
)
from linter.read.json import (
    MAX_ITEM_SIZE,
    NOT_PARSEABLE,
    FatalSourceError,
    Item,
    JsonReader,
    Layout,
    Problem,
    duplicate_key_pointers,
    parse_error_problem,
)
from linter.read.locate import Locator, locate, split_pointer
from linter.read.xml import fill_omitted_nulls
from linter.registry import NORCE_BODY_KINDS, Rule, Scope, get_rule, rules_for
from linter.rules.norce.fast import FastPath, fast_path_for

INTERNAL_ERROR = "SG000"
SCHEMA = "SG003"
HEADER_MISSING = "SG008"
HEADER_MULTILINE = "SG009"
MAX_HEADER_SIZE = 1024 * 1024

Opener = Callable[[], BinaryIO]
HeaderInput = str | bytes | Mapping[str, Any]

LAYOUTS: Mapping[str, Layout] = {
    "norce.products": Layout.ARRAY,
    "norce.onhands": Layout.ARRAY,
    "norce.prices": Layout.ARRAY,
    "norce.relations": Layout.ARRAY,
    "norce.header": Layout.WHOLE,
    "kaching.stock": Layout.MEMBERS,
    "unleashed.stock-on-hand": Layout.ITEMS_MEMBER,
}


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rule codes run: ruff style prefixes (``NH``, ``SG002``); ignore wins over select."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        if self.select is not None and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


@dataclass
class _Context:
    kind: str
    content_type: str
    header: Mapping[str, Any] | None
    header_kind: str | None
    options: Mapping[str, Any]
    extras: dict[str, Any] = field(default_factory=dict)
    item_count: int = 0
    _states: dict[str, dict[str, Any]] = field(default_factory=dict)

    def state(self, code: str) -> dict[str, Any]:
        found = self._states.get(code)
        if found is None:
            found = self._states[code] = {}
        return found


@dataclass(slots=True)
class _Pending:
    """A finding waiting for its position: a byte offset, or a line and column."""

    code: str
    severity: Severity
    message: str
    pointer: str
    file: str
    offset: int | None = None
    line: int | None = None
    column: int | None = None
    in_text: bytes | None = None  # when the offset is within this text (a header), not the file


@dataclass
class DocumentInput:
    """One document to lint."""

    open: Opener
    kind: str
    file: str
    content_type: str = "json"
    header: HeaderInput | None = None
    header_file: str = "<header>"
    options: Mapping[str, Any] = field(default_factory=dict)
    parse_as: str | None = None
    """Read the bytes as this serialization instead of ``content_type`` (``lint_object``)."""


def _severity_of(code: str) -> Severity:
    registered = get_rule(code)
    return registered.severity if registered is not None else Severity.ERROR


def _problem_to_pending(problem: Problem, file: str, text: bytes | None = None) -> _Pending:
    return _Pending(
        code=problem.code,
        severity=_severity_of(problem.code),
        message=problem.message,
        pointer=problem.pointer,
        file=file,
        offset=problem.offset,
        line=problem.line,
        column=problem.column,
        in_text=text,
    )


def _internal_message(rule: Rule, error: Exception) -> str:
    return f"internal error in rule {rule.code} ({rule.name}): {type(error).__name__}: {error}"


def _run_check(
    rule: Rule, call: Callable[[], Iterable[tuple[str, str]]]
) -> Iterator[tuple[str, str, Rule]]:
    try:
        for pointer, message in call():
            yield pointer, message, rule
    except Exception as error:  # a broken rule must not stop the run
        yield "", _internal_message(rule, error), _INTERNAL


_INTERNAL = Rule(
    code=INTERNAL_ERROR,
    name="internal-error",
    severity=Severity.ERROR,
    kinds=frozenset(),
    scope=Scope.SOURCE,
    summary="A rule failed while checking this document.",
    why="",
    bad=None,  # type: ignore[arg-type]
    good=None,  # type: ignore[arg-type]
)


def _active(kind: str, scope: Scope, selection: Selection) -> list[Rule]:
    return [r for r in rules_for(kind, scope) if selection.enabled(r.code)]


def _header_rules(kind: str, selection: Selection) -> list[Rule]:
    found: dict[str, Rule] = {}
    for source_kind in (kind, "norce.header"):
        for candidate in _active(source_kind, Scope.HEADER, selection):
            found[candidate.code] = candidate
    return sorted(found.values(), key=lambda r: r.code)


# -- headers --------------------------------------------------------------------------------


@dataclass
class HeaderOutcome:
    header: dict[str, Any] | None
    header_kind: str | None
    pending: list[_Pending]


def _header_text(header: str | bytes) -> bytes:
    return header.encode("utf-8", "surrogatepass") if isinstance(header, str) else header


def check_header_input(
    header: HeaderInput,
    *,
    kind: str,
    content_type: str,
    file: str,
    selection: Selection,
    options: Mapping[str, Any] | None = None,
) -> HeaderOutcome:
    """Parse a Norce header and run the source, schema and header rules on it."""
    from linter import norce_model

    pending: list[_Pending] = []
    text: bytes | None = None
    parsed: Any
    positions: dict[str, tuple[int, int]] | None = None

    def emit(code: str, message: str, pointer: str = "", offset: int | None = None) -> None:
        if selection.enabled(code):
            pending.append(
                _Pending(
                    code, _severity_of(code), message, pointer, file, offset=offset, in_text=text
                )
            )

    if isinstance(header, Mapping):
        parsed = dict(header)
    else:
        text = _header_text(header)
        stripped = text.strip()
        if not stripped:
            emit("SG004", "the header is empty", offset=0)
            return HeaderOutcome(None, None, pending)
        if len(text) > MAX_HEADER_SIZE:
            emit(NOT_PARSEABLE, f"the header is larger than {MAX_HEADER_SIZE} bytes", offset=0)
            return HeaderOutcome(None, None, pending)
        lead = len(text) - len(text.lstrip())
        body = stripped.lstrip(b"\xef\xbb\xbf")
        newline = min((i for i in (body.find(b"\n"), body.find(b"\r")) if i >= 0), default=-1)
        if newline >= 0:
            emit(
                HEADER_MULTILINE,
                "the header spans several lines; X-StormConnect-Header must be one line",
                offset=lead + len(stripped) - len(body) + newline,
            )
        if stripped.startswith(b"<"):
            parsed, positions, problems = _xml_header(text)
            for problem in problems:
                if selection.enabled(problem.code):
                    pending.append(_problem_to_pending(problem, file, text))
            if parsed is None:
                return HeaderOutcome(None, None, pending)
        else:
            try:
                parsed = orjson.loads(body)
            except orjson.JSONDecodeError as error:
                problem = parse_error_problem(body, error, lead, "the header")
                if selection.enabled(problem.code):
                    pending.append(_problem_to_pending(problem, file, text))
                return HeaderOutcome(None, None, pending)
            if isinstance(parsed, dict):
                for pointer in duplicate_key_pointers(body, ""):
                    emit(
                        "SG002",
                        f"duplicate key {split_pointer(pointer)[-1]!r}: JSON parsers keep only one "
                        "of the values",
                        pointer,
                        lead + locate(body, split_pointer(pointer), last_key=True),
                    )
    if not isinstance(parsed, dict):
        emit(SCHEMA, f"the header must be a JSON object, not {type(parsed).__name__}", "", 0)
        return HeaderOutcome(None, None, pending)

    if kind in NORCE_BODY_KINDS:
        header_kind = norce_model.header_kind_for_body(kind)
    else:
        header_kind = norce_model.header_kind_of(parsed)
    schema_name = norce_model.header_schema_of_kind(header_kind)
    context = _Context(kind, content_type, parsed, header_kind, options or {})
    findings: list[tuple[str, str, Rule]] = []
    schema_rule = get_rule(SCHEMA)
    if schema_rule is not None and selection.enabled(SCHEMA):
        findings.extend(
            (p, m, schema_rule)
            for p, m in schemas.schema_findings("norce", schema_name, parsed, "")
        )
    for header_rule in _header_rules(kind, selection):
        check = header_rule.check
        if check is None:
            continue
        findings.extend(_run_check(header_rule, lambda c=check: c(parsed, context)))  # type: ignore[misc]
    locator = Locator(text.strip()) if text is not None else None
    for pointer, message, found_rule in findings:
        if positions is not None:
            line, column = _nearest(positions, pointer)
            pending.append(
                _Pending(
                    found_rule.code,
                    found_rule.severity,
                    message,
                    pointer,
                    file,
                    line=line,
                    column=column,
                )
            )
            continue
        offset = None
        if text is not None and locator is not None:
            lead = len(text) - len(text.lstrip())
            offset = lead + locator.locate(split_pointer(pointer))
        pending.append(
            _Pending(
                found_rule.code,
                found_rule.severity,
                message,
                pointer,
                file,
                offset=offset,
                in_text=text,
            )
        )
    return HeaderOutcome(parsed, header_kind, pending)


def _nearest(positions: Mapping[str, tuple[int, int]], pointer: str) -> tuple[int, int]:
    probe = pointer
    while probe not in positions and probe:
        probe = probe.rsplit("/", 1)[0]
    return positions.get(probe, (1, 1))


def _xml_header(
    text: bytes,
) -> tuple[dict[str, Any] | None, dict[str, tuple[int, int]] | None, list[Problem]]:
    from linter.read.xml import XmlReader

    root_name = _xml_root_name(text)
    known = root_name is not None and root_name in norce_model.HEADER_KINDS
    schema_name = root_name if known and root_name is not None else "ProductHeader"
    reader = XmlReader(
        io.BytesIO(text),
        Layout.WHOLE,
        schemas.component("norce", schema_name),
        {},
        lambda s: schemas.resolve_ref("norce", s),
    )
    for _ in reader.items():
        pass
    if reader.problems:
        return None, None, reader.problems
    value = reader.whole if isinstance(reader.whole, dict) else {}
    return value, reader.whole_positions, []


def _xml_root_name(data: bytes) -> str | None:
    import re

    match = re.search(rb"<([A-Za-z_][\w.:-]*)", re.sub(rb"<[?!][^>]*>", b"", data[:65536]))
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]


# -- documents ------------------------------------------------------------------------------


def _item_schema(kind: str, item: Item, ctx: _Context) -> tuple[str, str, str]:
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
    pending: list[_Pending] = []
    if doc.kind == "norce.header":
        with doc.open() as stream:
            text = stream.read(MAX_HEADER_SIZE + 1)
        outcome = check_header_input(
            text, kind=doc.kind, content_type=doc.content_type, file=doc.file, selection=selection
        )
        return _finish(outcome.pending, doc, None)

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
    ctx = _Context(doc.kind, doc.content_type, header_dict, header_kind, doc.options)

    item_rules = _active(doc.kind, Scope.ITEM, selection)
    document_rules = _active(doc.kind, Scope.DOCUMENT, selection)
    if header_dict is None and doc.kind in NORCE_BODY_KINDS:
        skipped = [r for r in item_rules + document_rules if r.needs_header]
        if doc.header is None and selection.enabled(HEADER_MISSING):
            pending.append(
                _Pending(
                    HEADER_MISSING,
                    _severity_of(HEADER_MISSING),
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
    schema_on = selection.enabled(SCHEMA) and get_rule(SCHEMA) is not None
    schema_rule = get_rule(SCHEMA)

    before_items = len(pending)
    with doc.open() as stream:
        try:
            reader = _make_reader(stream, doc)
        except FatalSourceError as fatal:
            pending.append(_problem_to_pending(fatal.problem, doc.file))
            return _finish(pending, doc, None)
        item_checks = [(r, r.check) for r in item_rules if r.check is not None]
        fast = _fast_path(doc, ctx, item_rules, schema_on)
        checked_schema = schema_rule if schema_on else None
        with PausedCollector() as collector:
            for item in reader.items():
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
        stopped = any(p.code in _FATAL_CODES for p in problems)
    if stopped:
        # An unreadable document gets its source diagnostics only: findings on the items
        # read before the break would depend on where the break happens to fall.
        del pending[before_items:]
    for problem in problems:
        if selection.enabled(problem.code):
            pending.append(_problem_to_pending(problem, doc.file))
    if stopped:
        return _finish(pending, doc, reader)

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
                _run_check(document_rule, lambda c=document_check: c(ctx))  # type: ignore[misc]
            )
    for pointer, message, found_rule in end_findings:
        pending.append(
            _Pending(found_rule.code, found_rule.severity, message, pointer, doc.file, offset=None)
        )
    return _finish(pending, doc, reader)


def _item_findings(
    item: Item,
    doc: DocumentInput,
    ctx: _Context,
    schema_rule: Rule | None,
    item_checks: list[tuple[Rule, Callable[..., Iterable[tuple[str, str]]]]],
) -> Iterator[_Pending]:
    """The schema check's (when ``schema_rule`` is given) and the item rules' findings."""
    value, index = item.value, item.index
    if schema_rule is not None:
        api, name, base = _item_schema(doc.kind, item, ctx)
        for pointer, message in schemas.schema_findings(api, name, value, base):  # type: ignore[arg-type]
            yield _locate_in_item(item, pointer, message, schema_rule, doc.file)
    for item_rule, check in item_checks:
        try:
            for pointer, message in check(value, index, ctx):
                yield _locate_in_item(item, pointer, message, item_rule, doc.file)
        except Exception as error:  # a broken rule must not stop the run
            message = _internal_message(item_rule, error)
            yield _locate_in_item(item, item.pointer, message, _INTERNAL, doc.file)


def _fast_path(
    doc: DocumentInput, ctx: _Context, item_rules: list[Rule], schema_on: bool
) -> FastPath | None:
    if (doc.parse_as or doc.content_type) != "json":
        return None
    return fast_path_for(ctx, frozenset(r.code for r in item_rules), schema_on)


_FATAL_CODES = frozenset({"SG001", "SG004", "SG005", "SG006", "SG007"})

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
    row: dict[str, Any], ctx: _Context, item_rules: list[Rule], schema_rule: Rule | None
) -> Iterator[tuple[str, str, Rule]]:
    """Lint a single-product reply as row 0, with pointers relative to the document root."""
    if ctx.content_type == "xml":
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
        for pointer, message, found in _run_check(item_rule, lambda c=check: c(row, 0, ctx)):  # type: ignore[misc]
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


def _locate_in_item(item: Item, pointer: str, message: str, found: Rule, file: str) -> _Pending:
    try:
        where = item.locate(pointer)
    except Exception:  # locating is best effort; the pointer still names the node
        where = item.raw_offset
    if isinstance(where, tuple):
        return _Pending(
            found.code, found.severity, message, pointer, file, line=where[0], column=where[1]
        )
    return _Pending(found.code, found.severity, message, pointer, file, offset=where)


# -- positions ------------------------------------------------------------------------------


def _locate_late(pending: list[_Pending], doc: DocumentInput, reader: Any) -> None:
    """Give document-level findings a position by re-reading the item they point into."""
    late = [p for p in pending if p.offset is None and p.line is None and p.in_text is None]
    if not late:
        return
    if reader is None or (doc.parse_as or doc.content_type) == "xml":
        positions: list[tuple[int, int]] = getattr(reader, "item_positions", [])
        extra_positions: dict[str, tuple[int, int]] = getattr(reader, "extra_positions", {})
        for p in late:
            top = "/" + p.pointer.split("/")[1] if p.pointer.startswith("/") else ""
            if top in extra_positions:
                p.line, p.column = _nearest(extra_positions, p.pointer)
                continue
            index = _item_index(p.pointer, doc.kind, reader)
            p.line, p.column = (
                positions[index] if index is not None and index < len(positions) else (1, 1)
            )
        return
    starts, ends = reader.spans()
    with doc.open() as stream:
        for p in late:
            extra_at = reader.locate_extra(p.pointer)
            if extra_at is not None:
                p.offset = extra_at
                continue
            if p.pointer == "/Items" and reader.items_key_offset is not None:
                p.offset = reader.items_key_offset + _leading_blanks(reader, doc)
                continue
            index = _item_index(p.pointer, doc.kind, reader)
            if index is None or index >= len(starts):
                p.offset = 0
                continue
            stream.seek(starts[index])
            raw = stream.read(ends[index] - starts[index])
            base = {Layout.ARRAY: 1, Layout.ITEMS_MEMBER: 2}.get(LAYOUTS[doc.kind], 0)
            tokens = split_pointer(p.pointer)[base:]
            if LAYOUTS[doc.kind] is Layout.MEMBERS:
                raw = b"{" + raw[1:-1] + b"}"
            p.offset = starts[index] + locate(raw, tokens)


def _leading_blanks(reader: Any, doc: DocumentInput) -> int:
    """Blanks between a member's start (after the comma) and its key."""
    with doc.open() as stream:
        stream.seek(reader.items_key_offset)
        head = stream.read(256)
    return len(head) - len(head.lstrip())


def _item_index(pointer: str, kind: str, reader: Any) -> int | None:
    tokens = split_pointer(pointer)
    layout = LAYOUTS[kind]
    if layout is Layout.ARRAY and tokens and tokens[0].isdigit():
        return int(tokens[0])
    if (
        layout is Layout.ITEMS_MEMBER
        and len(tokens) > 1
        and tokens[0] == "Items"
        and tokens[1].isdigit()
    ):
        return int(tokens[1])
    if layout is Layout.MEMBERS and tokens:
        found: int | None = getattr(reader, "_member_keys", {}).get(tokens[0])
        return found
    return None


_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


def _chars(data: bytes) -> int:
    """Number of UTF-8 characters in ``data`` (the bytes that are not continuation bytes)."""
    return len(data.translate(None, _CONTINUATION_BYTES))


def line_columns(stream: BinaryIO, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """1-based (line, column in characters) of each byte offset, in one pass over ``stream``."""
    wanted = sorted(set(offsets))
    result: dict[int, tuple[int, int]] = {}
    line = 1
    col_chars = 0  # characters since the last newline, before the current chunk
    base = 0
    i = 0
    while i < len(wanted):
        chunk = stream.read(CHUNK_SIZE)
        if not chunk:
            for off in wanted[i:]:
                result[off] = (line, col_chars + 1)
            break
        end = base + len(chunk)
        cursor = 0
        while i < len(wanted) and wanted[i] < end:
            rel = wanted[i] - base
            newlines = chunk.count(b"\n", cursor, rel)
            if newlines:
                line += newlines
                last_nl = chunk.rfind(b"\n", cursor, rel)
                col_chars = _chars(chunk[last_nl + 1 : rel])
            else:
                col_chars += _chars(chunk[cursor:rel])
            cursor = rel
            result[wanted[i]] = (line, col_chars + 1)
            i += 1
        newlines = chunk.count(b"\n", cursor)
        if newlines:
            line += newlines
            col_chars = _chars(chunk[chunk.rfind(b"\n") + 1 :])
        else:
            col_chars += _chars(chunk[cursor:])
        base = end
    return result


def _finish(pending: list[_Pending], doc: DocumentInput, reader: Any) -> list[Diagnostic]:
    _locate_late(pending, doc, reader)
    in_file = [
        p.offset for p in pending if p.offset is not None and p.in_text is None and p.line is None
    ]
    resolved: dict[int, tuple[int, int]] = {}
    if in_file:
        with doc.open() as stream:
            resolved = line_columns(stream, in_file)
    in_texts: dict[int, tuple[bytes, list[int]]] = {}
    for p in pending:
        if p.line is None and p.in_text is not None and p.offset is not None:
            in_texts.setdefault(id(p.in_text), (p.in_text, []))[1].append(p.offset)
    text_positions = {
        key: line_columns(io.BytesIO(text), offsets) for key, (text, offsets) in in_texts.items()
    }
    diagnostics: list[Diagnostic] = []
    for p in pending:
        if p.line is not None:
            line, column = p.line, p.column or 1
        elif p.in_text is not None and p.offset is not None:
            line, column = text_positions[id(p.in_text)][p.offset]
        elif p.offset is not None:
            line, column = resolved[p.offset]
        else:
            line, column = 1, 1
        diagnostics.append(
            Diagnostic(p.code, p.severity, p.message, p.pointer, p.file, line, column)
        )
    return sort_diagnostics(diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(
        diagnostics, key=lambda d: (d.file, d.line, d.column, d.code, d.pointer, d.message)
    )
