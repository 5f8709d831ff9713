"""A property: on generated payloads mutated to carry fixable findings, the safe fixes never
raise a new error (no error code is reported more often after fixing than before)."""

from __future__ import annotations

import copy
import io
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.generate.strategies import Payload, valid_payloads
from linter import norce_model as nf
from linter.checking import DocumentInput, Selection
from linter.diagnostics import Severity
from linter.engine import lint_document
from linter.fix import fix_document

KINDS = ("norce.products", "norce.onhands", "norce.prices", "norce.relations")
Mutation = Callable[[st.DataObject, Any, dict[str, Any]], None]


def add_job_id(data: st.DataObject, body: Any, header: dict[str, Any]) -> None:
    header["JobId"] = data.draw(st.integers(0, 10**6))


def repeat_a_value(data: st.DataObject, body: Any, header: dict[str, Any]) -> None:
    lists = sorted(k for k, v in header.items() if isinstance(v, list) and v)
    if lists:
        chosen = header[data.draw(st.sampled_from(lists))]
        chosen.append(data.draw(st.sampled_from(chosen)))


def unflag_a_field(data: st.DataObject, body: Any, header: dict[str, Any]) -> None:
    """Take a present scalar field's flag out of the header: the field becomes unflagged."""
    kind = data.draw(st.just(header.get("_kind")))
    node = nf.body_node(nf.body_item_schema(kind))
    fields_list = node.fields_list
    enum = nf.list_enum(nf.header_kind_for_body(kind), fields_list) if fields_list else None
    if enum is None or fields_list is None or not isinstance(header.get(fields_list), list):
        return
    present = sorted(
        prop
        for item in body
        if isinstance(item, dict)
        for prop in item
        if prop in node.flags and prop not in node.children and item[prop] is not None
    )
    if not present:
        return
    member = enum.by_name.get(node.flags[data.draw(st.sampled_from(present))])
    if member is not None:
        header[fields_list] = [v for v in header[fields_list] if enum.resolve(v) is not member]


def lower_a_culture(data: st.DataObject, body: Any, header: dict[str, Any]) -> None:
    found: list[dict[str, Any]] = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("CultureCode"), str):
                found.append(value)
            for inner in value.values():
                visit(inner)
        elif isinstance(value, list):
            for inner in value:
                visit(inner)

    visit(body)
    if found:
        target = data.draw(st.sampled_from(found))
        target["CultureCode"] = target["CultureCode"].lower()


MUTATIONS: tuple[Mutation, ...] = (add_job_id, repeat_a_value, unflag_a_field, lower_a_culture)


def errors(kind: str, body: bytes, header: bytes) -> Counter[str]:
    doc = DocumentInput(
        open=lambda: io.BytesIO(body),
        kind=kind,
        file="body",
        content_type="json",
        header=header,
        header_file="header",
    )
    found = lint_document(doc, Selection())
    return Counter(d.code for d in found if d.severity is Severity.ERROR)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), kind=st.sampled_from(KINDS))
def test_safe_fixes_never_raise_a_new_error(data: st.DataObject, kind: str) -> None:
    payload: Payload = data.draw(valid_payloads(kind))
    body = copy.deepcopy(payload.body)
    header = copy.deepcopy(payload.header or {})
    header["_kind"] = kind
    for mutation in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        mutation(data, body, header)
    del header["_kind"]
    indent = data.draw(st.sampled_from([None, 2]))  # 2: a multi-line header (SG009)
    header_text = json.dumps(header, indent=indent).encode()
    body_text = json.dumps(body, indent=data.draw(st.sampled_from([None, 1]))).encode()
    before = errors(kind, body_text, header_text)
    fixed = fix_document(
        {"body": body_text, "header": header_text},
        body="body",
        header="header",
        kind=kind,
        content_type="json",
    )
    after = errors(kind, fixed.texts["body"], fixed.texts["header"])
    assert not after - before, (after - before, fixed.texts)
    json.loads(fixed.texts["body"])
    json.loads(fixed.texts["header"])
