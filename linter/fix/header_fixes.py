"""Fixes of the Norce X-StormConnect-Header: one line, no repeats, codes, no JobId.

Each edit is made in the text that holds the finding: a ``NAME.header.json`` sidecar, a
header given on the command line (shown, never written), or a ``norce.header`` document.
"""

from __future__ import annotations

import json
import re
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    HEADER_DUPLICATE_VALUE,
    HEADER_JOB_ID,
    HEADER_MULTILINE,
    HEADER_NAME_NEEDS_CODE,
)
from linter.diagnostics import Diagnostic
from linter.fix.edits import Edit
from linter.fix.jsontext import element_span, finding_node, json_start, member_span
from linter.fix.registry import Documents, Safety, register
from linter.read.locate import split_pointer
from linter.registry import NORCE_BODY_KINDS

__all__ = ["header_kind", "parsed_json"]

_LINE_BREAK = re.compile(rb"[ \t]*[\r\n][ \t\r\n]*")


def parsed_json(raw: bytes) -> Any:
    """``raw`` parsed as JSON (after blanks and a byte order mark), or None."""
    import orjson  # only when a fix runs: `skuguard rules` stays light

    try:
        return orjson.loads(raw[json_start(raw) :])
    except orjson.JSONDecodeError:
        return None


def header_kind(header: dict[str, Any], docs: Documents) -> str:
    if docs.kind in NORCE_BODY_KINDS:
        return nf.header_kind_for_body(docs.kind)
    return nf.header_kind_of(header)


@register(HEADER_MULTILINE, Safety.SAFE, "joins the JSON header into one line")
def one_line(finding: Diagnostic, docs: Documents) -> list[Edit]:
    raw = docs.texts[finding.file]
    start = json_start(raw)
    end = len(raw.rstrip())
    if raw[start : start + 1] != b"{" or parsed_json(raw) is None:
        return []  # an XML header's blanks may be text; only JSON is joined
    return [
        Edit(finding.file, m.start(), m.end(), b"") for m in _LINE_BREAK.finditer(raw, start, end)
    ]


@register(
    HEADER_DUPLICATE_VALUE, Safety.SAFE, "removes the repeated value (Norce reads a set of flags)"
)
def drop_repeat(finding: Diagnostic, docs: Documents) -> list[Edit]:
    raw = docs.texts[finding.file]
    at = finding_node(raw, finding)
    if at is None:
        return []
    start, end = element_span(raw, at)
    return [Edit(finding.file, start, end, b"")]


@register(HEADER_JOB_ID, Safety.SAFE, "removes JobId (Norce assigns it and ignores a sent one)")
def drop_job_id(finding: Diagnostic, docs: Documents) -> list[Edit]:
    raw = docs.texts[finding.file]
    at = finding_node(raw, finding)
    span = member_span(raw, at) if at is not None else None
    return [] if span is None else [Edit(finding.file, span[0], span[1], b"")]


@register(
    HEADER_NAME_NEEDS_CODE,
    Safety.SAFE,
    "writes the name's integer code in its place (the same member of the enum)",
)
def name_to_code(finding: Diagnostic, docs: Documents) -> list[Edit]:
    raw = docs.texts[finding.file]
    header = parsed_json(raw)
    tokens = split_pointer(finding.pointer)
    if not isinstance(header, dict) or len(tokens) != 2 or not tokens[1].isdigit():
        return []
    values = header.get(tokens[0])
    field = nf.header_fields(header_kind(header, docs)).get(tokens[0])
    index = int(tokens[1])
    if field is None or field.enum is None or not isinstance(values, list) or index >= len(values):
        return []
    member = field.enum.resolve(values[index])
    at = finding_node(raw, finding)
    if member is None or at is None or raw[at : at + 1] != b'"':
        return []
    from linter.read.locate import value_end

    return [Edit(finding.file, at, value_end(raw, at), str(member.code).encode())]


def add_flag(docs: Documents, fields_list: str, code: int) -> list[Edit]:
    """Append ``code`` to the header list ``fields_list`` (adding the list when absent)."""
    if docs.header is None:
        return []
    raw = docs.texts[docs.header]
    start = json_start(raw)
    header = parsed_json(raw)
    if not isinstance(header, dict):
        return []
    from linter.fix.jsontext import members, value_of_member

    listed = header.get(fields_list)
    if isinstance(listed, list):
        if code in listed:
            return []
        found = [key_at for key, key_at, _ in members(raw, start) if key == fields_list]
        span = value_of_member(raw, found[-1]) if found else None
        if span is None:
            return []
        close = span[1] - 1
        empty = not listed
        text = str(code).encode() if empty else b"," + str(code).encode()
        return [Edit(docs.header, close, close, text, joinable=not empty)]
    if fields_list in header:
        return []  # a list that is not a list: the schema rule says so; no guess here
    end = len(raw.rstrip()) - 1
    if raw[end : end + 1] != b"}":
        return []
    member = json.dumps(fields_list).encode() + b":[" + str(code).encode() + b"]"
    return [Edit(docs.header, end, end, (b"," if header else b"") + member)]
