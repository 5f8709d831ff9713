"""payload_for_operation: every operation with a payload, valid and broken cases both present."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.strategies import (
    Payload,
    UnknownKindError,
    norce_header_text,
    operation_payloads,
    payload_for_operation,
)
from linter import Severity, lint_object
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
        if payload.header is not None:
            assert "\n" not in norce_header_text(payload.header)
        diagnostics = lint_object(
            payload.body,
            kind=payload.kind,
            header=norce_header_text(payload.header) if payload.header else None,
            options=dict(payload.options),
        )
        seen.add(any(d.severity is Severity.ERROR for d in diagnostics))

    check()
    assert seen == {True, False}


@settings(max_examples=10, derandomize=True, deadline=None)
@given(st.data())
def test_deletes_carry_zero_values_and_no_adjustment(data: st.DataObject) -> None:
    deleting = [op for op, info in operation_payloads().items() if info.deleting]
    assert deleting
    payload = data.draw(payload_for_operation(deleting[0]))
    assert "adjustment" not in payload.options
