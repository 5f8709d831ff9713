"""payload_for_operation: every operation with a payload, valid and broken cases both present."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.generate.strategies import (
    Payload,
    UnknownKindError,
    operation_payloads,
    payload_for_operation,
)
from contracts.generate.wire import MEDIA_TYPES, header_text, lint_payload
from linter import Severity
from linter.specs import spec_view


def test_every_import_operation_has_a_payload() -> None:
    found = operation_payloads()
    for api in ("norce", "kaching"):
        for item in spec_view(api)["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict) and "requestBody" in operation:
                    assert operation["operationId"] in found
    assert {info.kind for info in found.values()} == {
        "norce.products",
        "norce.onhands",
        "norce.prices",
        "norce.relations",
        "kaching.stock",
    }


def test_operations_without_payload_are_refused() -> None:
    with pytest.raises(UnknownKindError, match="takes no payload"):
        payload_for_operation("listStockOnHand")


@pytest.mark.parametrize("operation_id", sorted(operation_payloads()))
def test_operation_payloads_mix_valid_and_broken(operation_id: str) -> None:
    seen: set[bool] = set()

    @settings(
        max_examples=20,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(payload_for_operation(operation_id))
    def check(payload: Payload) -> None:
        assert payload.kind == operation_payloads()[operation_id].kind
        text = header_text(payload)
        if text is not None:
            assert "\n" not in text
        seen.add(any(d.severity is Severity.ERROR for d in lint_payload(payload)))

    check()
    assert seen == {True, False}


@pytest.mark.parametrize("operation_id", sorted(operation_payloads()))
def test_bodies_come_in_every_serialization_the_operation_accepts(operation_id: str) -> None:
    info = operation_payloads()[operation_id]
    declared = spec_view(info.api)["paths"][info.path][info.method.lower()]["requestBody"]
    assert {MEDIA_TYPES[c] for c in info.content_types} == set(declared["content"])
    seen: set[str] = set()

    @settings(
        max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(payload_for_operation(operation_id))
    def check(payload: Payload) -> None:
        seen.add(payload.content_type)
        assert payload.content_type == "json" or payload.body_bytes is not None

    check()
    assert seen == set(info.content_types)


@settings(max_examples=10, derandomize=True, deadline=None)
@given(st.data())
def test_deletes_carry_zero_values_and_no_adjustment(data: st.DataObject) -> None:
    deleting = [op for op, info in operation_payloads().items() if info.deleting]
    assert deleting
    payload = data.draw(payload_for_operation(deleting[0]))
    assert "adjustment" not in payload.options
