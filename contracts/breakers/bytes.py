"""Breakers of the bytes: payloads whose body or header text breaks exactly one syntax rule.

These rules live below the parsed data (truncated text, a repeated key, bytes that are not
UTF-8, a DTD, a multi-line header, a header name where XML needs a code), so each breaker
sets the exact ``body_bytes`` or ``header_text`` of the payload. A rule that exists in one
serialization only turns the payload into it first (SG002, SG004, SG005 and SG007 are JSON
rules as the linter reads them; SG006 and NH002 need XML).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import orjson
from hypothesis import assume, reject
from hypothesis import strategies as st

from contracts.breakers.registry import Draw, breaks
from contracts.generate import dc_xml
from contracts.generate import xml as generate_xml
from contracts.generate.payloads import Payload
from contracts.generate.wire import body_bytes, norce_header_text
from linter import norce_model
from linter.codes import (
    DUPLICATE_KEY,
    EMPTY_DOCUMENT,
    HEADER_MULTILINE,
    HEADER_NAME_NEEDS_CODE,
    ITEM_TOO_LARGE,
    NOT_PARSEABLE,
    NOT_UTF8,
    UNSAFE_XML,
)
from linter.registry import KINDS, NORCE_BODY_KINDS

_NORCE_BODY_KINDS = tuple(sorted(NORCE_BODY_KINDS))
_NORCE_KINDS = (*_NORCE_BODY_KINDS, "norce.header")
# A private-use character no generator produces: where it lands, the bytes get broken.
_MARK = "\ue000"
_LATIN1_LETTERS = tuple("åäöéüøæ".encode("latin-1"))
# Every item of a generated payload is longer than this (the shortest is a Ka-ching
# location with one product, 11 bytes or more).
_SMALL_ITEM_LIMIT = 8


def _json(payload: Payload) -> Payload:
    return generate_xml.to_json(payload) if payload.content_type == "xml" else payload


def _xml(payload: Payload) -> Payload:
    if payload.content_type == "xml" and payload.body_bytes is not None:
        return payload
    try:
        return generate_xml.to_xml(_json(payload))
    except dc_xml.UnwritableError:
        reject()


@breaks(NOT_PARSEABLE, KINDS)
def _truncated(draw: Draw, payload: Payload) -> Payload:
    payload = generate_xml.written(payload)
    text = body_bytes(payload).decode("utf-8")
    cut = draw(st.integers(min_value=1, max_value=len(text) - 1))
    assume(text[:cut].strip())
    return replace(payload, body_bytes=text[:cut].encode("utf-8"))


def _objects(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        if node:
            yield path
        for key, value in node.items():
            yield from _objects(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, (*path, index))


def _dumps_repeating(node: Any, target: tuple[Any, ...], key: str, path: tuple[Any, ...]) -> str:
    """``node`` as JSON, with ``key`` of the object at ``target`` written twice."""
    if isinstance(node, dict):
        members = []
        for name, value in node.items():
            member = (
                orjson.dumps(name).decode()
                + ":"
                + _dumps_repeating(value, target, key, (*path, name))
            )
            members.append(member)
            if path == target and name == key:
                members.append(member)
        return "{" + ",".join(members) + "}"
    if isinstance(node, list):
        items = (_dumps_repeating(v, target, key, (*path, i)) for i, v in enumerate(node))
        return "[" + ",".join(items) + "]"
    return orjson.dumps(node).decode()


@breaks(DUPLICATE_KEY, KINDS)
def _duplicate_key(draw: Draw, payload: Payload) -> Payload:
    payload = _json(payload)
    objects = list(_objects(payload.body))
    assume(bool(objects))
    target = draw(st.sampled_from(objects))
    node = payload.body
    for step in target:
        node = node[step]
    keys = sorted(node)
    if payload.kind == "unleashed.stock-on-hand" and target == ():
        # The linter does not see a repeated Items member (its streaming reader takes the
        # array as the items), so the repeat goes elsewhere.
        keys = [k for k in keys if k != "Items"]
    assume(bool(keys))
    key = draw(st.sampled_from(keys))
    text = _dumps_repeating(payload.body, target, key, ())
    return replace(payload, body_bytes=text.encode("utf-8"))


@breaks(EMPTY_DOCUMENT, KINDS)
def _empty(draw: Draw, payload: Payload) -> Payload:
    blank = draw(st.text(alphabet=" \t\r\n", max_size=4))
    return replace(_json(payload), body_bytes=blank.encode("ascii"))


def _spots(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], bool]]:
    """Where a string is: ``(path, True)`` for an object key, ``(path, False)`` for a value."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key), True
            yield from _spots(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _spots(value, (*path, index))
    elif isinstance(node, str):
        yield path, False


def _marked(node: Any, spot: tuple[Any, ...], is_key: bool) -> Any:
    if not spot:
        return node + _MARK
    head, *rest = spot
    if isinstance(node, dict):
        if not rest and is_key:
            return {(k + _MARK if k == head else k): v for k, v in node.items()}
        return {k: (_marked(v, tuple(rest), is_key) if k == head else v) for k, v in node.items()}
    assert isinstance(node, list)
    copied = list(node)
    copied[head] = _marked(copied[head], tuple(rest), is_key)
    return copied


@breaks(NOT_UTF8, KINDS)
def _latin1_text(draw: Draw, payload: Payload) -> Payload:
    """One string (a key or a value) ends in a Latin-1 letter, as a Latin-1 export writes it."""
    payload = _json(payload)
    spots = list(_spots(payload.body))
    assume(bool(spots))
    spot, is_key = draw(st.sampled_from(spots))
    data = orjson.dumps(_marked(payload.body, spot, is_key))
    letter = bytes([draw(st.sampled_from(_LATIN1_LETTERS))])
    return replace(payload, body_bytes=data.replace(_MARK.encode("utf-8"), letter))


def _doctype(draw: Draw, root: str) -> bytes:
    name = draw(st.from_regex(r"\A[a-z]{1,8}\Z"))
    value = draw(st.from_regex(r"\A[A-Za-z0-9 ]{0,12}\Z"))
    declaration = draw(
        st.sampled_from(
            [
                f'<!ENTITY {name} "{value}">',
                f'<!ENTITY {name} SYSTEM "file:///etc/{name}">',
                f'<!ENTITY % {name} "{value}">',
            ]
        )
    )
    return f"<!DOCTYPE {root} [{declaration}]>".encode("ascii")


def _after_declaration(document: bytes, insert: bytes) -> bytes:
    if document.startswith(b"<?xml"):
        end = document.index(b"?>") + 2
        return document[:end] + insert + document[end:]
    return insert + document


@breaks(UNSAFE_XML, (*_NORCE_KINDS, "unleashed.stock-on-hand"))
def _entity_declaration(draw: Draw, payload: Payload) -> Payload:
    if payload.kind == "unleashed.stock-on-hand":
        from contracts.sandbox.unleashed.xml_output import render

        root = "StockOnHandList"
        xml = replace(payload, content_type="xml", body_bytes=render(root, payload.body))
    else:
        xml = _xml(payload)
        root = (
            norce_model.header_schema_of_kind(norce_model.header_kind_of(xml.body))
            if xml.kind == "norce.header"
            else "ArrayOf" + norce_model.body_item_schema(xml.kind)
        )
    assert xml.body_bytes is not None
    return replace(xml, body_bytes=_after_declaration(xml.body_bytes, _doctype(draw, root)))


@breaks(ITEM_TOO_LARGE, tuple(k for k in KINDS if k != "norce.header"), sendable=False)
def _item_over_limit(draw: Draw, payload: Payload) -> Payload:
    """Items stay small; the linter's item limit is lowered below them (``max_item_bytes``).

    The real limit is 64 MiB, so this payload breaks the rule only for the linter it is
    given to with the option: sent over HTTP it would be a valid request.
    """
    payload = _json(payload)
    if payload.kind == "unleashed.stock-on-hand":
        assume(bool(payload.body.get("Items")))
    limit = draw(st.integers(min_value=1, max_value=_SMALL_ITEM_LIMIT))
    return replace(payload, options={**payload.options, "max_item_bytes": limit})


@breaks(HEADER_MULTILINE, _NORCE_KINDS, sendable=False)
def _multiline_header(draw: Draw, payload: Payload) -> Payload:
    """The header as indented JSON. An HTTP header value cannot carry the line breaks, so the
    runner never sends such a payload (building the request refuses it)."""
    indent = draw(st.integers(min_value=0, max_value=4))
    if payload.kind == "norce.header":
        payload = _json(payload)
        return replace(payload, body_bytes=json.dumps(payload.body, indent=indent).encode())
    assert payload.header is not None
    return replace(payload, header_text=json.dumps(payload.header, indent=indent))


@breaks(HEADER_NAME_NEEDS_CODE, _NORCE_KINDS)
def _name_with_xml(draw: Draw, payload: Payload) -> Payload:
    """An XML payload whose header gives one enum value by name (JSON alone accepts names)."""
    xml = _xml(payload)
    header = dict(xml.body if xml.kind == "norce.header" else xml.header or {})
    fields = norce_model.header_fields(
        norce_model.header_kind_of(header)
        if xml.kind == "norce.header"
        else norce_model.header_kind_for_body(xml.kind)
    )
    spots = [
        (name, index)
        for name, value in sorted(header.items())
        if (field := fields.get(name)) is not None and field.enum is not None
        for index in (range(len(value)) if field.is_list and isinstance(value, list) else [None])
    ]
    assume(bool(spots))
    name, index = draw(st.sampled_from(spots))
    enum = fields[name].enum
    assert enum is not None
    if index is None:
        header[name] = _member_name(enum, header[name])
    else:
        header[name] = list(header[name])
        header[name][index] = _member_name(enum, header[name][index])
    if xml.kind == "norce.header":
        text = dc_xml.header(
            header, norce_model.header_schema_of_kind(norce_model.header_kind_of(header))
        )
        return replace(xml, body=header, body_bytes=text.encode("utf-8"))
    return replace(xml, header=header, header_text=norce_header_text(header))


def _member_name(enum: Any, value: Any) -> str:
    member = enum.resolve(value)
    assume(member is not None)
    name: str = member.name
    return name
