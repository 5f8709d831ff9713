"""Breakers of the Norce header rules (NH…): one flag, value or property of the header changed."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from contracts.breakers.norce import payload as norce
from contracts.breakers.registry import Draw, breaks
from contracts.generate.norce_header import HEADER_SCHEMAS, list_enum
from contracts.generate.payloads import Payload
from linter import norce_model
from linter.codes import (
    HEADER_DEPENDENCY,
    HEADER_DEPRECATED_FIELD,
    HEADER_DOCS_ONLY_FIELD,
    HEADER_DUPLICATE_VALUE,
    HEADER_FULL_FILE,
    HEADER_IGNORE_NOT_SUBSET,
    HEADER_JOB_ID,
    HEADER_SERIALIZATION_MISMATCH,
    HEADER_SUPPLIER_WITHOUT_STORAGE,
    HEADER_TWIN_CONFLICT,
    HEADER_UNKNOWN_PROPERTY,
    HEADER_UNKNOWN_VALUE,
    SCHEMA_VIOLATION,
)
from linter.specs import schema


@breaks(HEADER_UNKNOWN_VALUE, norce.NORCE_KINDS, also=(SCHEMA_VIOLATION,))
def _unknown_value(draw: Draw, payload: Payload) -> Payload:
    header_schema = norce.header_schema_of(payload)
    present = [name for name in norce.lists(header_schema) if name in norce.header_of(payload)]
    list_name = draw(st.sampled_from(present))
    enum = list_enum(header_schema, list_name)
    norce.header_of(payload)[list_name].append(max(enum.codes) + draw(st.integers(1, 50)))
    return payload


@breaks(HEADER_DEPENDENCY, ("norce.products", "norce.header"))
def _dependency(draw: Draw, payload: Payload) -> Payload:
    header_schema = norce.header_schema_of(payload)
    props = schema("norce", header_schema)["properties"]
    options = []
    for name, node in props.items():
        requires = node.get("x-skuguard-requires")
        if requires is None or name in norce.header_of(payload) or "x-skuguard-subset-of" in node:
            continue
        if requires["value"] not in norce.names(payload, requires["list"]) and (
            requires["list"] in norce.header_of(payload)
        ):
            options.append(name)
    assume(bool(options))
    name = draw(st.sampled_from(sorted(options)))
    enum = list_enum(header_schema, name)
    member = draw(st.sampled_from([m for m in enum.members if not m.deprecated]))
    norce.header_of(payload)[name] = [member.code]
    return payload


@breaks(HEADER_IGNORE_NOT_SUBSET, ("norce.products", "norce.prices", "norce.header"))
def _ignore_not_subset(draw: Draw, payload: Payload) -> Payload:
    header_schema = norce.header_schema_of(payload)
    ignore_list = "IgnoreSkuPriceListFieldsWhenEmpty"
    props = schema("norce", header_schema)["properties"]
    assume(ignore_list in props)
    superset = str(props[ignore_list]["x-skuguard-subset-of"])
    if payload.kind == "norce.products" and superset not in norce.header_of(payload):
        norce.ensure_standard_price(draw, payload)
    assume(superset in norce.header_of(payload))
    chosen = norce.names(payload, superset)
    enum = list_enum(header_schema, ignore_list)
    outside = [
        m.name for m in enum.members if m.name not in chosen and m.code not in enum.wire_only
    ]
    assume(bool(outside))
    norce.header_of(payload).setdefault(ignore_list, []).append(draw(st.sampled_from(outside)))
    return payload


@breaks(HEADER_JOB_ID, norce.NORCE_KINDS)
def _job_id(draw: Draw, payload: Payload) -> Payload:
    norce.header_of(payload)["JobId"] = draw(st.integers(min_value=1, max_value=2**31 - 1))
    return payload


@breaks(HEADER_SUPPLIER_WITHOUT_STORAGE, norce.NORCE_KINDS)
def _supplier_without_storage(draw: Draw, payload: Payload) -> Payload:
    norce.header_of(payload)["SupplierId"] = draw(st.integers(min_value=1, max_value=9999))
    return payload


@breaks(HEADER_SERIALIZATION_MISMATCH, norce.NORCE_BODY_KINDS)
def _serialization_mismatch(draw: Draw, payload: Payload) -> Payload:
    enum = norce_model.SERIALIZATION_FOR_CONTENT
    others = [code for content, code in enum.items() if content != payload.content_type]
    norce.header_of(payload)[norce_model.SERIALIZATION_TYPE] = draw(st.sampled_from(others))
    return payload


@breaks(HEADER_DUPLICATE_VALUE, norce.NORCE_KINDS)
def _duplicate_value(draw: Draw, payload: Payload) -> Payload:
    present = [
        n for n in norce.lists(norce.header_schema_of(payload)) if norce.header_of(payload).get(n)
    ]
    list_name = draw(st.sampled_from(present))
    values = norce.header_of(payload)[list_name]
    values.append(draw(st.sampled_from(values)))
    return payload


def _kinds_with_twins() -> tuple[str, ...]:
    kinds = []
    for kind, header_schema in HEADER_SCHEMAS.items():
        for list_name in norce.lists(header_schema):
            enum = list_enum(header_schema, list_name)
            if any(norce_model.twin_base(m.name, enum) for m in enum.members):
                kinds.append(kind)
                break
    return (*kinds, "norce.header")


@breaks(HEADER_TWIN_CONFLICT, _kinds_with_twins())
def _twin_conflict(draw: Draw, payload: Payload) -> Payload:
    header_schema = norce.header_schema_of(payload)
    options = []
    for list_name in norce.lists(header_schema):
        if list_name not in norce.header_of(payload):
            continue
        enum = list_enum(header_schema, list_name)
        if enum.wire_only:
            continue
        chosen = norce.names(payload, list_name)
        for name in chosen:
            base = norce_model.twin_base(name, enum)
            if base is not None and base not in chosen:
                options.append((list_name, base))
            for suffix in norce_model.TWIN_SUFFIXES:
                if name + suffix in enum.by_name and name + suffix not in chosen:
                    options.append((list_name, name + suffix))
    assume(bool(options))
    list_name, name = draw(st.sampled_from(sorted(options)))
    norce.add_flag(payload, list_name, name, twin_too=True)
    return payload


@breaks(HEADER_DEPRECATED_FIELD, ("norce.products", "norce.onhands", "norce.header"))
def _deprecated_flag(draw: Draw, payload: Payload) -> Payload:
    header_schema = norce.header_schema_of(payload)
    options = [
        (list_name, member.name)
        for list_name in norce.lists(header_schema)
        if list_name in norce.header_of(payload)
        for member in list_enum(header_schema, list_name).members
        if member.deprecated
    ]
    assume(bool(options))
    list_name, name = draw(st.sampled_from(sorted(options)))
    norce.add_flag(payload, list_name, name)
    return payload


@breaks(HEADER_DOCS_ONLY_FIELD, ("norce.products", "norce.header"))
def _docs_only_flag(draw: Draw, payload: Payload) -> Payload:
    header_schema = norce.header_schema_of(payload)
    options = [
        (list_name, member)
        for list_name in norce.lists(header_schema)
        if list_name in norce.header_of(payload)
        for enum_name, member in norce_model.SKU_FIELDS_DOCS_ONLY
        if list_enum(header_schema, list_name).schema_name == enum_name
    ]
    assume(bool(options))
    list_name, name = draw(st.sampled_from(sorted(options)))
    norce.add_flag(payload, list_name, name)
    return payload


@breaks(HEADER_FULL_FILE, norce.NORCE_KINDS)
def _full_file(draw: Draw, payload: Payload) -> Payload:
    norce.header_of(payload)["FullFile"] = True
    if payload.kind == "norce.products" and isinstance(payload.body, list):
        norce.code_every_product(draw, payload)
    return payload


@breaks(HEADER_UNKNOWN_PROPERTY, norce.NORCE_KINDS, also=(SCHEMA_VIOLATION,))
def _unknown_property(draw: Draw, payload: Payload) -> Payload:
    known = set(schema("norce", norce.header_schema_of(payload))["properties"])
    name = draw(st.from_regex(r"\AX[A-Z][a-z]{3,8}\Z").filter(lambda n: n not in known))
    norce.header_of(payload)[name] = True
    return payload
