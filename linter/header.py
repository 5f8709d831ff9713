"""Lint a Norce X-StormConnect-Header: read it (JSON or XML), then its schema and header rules."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from linter import norce_model, schemas
from linter.checking import (
    DocumentContext,
    HeaderInput,
    PendingFinding,
    Selection,
    Where,
    finding_at,
    header_rules,
    nearest_position,
    pending_from_problem,
    run_check,
    severity_of,
)
from linter.codes import (
    DUPLICATE_KEY,
    EMPTY_DOCUMENT,
    HEADER_MULTILINE,
    NOT_PARSEABLE,
    SCHEMA_VIOLATION,
)
from linter.read.duplicates import duplicate_key_pointers
from linter.read.item import Layout
from linter.read.json import depth_problem
from linter.read.locate import Locator, locate, split_pointer
from linter.read.problems import Problem, parse_error_problem
from linter.registry import NORCE_BODY_KINDS, Rule, get_rule

MAX_HEADER_SIZE = 1024 * 1024


@dataclass
class HeaderOutcome:
    header: dict[str, Any] | None
    header_kind: str | None
    pending: list[PendingFinding]


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

    pending: list[PendingFinding] = []
    text: bytes | None = None
    parsed: Any
    positions: dict[str, tuple[int, int]] | None = None

    def emit(code: str, message: str, pointer: str = "", offset: int | None = None) -> None:
        if selection.enabled(code):
            pending.append(
                PendingFinding(
                    code, severity_of(code), message, pointer, file, offset=offset, in_text=text
                )
            )

    if isinstance(header, Mapping):
        parsed = dict(header)
    else:
        text = _header_text(header)
        stripped = text.strip()
        if not stripped:
            emit(EMPTY_DOCUMENT, "the header is empty", offset=0)
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
                    pending.append(pending_from_problem(problem, file, text))
            if parsed is None:
                return HeaderOutcome(None, None, pending)
        else:
            try:
                parsed = orjson.loads(body)
                unreadable = depth_problem(body, lead)
            except orjson.JSONDecodeError as error:
                unreadable = parse_error_problem(body, error, lead, "the header")
            if unreadable is not None:
                if selection.enabled(unreadable.code):
                    pending.append(pending_from_problem(unreadable, file, text))
                return HeaderOutcome(None, None, pending)
            if isinstance(parsed, dict):
                for pointer in duplicate_key_pointers(body, ""):
                    emit(
                        DUPLICATE_KEY,
                        f"duplicate key {split_pointer(pointer)[-1]!r}: JSON parsers keep only one "
                        "of the values",
                        pointer,
                        lead + locate(body, split_pointer(pointer), last_key=True),
                    )
    if not isinstance(parsed, dict):
        emit(
            SCHEMA_VIOLATION,
            f"the header must be a JSON object, not {type(parsed).__name__}",
            "",
            0,
        )
        return HeaderOutcome(None, None, pending)

    if kind in NORCE_BODY_KINDS:
        header_kind = norce_model.header_kind_for_body(kind)
    else:
        header_kind = norce_model.header_kind_of(parsed)
    schema_name = norce_model.header_schema_of_kind(header_kind)
    context = DocumentContext(kind, content_type, parsed, header_kind, options or {})
    findings: list[tuple[str, str, Rule]] = []
    schema_rule = get_rule(SCHEMA_VIOLATION)
    if schema_rule is not None and selection.enabled(SCHEMA_VIOLATION):
        findings.extend(
            (p, m, schema_rule)
            for p, m in schemas.schema_findings("norce", schema_name, parsed, "")
        )
    for header_rule in header_rules(kind, selection):
        check = header_rule.check
        if check is None:
            continue
        findings.extend(run_check(header_rule, lambda c=check: c(parsed, context)))  # type: ignore[misc]
    locator = Locator(text.strip()) if text is not None else None
    for pointer, message, found_rule in findings:
        where: Where = None
        if positions is not None:
            where = nearest_position(positions, pointer)
        elif text is not None and locator is not None:
            lead = len(text) - len(text.lstrip())
            where = lead + locator.locate(split_pointer(pointer))
        in_text = None if positions is not None else text
        pending.append(finding_at(found_rule, message, pointer, file, where, in_text))
    return HeaderOutcome(parsed, header_kind, pending)


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
