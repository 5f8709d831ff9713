"""Norce payloads serialized as DataContract XML, and back to JSON.

An XML payload keeps ``body`` (the items the linter reads back from its bytes) and carries
the bytes in ``body_bytes``. Its header stays one line of JSON, as the spec declares the
``X-StormConnect-Header`` (a ``norce.header`` payload may itself be XML-serialized), with
every enum value as its code (names work with JSON only) and ``SerializationType`` XML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from hypothesis import assume, reject
from hypothesis import strategies as st

from contracts.generate import dc_xml
from contracts.generate.payloads import Payload
from linter import norce_model

Draw = Callable[[st.SearchStrategy[Any]], Any]

XML_KINDS: frozenset[str] = frozenset(norce_model.IMPORT_OPERATIONS) | {"norce.header"}
CONTENT_TYPES: tuple[str, ...] = ("json", "xml")


def _header_kind(payload: Payload, header: Mapping[str, Any]) -> str:
    if payload.kind == "norce.header":
        return norce_model.header_kind_of(header)
    return norce_model.header_kind_for_body(payload.kind)


def header_with_codes(header: Mapping[str, Any], header_kind: str) -> dict[str, Any]:
    """``header`` with every enum value that names a member replaced by the member's code."""
    fields = norce_model.header_fields(header_kind)
    result = dict(header)
    for name, value in header.items():
        field = fields.get(name)
        if field is None or field.enum is None:
            continue
        enum = field.enum
        if field.is_list and isinstance(value, list):
            result[name] = [_code(enum.resolve(item), item) for item in value]
        elif not field.is_list and value is not None:
            result[name] = _code(enum.resolve(value), value)
    return result


def _code(member: Any, value: Any) -> Any:
    return value if member is None else member.code


def _serialization(header: Mapping[str, Any], content_type: str) -> dict[str, Any]:
    code = norce_model.SERIALIZATION_FOR_CONTENT[content_type]
    return {**header, norce_model.SERIALIZATION_TYPE: code}


def _write(payload: Payload) -> bytes:
    if payload.kind == "norce.header":
        header_schema = norce_model.header_schema_of_kind(_header_kind(payload, payload.body))
        return dc_xml.header(payload.body, header_schema).encode("utf-8")
    return dc_xml.body(payload.body, norce_model.body_item_schema(payload.kind))


def to_xml(payload: Payload) -> Payload:
    """``payload`` as XML: enum values as codes, SerializationType XML, the body written.

    Raises :class:`~contracts.generate.dc_xml.UnwritableError` for a value XML cannot carry.
    """
    if payload.kind not in XML_KINDS:
        raise ValueError(f"{payload.kind} payloads are JSON only")
    if payload.kind == "norce.header":
        header = _serialization(
            header_with_codes(payload.body, _header_kind(payload, payload.body)), "xml"
        )
        converted = replace(payload, body=header, content_type="xml", header_text=None)
    else:
        assert payload.header is not None
        codes = header_with_codes(payload.header, _header_kind(payload, payload.header))
        converted = replace(
            payload, header=_serialization(codes, "xml"), content_type="xml", header_text=None
        )
    return replace(converted, body_bytes=_write(converted))


def to_json(payload: Payload) -> Payload:
    """``payload`` as plain JSON; a SerializationType it names becomes JSON."""

    def switched(header: Any) -> Any:
        if isinstance(header, dict) and norce_model.SERIALIZATION_TYPE in header:
            return _serialization(header, "json")
        return header

    if payload.kind == "norce.header":
        return replace(payload, body=switched(payload.body), content_type="json", body_bytes=None)
    return replace(
        payload,
        header=switched(payload.header),
        content_type="json",
        body_bytes=None,
        header_text=None,
    )


def rewrite(payload: Payload) -> Payload:
    """An XML payload whose ``body`` or ``header`` was edited, written out again.

    Flags added by name become codes (unless the exact ``header_text`` is given); the
    SerializationType is left as it is. Raises :class:`~contracts.generate.dc_xml.UnwritableError`.
    """
    if payload.kind == "norce.header":
        body = header_with_codes(payload.body, _header_kind(payload, payload.body))
        payload = replace(payload, body=body)
    elif payload.header is not None and payload.header_text is None:
        payload = replace(
            payload, header=header_with_codes(payload.header, _header_kind(payload, payload.header))
        )
    return replace(payload, body_bytes=_write(payload))


def written(payload: Payload) -> Payload:
    """``payload`` with its body bytes: an XML payload edited since it was written is written
    again (a value XML cannot carry rejects the draw)."""
    if payload.content_type == "xml" and payload.body_bytes is None:
        try:
            return rewrite(payload)
        except dc_xml.UnwritableError:
            reject()
    return payload


def serialized(
    payloads: st.SearchStrategy[Payload], content_types: Sequence[str]
) -> st.SearchStrategy[Payload]:
    """``payloads`` in one of ``content_types``, drawn per payload (JSON payloads in, as the
    builders make them). A payload XML cannot carry stays JSON when JSON is allowed."""
    wanted = tuple(dict.fromkeys(content_types))
    unknown = set(wanted) - set(CONTENT_TYPES)
    if unknown or not wanted:
        raise ValueError(f"content types must be among {CONTENT_TYPES}, got {content_types!r}")
    if wanted == ("json",):
        return payloads

    @st.composite
    def build(draw: Draw) -> Payload:
        payload: Payload = draw(payloads)
        if payload.kind not in XML_KINDS:
            assume("json" in wanted)
            return payload
        if draw(st.sampled_from(wanted)) == "json":
            return payload
        try:
            return to_xml(payload)
        except dc_xml.UnwritableError:
            assume("json" in wanted)
            return payload

    return build()
