"""Ka-ching stock import of the sandbox, over real HTTP on loopback."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from contracts.sandbox.client import SandboxClient as Api
from linter import specs


@pytest.fixture(params=["loopback", "in-process"])
def transport(request: pytest.FixtureRequest) -> str:
    """Every test here runs over real HTTP and against the in-process app."""
    return str(request.param)


def _valid(name: str, body: Any) -> bool:
    return Draft202012Validator(
        {**specs.schema("kaching", name), "components": specs.spec_view("kaching")["components"]}
    ).is_valid(body)


def test_post_sets_counts_and_reply_counts_values_with_variants(api: Api) -> None:
    reply = api.kaching({"store-1": {"cap": 7, "tee": {"s": 1, "m": 2, "l": 3}}})
    assert reply.status_code == 200
    assert reply.json() == {"status": "OK", "message": "Import of 4 stock value(s) initiated"}
    assert _valid("ImportInitiated", reply.json())
    stock = api.stock()["store-1"]
    assert stock["cap"] == 7
    assert stock["tee"] == {"s": 1, "m": 2, "l": 3}
    assert api.kaching({"store-1": {"cap": 2}}).status_code == 200
    assert api.stock()["store-1"]["cap"] == 2


def test_adjustment_adds_to_counts_and_starts_missing_ones_at_zero(api: Api) -> None:
    api.kaching({"webshop": {"mug": 10}})
    reply = api.kaching({"webshop": {"mug": -3, "new": 4}}, adjustment="true")
    assert reply.status_code == 200
    assert api.stock()["webshop"] == {"mug": 7, "new": 4}
    events = api.http.get("/_sandbox/kaching/events").json()
    assert [e["type"] for e in events[-2:]] == ["external_adjustment", "external_adjustment"]


def test_adjustment_false_sets(api: Api) -> None:
    api.kaching({"webshop": {"mug": 10}}, adjustment="false")
    assert api.stock()["webshop"]["mug"] == 10


def test_delete_removes_the_record_unlike_zero(api: Api) -> None:
    api.kaching({"store-1": {"a": 5, "b": 5}})
    api.kaching({"store-1": {"a": 0}})
    reply = api.kaching({"store-1": {"b": 0, "tshirt": {"tshirt-m": 0}}}, method="DELETE")
    assert reply.status_code == 200
    assert reply.json()["message"] == "Import of 2 stock value(s) initiated"
    stock = api.stock()["store-1"]
    assert stock["a"] == 0
    assert "b" not in stock
    assert "tshirt" not in stock


def test_unknown_location_is_404_and_nothing_is_written(api: Api) -> None:
    before = api.stock()
    reply = api.kaching({"store-1": {"x": 1}, "atlantis": {"x": 1}})
    assert reply.status_code == 404
    assert reply.json()["status"] == "error"
    assert "atlantis" in reply.json()["message"]
    assert _valid("Error", reply.json())
    assert api.stock() == before


@pytest.mark.parametrize(
    ("drop", "apikey", "status"),
    [
        (("apikey",), None, 401),
        (("account", "integration", "apikey"), None, 401),
        ((), "wrong-key", 403),
        ((), "", 401),
    ],
)
def test_credentials_are_required(
    api: Api, drop: tuple[str, ...], apikey: str | None, status: int
) -> None:
    before = api.stock()
    reply = api.kaching({"store-1": {"x": 1}}, drop=drop, apikey=apikey)
    assert reply.status_code == status
    assert "x" not in str(reply.json().get("message", ""))[:0]
    assert api.stock() == before


def test_wrong_account_is_403(api: Api) -> None:
    reply = api.http.post(
        "/kaching/imports/stock",
        params={"account": "other", "integration": "sandbox-integration", "apikey": "k"},
        json={"store-1": {"x": 1}},
    )
    assert reply.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"store-1": {"x": "7"}},
        {"store-1": {"x": {"v": {"too": 1}}}},
        {"store-1": {"a.b": 1}},
        [1, 2],
    ],
)
def test_bodies_outside_the_spec_are_400(api: Api, body: Any) -> None:
    before = api.stock()
    reply = api.kaching(body)
    assert reply.status_code == 400, reply.text
    assert reply.json()["status"] == "error"
    assert api.stock() == before


@pytest.mark.parametrize("body", [{"store-1": {}}, {"store-1": {"x": {}}}])
def test_an_empty_location_or_variant_object_is_a_no_op(api: Api, body: Any) -> None:
    before = api.stock()
    reply = api.kaching(body)
    assert reply.status_code == 200, reply.text
    assert api.stock() == before


def test_adjustment_value_must_be_boolean(api: Api) -> None:
    assert api.kaching({"store-1": {"x": 1}}, adjustment="maybe").status_code == 400


def test_reset_restores_the_seed(api: Api) -> None:
    seeded = api.stock()
    api.kaching({"store-1": {"mug": 99}})
    api.reset()
    assert api.stock() == seeded
    assert set(seeded) >= {"store-1", "webshop"}


def test_counts_beyond_64_bits_are_json_numbers_too(api: Api) -> None:
    reply = api.kaching(None, content=b'{"webshop": {"huge": 123456789012345678901234567890}}')
    assert reply.status_code == 200
    assert api.stock()["webshop"]["huge"] == pytest.approx(1.2345678901234568e29)
