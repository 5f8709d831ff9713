"""Norce domain checks against the real sandbox: quiet when faithful, loud on each fault."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from contracts.checks import norce as checks_norce
from contracts.checks.context import CheckContext, CheckFailure, ReceivedResponse
from contracts.checks.registry import get_check
from contracts.generate.strategies import norce_header_text

from .conftest import Sandbox, json_bytes

ONHANDS = "ImportOnhands"
PRODUCTS = "ImportProducts"
ONHAND_HEADER = {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3, 8, 9]}
ROWS = [
    {
        "PartNo": "TEE-S",
        "WarehouseCode": "MAIN",
        "LocationCode": "A1",
        "OnhandValue": 5,
        "MinimumValue": 1,
        "MaximumValue": 9,
    },
    {
        "PartNo": "NO-SUCH-1",
        "WarehouseCode": "MAIN",
        "LocationCode": "A1",
        "OnhandValue": 2,
        "MinimumValue": 1,
        "MaximumValue": 9,
    },
]
MIN_ABOVE_MAX = {
    "PartNo": "TEE-M",
    "WarehouseCode": "MAIN",
    "LocationCode": "A1",
    "OnhandValue": 1,
    "MinimumValue": 9,
    "MaximumValue": 1,
}


def run(name: str, ctx: CheckContext) -> None:
    found = get_check(name)
    assert found is not None, name
    assert ctx.operation_id in found.operations
    found.run(ctx)


def send(sb: Sandbox, op: str, header: dict[str, Any], body: list[Any]) -> CheckContext:
    headers = {
        "Content-Type": "application/json",
        "X-StormConnect-Header": norce_header_text(header),
    }
    return sb.norce.exchange(op, "POST", f"/Product/{op}", headers=headers, body=json_bytes(body))


def with_reply(ctx: CheckContext, reply: dict[str, Any], status: int = 200) -> CheckContext:
    response = ReceivedResponse(
        status, {"content-type": "application/json"}, json.dumps(reply).encode()
    )
    return dataclasses.replace(ctx, response=response)


@pytest.fixture
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks_norce, "JOB_POLL_SECONDS", 0.01)


def test_validation_summary(fresh: Sandbox) -> None:
    ctx = send(fresh, ONHANDS, ONHAND_HEADER, [*ROWS, MIN_ABOVE_MAX])
    assert ctx.response.status == 200
    run("norce_validation_summary", ctx)
    reply = ctx.response.json
    uncounted = {
        **reply,
        "ValidationSummary": {**reply["ValidationSummary"], "NrOfValidationFailures": 0},
    }
    with pytest.raises(CheckFailure, match="ended StatusId 4"):
        run("norce_validation_summary", with_reply(ctx, uncounted))
    for fault, expected in (
        ("norce-total-off-by-one", "3 items were sent"),
        ("norce-failures-not-counted", "ended StatusId 4"),
    ):
        fresh.fault(fault)
        with pytest.raises(CheckFailure, match=expected):
            run(
                "norce_validation_summary",
                send(fresh, ONHANDS, ONHAND_HEADER, [*ROWS, MIN_ABOVE_MAX]),
            )


def test_header_rules_enforced(fresh: Sandbox) -> None:
    header = {
        "AccountId": 1,
        "FullFile": False,
        "ProductFieldsThatAreSet": [1],
        "VariantFieldsThatAreSet": [1],
    }
    body = [{"ManufacturerName": "Acme", "Variants": [{"SortOrderValue": 1}]}]
    ctx = send(fresh, PRODUCTS, header, body)
    assert 400 <= ctx.response.status < 500
    run("norce_header_rules_enforced", ctx)
    with pytest.raises(CheckFailure, match="NH003"):
        run(
            "norce_header_rules_enforced",
            with_reply(
                ctx,
                {
                    "JobId": "1",
                    "ValidationSummary": {
                        "NrOfItemsInTotal": 1,
                        "NrOfValidationFailures": 0,
                        "Messages": [],
                    },
                },
            ),
        )
    fresh.fault("norce-header-dependency-ignored")
    with pytest.raises(CheckFailure, match="NH003"):
        run("norce_header_rules_enforced", send(fresh, PRODUCTS, header, body))


@pytest.mark.parametrize("fault", ["norce-jobid-not-int32", "norce-jobid-number"])
def test_job_id_int32(fresh: Sandbox, fault: str) -> None:
    run("norce_job_id_int32", send(fresh, ONHANDS, ONHAND_HEADER, ROWS))
    fresh.fault(fault)
    with pytest.raises(CheckFailure, match="int32"):
        run("norce_job_id_int32", send(fresh, ONHANDS, ONHAND_HEADER, ROWS))


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("norce-job-get-wrong-job", "should describe job"),
        ("norce-job-never-finishes", "should finish"),
    ],
)
def test_job_consistent(fresh: Sandbox, quick_polls: None, fault: str, expected: str) -> None:
    send(fresh, ONHANDS, ONHAND_HEADER, ROWS)  # job ids start past the first
    run("norce_job_consistent", send(fresh, ONHANDS, ONHAND_HEADER, ROWS))
    fresh.fault(fault)
    send(fresh, ONHANDS, ONHAND_HEADER, ROWS)
    with pytest.raises(CheckFailure, match=expected):
        run("norce_job_consistent", send(fresh, ONHANDS, ONHAND_HEADER, ROWS))


def test_job_log_accounts(fresh: Sandbox, quick_polls: None) -> None:
    run("norce_job_log_accounts", send(fresh, ONHANDS, ONHAND_HEADER, ROWS))
    fresh.fault("norce-unknown-partno-not-logged")
    with pytest.raises(CheckFailure, match="neither inserted nor updated"):
        run("norce_job_log_accounts", send(fresh, ONHANDS, ONHAND_HEADER, ROWS))


def test_unset_fields_untouched(fresh: Sandbox) -> None:
    header = {
        "AccountId": 1,
        "FullFile": False,
        "ProductFieldsThatAreSet": ["Variants"],
        "VariantFieldsThatAreSet": ["Skus"],
        "SkuFieldsThatAreSet": ["Status"],
    }
    body = [
        {"ManufacturerCode": "ACME", "Variants": [{"Skus": [{"PartNo": "TEE-S", "Status": 2}]}]}
    ]
    run("norce_unset_fields_untouched", send(fresh, PRODUCTS, header, body))
    fresh.fault("norce-unset-fields-overwritten")
    with pytest.raises(CheckFailure, match="without its flag"):
        run("norce_unset_fields_untouched", send(fresh, PRODUCTS, header, body))


def test_unfinished_job_is_only_a_violation_where_jobs_run_synchronously(
    fresh: Sandbox, quick_polls: None
) -> None:
    fresh.fault("norce-job-never-finishes")
    ctx = send(fresh, ONHANDS, ONHAND_HEADER, ROWS)
    run("norce_job_consistent", dataclasses.replace(ctx, admin=None))
    with pytest.raises(CheckFailure, match="should finish"):
        run("norce_job_consistent", ctx)


def _xml_send(sb: Sandbox, op: str, header: dict[str, Any], body: list[Any]) -> CheckContext:
    from contracts.generate import dc_xml
    from linter import norce_model

    kind = checks_norce.operation_payloads()[op].kind
    headers = {
        "Content-Type": "application/xml",
        "X-StormConnect-Header": norce_header_text({**header, "SerializationType": 1}),
    }
    data = dc_xml.body(body, norce_model.body_item_schema(kind))
    return sb.norce.exchange(op, "POST", f"/Product/{op}", headers=headers, body=data)


def test_an_xml_import_is_read_and_judged_as_xml(fresh: Sandbox) -> None:
    ctx = _xml_send(fresh, ONHANDS, ONHAND_HEADER, [*ROWS, MIN_ABOVE_MAX])
    assert ctx.response.status == 200
    sent = checks_norce.lint_sent(ctx)
    assert sent is not None
    assert sent.header_errors == ()
    assert sent.items == [*ROWS, MIN_ABOVE_MAX]
    assert sent.failing_items == {2}
    run("norce_validation_summary", ctx)
    run("norce_job_consistent", ctx)


def test_a_repeated_key_is_not_an_item_failure(fresh: Sandbox) -> None:
    row = json.dumps(ROWS[0])
    body = ("[" + row[:-1] + ', "OnhandValue": 5}]').encode()
    headers = {
        "Content-Type": "application/json",
        "X-StormConnect-Header": norce_header_text(ONHAND_HEADER),
    }
    ctx = fresh.norce.exchange(
        ONHANDS, "POST", "/Product/ImportOnhands", headers=headers, body=body
    )
    assert ctx.response.status == 200
    sent = checks_norce.lint_sent(ctx)
    assert sent is not None
    assert sent.failing_items == frozenset()
    run("norce_validation_summary", ctx)
