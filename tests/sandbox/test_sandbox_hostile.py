"""The cases of issue #18, over real HTTP on loopback: each is refused with a 4xx naming the
place, stores nothing, and leaves the sandbox answering."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest

from contracts.sandbox.cli import ADMIN_TOKEN_ENV, admin_token_for
from contracts.sandbox.client import CREDS, ONHAND_HEADER
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.norce.routes import TOKEN_PATH
from contracts.sandbox.server import running_sandbox

ONHAND = {"PartNo": "TEE-S", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 5}


def snapshot(api: Api) -> tuple[object, ...]:
    return (
        api.stock(),
        api.http.get("/_sandbox/kaching/events").json(),
        api.norce_rows("onhands"),
        api.http.get("/_sandbox/norce/jobs").json(),
    )


@pytest.mark.parametrize(
    "content",
    [
        b'{"store-1":{"x":1e400}}',
        b'{"store-1":{"x":-1e400}}',
        b'{"store-1":{"x":1' + b"0" * 400 + b"}}",
    ],
)
@pytest.mark.parametrize("adjustment", [None, "true"])
def test_out_of_range_numbers_are_400_naming_the_pointer(
    api: Api, content: bytes, adjustment: str | None
) -> None:
    before = snapshot(api)
    reply = api.kaching(None, content=content, adjustment=adjustment)
    assert reply.status_code == 400, reply.text
    assert reply.json()["status"] == "error"
    assert "/store-1/x" in reply.json()["message"]
    assert "out of range" in reply.json()["message"]
    assert snapshot(api) == before
    assert api.http.get("/_sandbox/kaching/events").status_code == 200


def test_out_of_range_number_in_a_norce_body_is_400(api: Api) -> None:
    before = snapshot(api)
    content = json.dumps([ONHAND]).replace("5}", "1e400}").encode()
    reply = api.norce_import(
        "ImportOnhands",
        None,
        ONHAND_HEADER,
        content=content,
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 400, reply.text
    assert "/0/OnhandValue" in reply.json()["Description"]
    assert snapshot(api) == before


def test_out_of_range_number_in_a_norce_xml_body_is_400(api: Api) -> None:
    before = snapshot(api)
    xml = (
        b"<ArrayOfSkuOnhand><SkuOnhand><PartNo>TEE-S</PartNo><WarehouseCode>W1</WarehouseCode>"
        b"<LocationCode>L1</LocationCode><OnhandValue>1e400</OnhandValue></SkuOnhand>"
        b"</ArrayOfSkuOnhand>"
    )
    reply = api.norce_import(
        "ImportOnhands",
        None,
        ONHAND_HEADER,
        content=xml,
        headers={"Content-Type": "application/xml"},
    )
    assert reply.status_code == 400, reply.text
    assert snapshot(api) == before


@pytest.mark.parametrize(
    "content",
    [
        b'{"store-1":{"m\\ud800":1}}',
        b'{"st\\udfffore-1":{"m":1}}',
        b'{"store-1":{"m":{"\\ud800":1}}}',
    ],
)
def test_lone_surrogates_in_kaching_ids_are_400(api: Api, content: bytes) -> None:
    before = snapshot(api)
    reply = api.kaching(None, content=content)
    assert reply.status_code == 400, reply.text
    assert "lone surrogate" in reply.json()["message"]
    assert snapshot(api) == before


def test_deep_norce_xml_body_is_400(api: Api) -> None:
    xml = ("<ArrayOfSkuOnhand>" + "<a>" * 1000 + "</a>" * 1000 + "</ArrayOfSkuOnhand>").encode()
    reply = api.norce_import(
        "ImportOnhands",
        None,
        ONHAND_HEADER,
        content=xml,
        headers={"Content-Type": "application/xml"},
    )
    assert reply.status_code == 400, reply.text
    assert "nesting deeper than 64" in reply.json()["Description"]


def test_non_finite_query_numbers_are_400(api: Api) -> None:
    for query in ("pageSize=inf", "pageSize=nan", "pageSize=1e400"):
        reply = api.unleashed("StockOnHand", query)
        assert reply.status_code == 400, (query, reply.text)


def _token_attempts(base_url: str, forwarded_for: str | None, count: int) -> list[int]:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    form = {
        "grant_type": "client_credentials",
        "client_id": CREDS.norce_client_id,
        "client_secret": "wrong",
    }
    with httpx.Client(base_url=base_url, timeout=10) as client:
        return [
            client.post(TOKEN_PATH, data=form, headers=headers).status_code for _ in range(count)
        ]


def test_forwarded_for_is_not_trusted_by_default() -> None:
    with running_sandbox(credentials=CREDS, token_burst=3) as sandbox:
        assert _token_attempts(sandbox.base_url, None, 4) == [401, 401, 401, 429]
        spoofed = [f"10.0.0.{i}" for i in range(5)]
        assert all(_token_attempts(sandbox.base_url, ip, 1) == [429] for ip in spoofed)


def test_forwarded_for_is_believed_from_named_proxies() -> None:
    with running_sandbox(
        credentials=CREDS, token_burst=3, forwarded_allow_ips="127.0.0.1"
    ) as sandbox:
        assert _token_attempts(sandbox.base_url, "10.0.0.1", 4) == [401, 401, 401, 429]
        assert _token_attempts(sandbox.base_url, "10.0.0.2", 1) == [401]


def test_admin_token_guards_every_admin_route() -> None:
    good = {"Authorization": "Bearer s3cret-admin"}
    fault = {"name": "norce-bearer-not-checked"}
    with (
        running_sandbox(credentials=CREDS, admin_token="s3cret-admin") as sandbox,
        httpx.Client(base_url=sandbox.base_url, timeout=10) as client,
    ):
        for method, path, body in [
            ("POST", "/_sandbox/fault", fault),
            ("POST", "/_sandbox/reset", None),
            ("GET", "/_sandbox/health", None),
            ("GET", "/_sandbox/kaching/stock", None),
            ("POST", "/_sandbox/clock/advance", {"seconds": 5}),
        ]:
            for auth in (None, "Bearer wrong", "Basic s3cret-admin"):
                headers = {"Authorization": auth} if auth else {}
                reply = client.request(method, path, json=body, headers=headers)
                assert reply.status_code == 401, (method, path, auth)
        assert client.get("/_sandbox/fault", headers=good).json()["active"] is None
        assert client.post("/_sandbox/fault", json=fault, headers=good).status_code == 200
        assert client.get("/_sandbox/fault", headers=good).json()["active"] == fault["name"]


def test_loopback_admin_routes_stay_open(api: Api) -> None:
    assert api.http.get("/_sandbox/health").status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_binds_need_no_admin_token(host: str) -> None:
    assert admin_token_for(host) == (None, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "sandbox.example"])
def test_binds_beyond_loopback_get_a_printed_admin_token(
    host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ADMIN_TOKEN_ENV, raising=False)
    token, line = admin_token_for(host)
    assert token
    assert line is not None
    assert token in line
    assert admin_token_for(host)[0] != token  # a fresh one each start


def test_an_admin_token_from_the_environment_is_not_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ADMIN_TOKEN_ENV, "from-the-env")
    token, line = admin_token_for("0.0.0.0")
    assert token == "from-the-env"
    assert line is not None
    assert "from-the-env" not in line


def test_repeated_credentials_are_400(api: Api) -> None:
    before = snapshot(api)
    params: list[tuple[str, str | int | float | bool | None]] = [
        ("account", CREDS.kaching_account),
        ("integration", CREDS.kaching_integration),
        ("apikey", "wrong"),
        ("apikey", CREDS.kaching_apikey),
    ]
    reply = api.http.post(
        "/kaching/imports/stock",
        params=params,
        json={"store-1": {"TEE": 3}},
    )
    assert reply.status_code == 400, reply.text
    assert "apikey" in reply.json()["message"]
    assert snapshot(api) == before
    form = (
        f"grant_type=client_credentials&client_id={CREDS.norce_client_id}"
        f"&client_secret=wrong&client_secret={CREDS.norce_client_secret}"
    )
    token = api.http.post(
        TOKEN_PATH, content=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert token.status_code == 400, token.text
    signed = api.unleashed("StockOnHand")
    assert signed.status_code == 200
    twice = api.http.get(
        "/unleashed/StockOnHand",
        headers=[
            ("api-auth-id", CREDS.unleashed_api_id),
            ("api-auth-id", CREDS.unleashed_api_id),
            ("api-auth-signature", signed.request.headers["api-auth-signature"]),
        ],
    )
    assert twice.status_code == 400, twice.text


def test_slow_headers_are_cut_off() -> None:
    from contracts.sandbox import slow_clients

    original = slow_clients.BoundedHeaderProtocol.header_timeout_s
    slow_clients.BoundedHeaderProtocol.header_timeout_s = 0.5
    try:
        with running_sandbox(credentials=CREDS) as sandbox:
            port = int(sandbox.base_url.rsplit(":", 1)[1])
            with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
                slow.sendall(b"GET /_sandbox/health HTTP/1.1\r\nHost: x\r\n")
                started = time.monotonic()
                assert slow.recv(100) == b""  # closed by the server
                assert time.monotonic() - started < 4
            assert httpx.get(sandbox.base_url + "/_sandbox/health").status_code == 200
    finally:
        slow_clients.BoundedHeaderProtocol.header_timeout_s = original


def test_slow_bodies_get_408() -> None:
    with running_sandbox(credentials=CREDS, body_timeout_s=0.5) as sandbox:
        port = int(sandbox.base_url.rsplit(":", 1)[1])
        path = (
            f"/kaching/imports/stock?account={CREDS.kaching_account}"
            f"&integration={CREDS.kaching_integration}&apikey={CREDS.kaching_apikey}"
        )
        with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
            slow.sendall(
                f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 100\r\n\r\n{".encode()
            )
            started = time.monotonic()
            answer = slow.recv(1000)
            assert answer.startswith(b"HTTP/1.1 408"), answer
            assert time.monotonic() - started < 4
        assert httpx.get(sandbox.base_url + "/_sandbox/health").status_code == 200
