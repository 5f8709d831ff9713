"""Fixes in a payload body: culture case, unflagged fields, repeated keys, Ka-ching ids.

Edits start at the finding's line and column. The culture and unflagged-field fixes also
work in Norce DataContract XML bodies (:mod:`linter.fix.xmltext`); the others are JSON only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    DUPLICATE_KEY,
    FATAL,
    FORBIDDEN_ID_CHARACTER,
    ONHAND_FIELD_NOT_FLAGGED,
    PRICE_FIELD_NOT_FLAGGED,
    PRODUCT_CULTURE_CODE_FORMAT,
    PRODUCT_FIELD_NOT_FLAGGED,
    RELATION_CULTURE_CODE_FORMAT,
    RELATION_FIELD_NOT_FLAGGED,
)
from linter.diagnostics import Diagnostic
from linter.fix.edits import Edit
from linter.fix.header_fixes import add_flag
from linter.fix.jsontext import (
    finding_node,
    json_start,
    member_span,
    members,
    node_at,
    string_at,
    value_of_member,
)
from linter.fix.registry import Documents, Safety, register
from linter.read.locate import join_pointer, split_pointer

__all__ = ["sanitize_key"]

_CULTURE = re.compile(r"[A-Za-z]{2}-[A-Za-z]{2}")
_KEY_ESCAPES = {
    ".": "%2E",
    "$": "%24",
    "#": "%23",
    "[": "%5B",
    "]": "%5D",
    "/": "%2F",
    "*": "%2A",
    "_": "%5F",
}


def sanitize_key(key: str) -> str:
    """A Ka-ching id percent-encoded as the vendor's plugin encodes it (SanitizeKey)."""
    return "".join(_KEY_ESCAPES.get(char, char) for char in key)


def _json_body(docs: Documents) -> bytes | None:
    if docs.content_type != "json":
        return None
    raw = docs.texts[docs.body]
    return raw if raw[json_start(raw) : json_start(raw) + 1] in (b"[", b"{") else None


def _value_start(raw: bytes, pointer: str) -> int | None:
    """Where the value at ``pointer`` starts (a member's value, not its key)."""
    start = json_start(raw)
    if not pointer:
        return start
    at = node_at(raw, pointer, start=start)
    tokens = split_pointer(pointer)
    parent = _value_start(raw, join_pointer(tokens[:-1]))
    if at is None or parent is None:
        return None
    if raw[parent : parent + 1] == b"{":
        span = value_of_member(raw, at)
        return None if span is None else span[0]
    return at


@register(
    PRODUCT_CULTURE_CODE_FORMAT,
    Safety.SAFE,
    "writes the culture code as language-REGION (sv-se becomes sv-SE); other forms are left",
)
@register(
    RELATION_CULTURE_CODE_FORMAT,
    Safety.SAFE,
    "writes the culture code as language-REGION (sv-se becomes sv-SE); other forms are left",
)
def culture_case(finding: Diagnostic, docs: Documents) -> list[Edit]:
    if docs.content_type == "xml":
        return _xml_culture_case(finding, docs)
    raw = _json_body(docs)
    at = finding_node(raw, finding) if raw is not None else None
    span = value_of_member(raw, at) if raw is not None and at is not None else None
    if raw is None or span is None:
        return []
    value = string_at(raw, span[0])
    if value is None or not _CULTURE.fullmatch(value[1]):
        return []
    language, region = value[1].split("-")
    fixed = f'"{language.lower()}-{region.upper()}"'.encode()
    return [Edit(docs.body, span[0], span[1], fixed)]


def _xml_culture_case(finding: Diagnostic, docs: Documents) -> list[Edit]:
    from linter.fix.xmltext import element_at

    raw = docs.texts[docs.body]
    element = element_at(raw, finding.line, finding.column, split_pointer(finding.pointer)[-1])
    text = element.group("text") if element is not None else None
    if element is None or text is None or not _CULTURE.fullmatch(text.decode("ascii", "replace")):
        return []
    language, region = text.decode("ascii").split("-")
    fixed = f"{language.lower()}-{region.upper()}".encode()
    return [Edit(docs.body, element.start("text"), element.end("text"), fixed)]


def _xml_unflagged(docs: Documents, schema: str, prop: str) -> list[Edit]:
    from linter.fix.xmltext import element_at, item_positions, line_span

    raw = docs.texts[docs.body]
    root = nf.body_node(nf.body_item_schema(docs.kind))
    edits: list[Edit] = []
    for value, index, positions in item_positions(raw, docs.kind):
        for found in _occurrences(value, root, [str(index)], schema, prop):
            where = positions.get(join_pointer(found))
            element = element_at(raw, *where, prop) if where is not None else None
            if element is not None:
                start, end = line_span(raw, element.start(), element.end())
                edits.append(Edit(docs.body, start, end, b""))
    return edits


def _schema_path(kind: str, tokens: list[str]) -> nf.BodyNode | None:
    """The body node of the object holding the property the last token names."""
    if kind not in nf.IMPORT_OPERATIONS or not tokens or not tokens[0].isdigit():
        return None
    node = nf.body_node(nf.body_item_schema(kind))
    rest = tokens[1:-1]
    i = 0
    while i < len(rest):
        child = node.children.get(rest[i])
        if child is None:
            return None
        is_list, schema = child
        i += 2 if is_list else 1
        node = nf.body_node(schema)
    return node


def _occurrences(
    value: Any, node: nf.BodyNode, pointer: list[str], schema: str, prop: str
) -> Iterator[list[str]]:
    if not isinstance(value, dict):
        return
    if node.schema == schema and value.get(prop) is not None:
        default = node.defaults.get(prop, ...)
        if default is ... or not nf.is_dotnet_default(value[prop], default):
            yield [*pointer, prop]
    for name, (is_list, child) in node.children.items():
        inner = value.get(name)
        child_node = nf.body_node(child)
        if is_list and isinstance(inner, list):
            for index, element in enumerate(inner):
                yield from _occurrences(
                    element, child_node, [*pointer, name, str(index)], schema, prop
                )
        elif not is_list:
            yield from _occurrences(inner, child_node, [*pointer, name], schema, prop)


def drop_unflagged(finding: Diagnostic, docs: Documents) -> list[Edit]:
    """Remove the field from every object of its schema: Norce ignores it everywhere.

    The items are read by the linter's own JSON reader, which knows where each starts, so
    a large body costs one pass, not a scan per occurrence."""
    import io

    from linter.kinds import LAYOUTS
    from linter.read.json import JsonReader

    raw = docs.texts[docs.body] if docs.content_type == "json" else None
    tokens = split_pointer(finding.pointer)
    node = _schema_path(docs.kind, tokens)
    if node is None or tokens[-1] in node.children:
        return []  # a nested object or list is left for a person (or the unsafe flag)
    if raw is None:
        return _xml_unflagged(docs, node.schema, tokens[-1])
    root = nf.body_node(nf.body_item_schema(docs.kind))
    edits: list[Edit] = []
    reader = JsonReader(io.BytesIO(raw), LAYOUTS[docs.kind])
    for item in reader.items():
        for found in _occurrences(item.value, root, [str(item.index)], node.schema, tokens[-1]):
            at = item.locate(join_pointer(found))
            if not isinstance(at, int):
                continue
            span = member_span(raw, at) if string_at(raw, at) else None
            if span is not None:
                edits.append(Edit(docs.body, span[0], span[1], b""))
    return [] if any(p.code in FATAL for p in reader.problems) else edits


def flag_field(finding: Diagnostic, docs: Documents) -> list[Edit]:
    """Add the field's flag to its header list, so Norce writes the field."""
    tokens = split_pointer(finding.pointer)
    node = _schema_path(docs.kind, tokens)
    if node is None or node.fields_list is None or tokens[-1] not in node.flags:
        return []
    enum = nf.list_enum(nf.header_kind_for_body(docs.kind), node.fields_list)
    member = enum.by_name.get(node.flags[tokens[-1]]) if enum is not None else None
    return [] if member is None else add_flag(docs, node.fields_list, member.code)


for _code in (
    PRODUCT_FIELD_NOT_FLAGGED,
    ONHAND_FIELD_NOT_FLAGGED,
    PRICE_FIELD_NOT_FLAGGED,
    RELATION_FIELD_NOT_FLAGGED,
):
    register(
        _code,
        Safety.SAFE,
        "removes the field from the body (Norce ignores a field whose flag is not set); "
        "a nested object or list is left as it is",
        unsafe_edit="adds the field's flag to the header list instead, so Norce writes it",
        make_unsafe=flag_field,
    )(drop_unflagged)


@register(DUPLICATE_KEY, Safety.UNSAFE, "keeps only the last of the repeated keys, as .NET does")
def keep_last(finding: Diagnostic, docs: Documents) -> list[Edit]:
    raw = docs.texts[finding.file]
    tokens = split_pointer(finding.pointer)
    if not tokens or finding.file not in (docs.body, docs.header):
        return []
    if finding.file == docs.body and docs.content_type != "json":
        return []
    parent = _value_start(raw, join_pointer(tokens[:-1]))
    if parent is None or raw[parent : parent + 1] != b"{":
        return []
    found = [key_at for key, key_at, _ in members(raw, parent) if key == tokens[-1]]
    span = member_span(raw, found[0]) if len(found) > 1 else None
    return [] if span is None else [Edit(finding.file, span[0], span[1], b"")]


@register(
    FORBIDDEN_ID_CHARACTER,
    Safety.UNSAFE,
    "percent-encodes the id as the vendor's plugin does ('.' %2E, '/' %2F, '_' %5F, ...)",
)
def encode_id(finding: Diagnostic, docs: Documents) -> list[Edit]:
    raw = _json_body(docs)
    tokens = split_pointer(finding.pointer)
    at = finding_node(raw, finding) if raw and tokens else None
    key = string_at(raw, at) if raw is not None and at is not None else None
    if raw is None or at is None or key is None:
        return []
    fixed = json.dumps(sanitize_key(key[1]), ensure_ascii=False).encode()
    return [Edit(docs.body, at, key[0], fixed)]
