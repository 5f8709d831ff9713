"""Issue #18, over real HTTP: a repeated Authorization header is a 400 (Norce bearer and the
admin token), and Ka-ching ids with DEL or escaped control characters stay accepted."""

from __future__ import annotations

import json

import httpx
import pytest

from contracts.sandbox.client import CREDS, ONHAND_HEADER
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.norce.routes import CONNECT_ROOT
from contracts.sandbox.server import running_sandbox

ONHAND = {"PartNo": "TEE-S", "WarehouseCode": "W9", "LocationCode": "L9", "OnhandValue": 7}


def _onhands(api: Api, authorizations: list[str]) -> httpx.Response:
    headers = [("Authorization", a) for a in authorizations]
    headers += [
        ("X-StormConnect-Header", json.dumps(ONHAND_HEADER)),
        ("Content-Type", "application/json"),
    ]
    return api.http.post(
        f"{CONNECT_ROOT}/Product/ImportOnhands", content=json.dumps([ONHAND]), headers=headers
    )


@pytest.mark.parametrize("second", ["good", "wrong"])
def test_a_repeated_norce_bearer_is_400_and_stores_nothing(api: Api, second: str) -> None:
    good = f"Bearer {api.token()}"
    other = good if second == "good" else "Bearer not-a-token"
    before = api.norce_rows("onhands")
    reply = _onhands(api, [other, good])
    assert reply.status_code == 400, reply.text
    assert "authorization" in reply.text.lower()
    assert api.norce_rows("onhands") == before
    # One header with the same good token is accepted: the 400 is about the repeat.
    assert _onhands(api, [good]).status_code == 200
    assert len(api.norce_rows("onhands")) == len(before) + 1


def test_a_repeated_bearer_is_400_on_the_job_service(api: Api) -> None:
    good = f"Bearer {api.token()}"
    job = api.onhands([ONHAND]).json()["JobId"]
    path = f"{CONNECT_ROOT}/Job/Get"
    once = api.http.get(path, params={"id": job}, headers={"Authorization": good})
    assert once.status_code == 200, once.text
    twice = api.http.get(
        path, params={"id": job}, headers=[("Authorization", good), ("Authorization", good)]
    )
    assert twice.status_code == 400, twice.text


def test_a_repeated_admin_token_is_400() -> None:
    good = "Bearer s3cret-admin"
    with (
        running_sandbox(credentials=CREDS, admin_token="s3cret-admin") as sandbox,
        httpx.Client(base_url=sandbox.base_url, timeout=10) as client,
    ):
        assert client.get("/_sandbox/health", headers={"Authorization": good}).status_code == 200
        for pair in ([good, good], ["Bearer wrong", good], [good, "Bearer wrong"]):
            headers = [("Authorization", a) for a in pair]
            reply = client.post("/_sandbox/fault", json={"name": None}, headers=headers)
            assert reply.status_code == 400, (pair, reply.text)
            fault = {"name": "norce-bearer-not-checked"}
            assert client.post("/_sandbox/fault", json=fault, headers=headers).status_code == 400
        shown = client.get("/_sandbox/fault", headers={"Authorization": good}).json()
        assert shown["active"] is None


@pytest.mark.parametrize(
    ("content", "product"),
    [
        (b'{"store-1":{"a\x7fb":2}}', "a\x7fb"),
        (b'{"store-1":{"a\\u007fb":2}}', "a\x7fb"),
        (b'{"store-1":{"a\\u0001b":2}}', "a\x01b"),
        (b'{"store-1":{"tee\\n":2}}', "tee\n"),
    ],
)
def test_del_and_escaped_control_characters_in_kaching_ids_are_accepted(
    api: Api, content: bytes, product: str
) -> None:
    """The docs are silent on them and they are valid JSON: accepted and stored as sent
    (the decision is noted on FirebaseKey in openapi/kaching-stock-import.yaml)."""
    reply = api.kaching(None, content=content)
    assert reply.status_code == 200, reply.text
    assert api.stock()["store-1"][product] == 2


def test_a_raw_control_character_in_a_kaching_id_is_400(api: Api) -> None:
    before = api.stock()
    reply = api.kaching(None, content=b'{"store-1":{"a\x01b":2}}')
    assert reply.status_code == 400, reply.text
    assert api.stock() == before
