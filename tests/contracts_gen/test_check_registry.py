"""The check registry: every check named once, documented, bound to real operations."""

from __future__ import annotations

import re

import pytest

from contracts.checks.context import CheckContext, CheckFailure, ReceivedResponse, SentRequest
from contracts.checks.registry import CHECKS, RENAMED, Check, all_checks, checks_for, get_check
from contracts.run.config import parse_checks
from linter.config import ConfigError
from linter.specs import spec_view


def operation_ids(api: str) -> set[str]:
    return {
        str(operation["operationId"])
        for item in spec_view(api)["paths"].values()  # type: ignore[arg-type]
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def domain_checks() -> list[Check]:
    return [c for c in all_checks() if c.domain]


def test_every_domain_check_is_documented_and_bound_to_its_api() -> None:
    checks = domain_checks()
    assert len({c.name for c in checks}) == len(checks)
    for found in checks:
        assert found.description
        assert found.api is not None
        assert found.name.startswith(found.api + "_")
        assert found.operations
        assert set(found.operations) <= operation_ids(found.api)
        assert get_check(found.name) is found
        for op in found.operations:
            assert found in checks_for(op)
    assert get_check("no-such-check") is None


def test_every_api_has_checks() -> None:
    assert {c.api for c in domain_checks()} == {"norce", "kaching", "unleashed"}


def test_every_check_name_is_snake_case_and_documented() -> None:
    for found in all_checks():
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", found.name), found.name
        assert found.description


def test_probes_and_builtins_are_registered_checks() -> None:
    for name in (
        "not_a_server_error",
        "positive_data_acceptance",
        "accept_honoured",
        "ignored_auth",
        "token_expiry",
        "token_rate_limit",
    ):
        found = get_check(name)
        assert found is not None
        assert not found.domain
    ignored_auth = get_check("ignored_auth")
    assert ignored_auth is not None
    assert ignored_auth.run is None  # a probe sends its own requests


def test_old_spellings_find_the_renamed_checks() -> None:
    assert set(RENAMED.values()) <= set(CHECKS.names())
    assert not set(RENAMED) & set(CHECKS.names())
    assert get_check("kaching-message-count") is get_check("kaching_message_count")
    assert parse_checks("norce-job-id-int32, ignored_auth", CHECKS.names()) == {
        "norce_job_id_int32",
        "ignored_auth",
    }
    with pytest.raises(ConfigError, match="did-not-exist"):
        parse_checks("did-not-exist", CHECKS.names())


def test_a_failure_names_its_check() -> None:
    failure = CheckFailure("kaching_message_count", "expected 3, got 2")
    assert str(failure) == "kaching_message_count: expected 3, got 2"
    assert failure.check_name == "kaching_message_count"


def test_checks_without_client_or_json_return_quietly() -> None:
    ctx = CheckContext(
        operation_id="listStockOnHand",
        request=SentRequest("GET", "http://127.0.0.1:9/StockOnHand"),
        response=ReceivedResponse(200, {}, b"<StockOnHandList/>"),
    )
    for found in checks_for("listStockOnHand"):
        found.run(ctx)


def test_a_registered_check_names_its_failure() -> None:
    check = get_check("kaching_message_count")
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
    assert failure.value.check_name == "kaching_message_count"
    assert "2 stock values were sent" in failure.value.message
