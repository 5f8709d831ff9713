"""Ka-ching domain checks against the real sandbox: quiet when faithful, loud on each fault."""

from __future__ import annotations

import dataclasses
import json

import pytest

from contracts.checks.context import CheckContext, CheckFailure, ReceivedResponse
from contracts.checks.registry import get_check

from .conftest import Sandbox, json_bytes

POST, DELETE = "importStock", "deleteStock"
JSON = {"Content-Type": "application/json"}
BODY = {"store-1": {"mug": 5, "tshirt": {"tshirt-m": 2, "tshirt-l": 3}}}


def run(name: str, ctx: CheckContext) -> None:
    found = get_check(name)
    assert found is not None, name
    assert ctx.operation_id in found.operations
    found.run(ctx)


def send(
    sb: Sandbox, method: str, body: object, *, adjustment: bool = False, admin: bool = True
) -> CheckContext:
    op = DELETE if method == "DELETE" else POST
    query = [("adjustment", "true")] if adjustment else []
    return sb.kaching.exchange(
        op,
        method,
        "/imports/stock",
        query=query,
        headers=JSON,
        body=json_bytes(body),
        with_admin=admin,
    )


def test_message_count(fresh: Sandbox) -> None:
    ctx = send(fresh, "POST", BODY)
    run("kaching_message_count", ctx)
    reply = {"status": "OK", "message": "Import of 2 stock value(s) initiated"}
    bad = dataclasses.replace(ctx, response=ReceivedResponse(200, {}, json.dumps(reply).encode()))
    with pytest.raises(CheckFailure, match="3 stock values were sent"):
        run("kaching_message_count", bad)
    fresh.fault("kaching-variants-miscounted")
    with pytest.raises(CheckFailure, match="says 2"):
        run("kaching_message_count", send(fresh, "POST", BODY))


def test_unknown_location_rejected(fresh: Sandbox) -> None:
    body = {**BODY, "skuguard-unknown-abcd": {"mug": 1}}
    run("kaching_unknown_location_rejected", send(fresh, "POST", body))
    run("kaching_unknown_location_rejected", send(fresh, "POST", BODY))
    fresh.fault("kaching-unknown-location-accepted")
    with pytest.raises(CheckFailure, match="skuguard-unknown-abcd"):
        run("kaching_unknown_location_rejected", send(fresh, "POST", body, admin=False))


def test_set_effect(fresh: Sandbox) -> None:
    ctx = send(fresh, "POST", BODY)
    run("kaching_stock_effect", ctx)
    other = {"store-1": {"mug": 6, "tshirt": {"tshirt-m": 2, "tshirt-l": 3}}}
    lying = dataclasses.replace(
        ctx, request=dataclasses.replace(ctx.request, body=json_bytes(other))
    )
    with pytest.raises(CheckFailure, match="mug to 6"):
        run("kaching_stock_effect", lying)


def test_adjust_effect(fresh: Sandbox) -> None:
    run("kaching_stock_effect", send(fresh, "POST", BODY, adjustment=True))
    fresh.fault("kaching-adjustment-ignored")
    with pytest.raises(CheckFailure, match="adjusting"):
        run("kaching_stock_effect", send(fresh, "POST", BODY, adjustment=True))


def test_delete_effect(fresh: Sandbox) -> None:
    zeros = {"store-1": {"mug": 0}}
    run("kaching_stock_effect", send(fresh, "DELETE", zeros))
    fresh.fault("kaching-delete-sets-zero")
    with pytest.raises(CheckFailure, match="not set 0"):
        run("kaching_stock_effect", send(fresh, "DELETE", zeros))


def test_without_read_back_the_effect_check_is_silent(fresh: Sandbox) -> None:
    fresh.fault("kaching-delete-sets-zero")
    run("kaching_stock_effect", send(fresh, "DELETE", {"store-1": {"mug": 0}}, admin=False))


def test_a_product_held_in_the_other_form_is_not_judged(fresh: Sandbox) -> None:
    send(fresh, "POST", {"store-1": {"cap": 4}})
    run("kaching_stock_effect", send(fresh, "POST", {"store-1": {"cap": {"cap-red": 1}}}))
    run(
        "kaching_stock_effect",
        send(fresh, "POST", {"store-1": {"cap": {"cap-red": 1}}}, adjustment=True),
    )


def test_delete_of_records_that_did_not_exist_is_probed(fresh: Sandbox) -> None:
    never_set = {"store-1": {"ghost": {"ghost-s": 0, "ghost-m": 0}}}
    run("kaching_stock_effect", send(fresh, "DELETE", never_set))
    fresh.fault("kaching-delete-sets-zero")
    with pytest.raises(CheckFailure, match="ghost"):
        run("kaching_stock_effect", send(fresh, "DELETE", never_set))
