"""The check registry: every check named once, documented, bound to real operations."""

from __future__ import annotations

import pytest

from contracts.checks.context import CheckContext, CheckFailure, ReceivedResponse, SentRequest
from contracts.checks.registry import all_checks, checks_for, get_check
from linter.specs import spec_view


def operation_ids(api: str) -> set[str]:
    return {
        str(operation["operationId"])
        for item in spec_view(api)["paths"].values()  # type: ignore[arg-type]
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def test_every_check_is_documented_and_bound_to_its_api() -> None:
    checks = all_checks()
    assert len({c.name for c in checks}) == len(checks)
    for found in checks:
        assert found.description
        assert found.name.startswith(found.api + "-")
        assert found.operations
        assert set(found.operations) <= operation_ids(found.api)
        assert get_check(found.name) is found
        for op in found.operations:
            assert found in checks_for(op)
    assert get_check("no-such-check") is None


def test_every_api_has_checks() -> None:
    assert {c.api for c in all_checks()} == {"norce", "kaching", "unleashed"}


def test_a_failure_names_its_check() -> None:
    failure = CheckFailure("kaching-message-count", "expected 3, got 2")
    assert str(failure) == "kaching-message-count: expected 3, got 2"
    assert failure.check_name == "kaching-message-count"


def test_checks_without_client_or_json_return_quietly() -> None:
    ctx = CheckContext(
        operation_id="listStockOnHand",
        request=SentRequest("GET", "http://127.0.0.1:9/StockOnHand"),
        response=ReceivedResponse(200, {}, b"<StockOnHandList/>"),
    )
    for found in checks_for("listStockOnHand"):
        found.run(ctx)


def test_a_registered_check_names_its_failure() -> None:
    check = get_check("kaching-message-count")
    assert check is not None
    ctx = CheckContext(
        operation_id=check.operations[0],
        request=SentRequest(
            "POST", "http://127.0.0.1:9/imports/stock", body=b'{"store-1": {"mug": 1, "tee": 2}}'
        ),
        response=ReceivedResponse(200, {}, b'{"message": "Import of 1 stock value(s) initiated"}'),
    )
    with pytest.raises(CheckFailure) as failure:
        check.run(ctx)
    assert failure.value.check_name == "kaching-message-count"
    assert "2 stock values were sent" in failure.value.message
