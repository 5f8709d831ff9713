"""Every valid strategy produces payloads the linter finds no error in."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.generate.strategies import (
    Fixtures,
    Payload,
    UnknownKindError,
    norce_header_text,
    valid_payloads,
)
from contracts.generate.wire import lint_payload
from contracts.generate.xml import XML_KINDS
from linter import Severity
from linter.registry import KINDS

BOUNDED = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def errors_of(payload: Payload) -> list[str]:
    return [
        f"{d.code} {d.pointer}: {d.message}"
        for d in lint_payload(payload)
        if d.severity is Severity.ERROR
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_valid_payloads_lint_without_errors(kind: str) -> None:
    @BOUNDED
    @given(valid_payloads(kind))
    def check(payload: Payload) -> None:
        assert payload.kind == kind
        assert payload.content_type == "json"
        assert errors_of(payload) == []

    check()


@pytest.mark.parametrize("kind", sorted(XML_KINDS))
def test_xml_payloads_lint_without_errors(kind: str) -> None:
    @BOUNDED
    @given(valid_payloads(kind, content_types=("xml",)))
    def check(payload: Payload) -> None:
        assert payload.content_type == "xml"
        assert payload.body_bytes is not None
        assert errors_of(payload) == []

    check()


def test_json_and_xml_are_both_drawn() -> None:
    seen: set[str] = set()

    @BOUNDED
    @given(valid_payloads("norce.onhands", content_types=("json", "xml")))
    def check(payload: Payload) -> None:
        seen.add(payload.content_type)

    check()
    assert seen == {"json", "xml"}


def test_kinds_without_xml_refuse_an_xml_only_request() -> None:
    with pytest.raises(UnknownKindError, match="JSON only"):
        valid_payloads("kaching.stock", content_types=("xml",))


@BOUNDED
@given(st.sampled_from(KINDS).flatmap(valid_payloads))
def test_norce_headers_are_single_line_json(payload: Payload) -> None:
    if payload.header is not None:
        text = norce_header_text(payload.header)
        assert "\n" not in text
        assert text.isascii()


CUSTOM = Fixtures.from_mapping(
    {"kaching": {"stock_locations": ["shop-9"]}, "norce": {"part_nos": ["KNOWN-1"]}}
)


@BOUNDED
@given(valid_payloads("kaching.stock", CUSTOM))
def test_kaching_stock_goes_to_known_locations_only(payload: Payload) -> None:
    assert set(payload.body) == {"shop-9"}


def test_known_part_numbers_are_mixed_with_new_ones() -> None:
    seen: set[bool] = set()

    @BOUNDED
    @given(valid_payloads("norce.onhands", CUSTOM))
    def check(payload: Payload) -> None:
        seen.update(row["PartNo"] == "KNOWN-1" for row in payload.body)

    check()
    assert seen == {True, False}
