"""Every valid strategy produces payloads the linter finds no error in."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.strategies import Fixtures, Payload, norce_header_text, valid_payloads
from linter import Severity, lint_object
from linter.registry import KINDS

BOUNDED = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def errors_of(payload: Payload) -> list[str]:
    header = norce_header_text(payload.header) if payload.header is not None else None
    return [
        f"{d.code} {d.pointer}: {d.message}"
        for d in lint_object(
            payload.body, kind=payload.kind, header=header, options=dict(payload.options)
        )
        if d.severity is Severity.ERROR
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_valid_payloads_lint_without_errors(kind: str) -> None:
    @BOUNDED
    @given(valid_payloads(kind))
    def check(payload: Payload) -> None:
        assert payload.kind == kind
        assert errors_of(payload) == []

    check()


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
