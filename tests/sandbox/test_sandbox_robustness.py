"""Bad input never gets a 500 or loses stored data; concurrent clients all succeed."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from contracts.credentials import Credentials
from contracts.sandbox.client import ONHAND_HEADER
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.norce.routes import CONNECT_ROOT
from contracts.sandbox.server import running_sandbox

ONHAND = {"PartNo": "TEE-S", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 5}


def _snapshot(api: Api) -> tuple[object, ...]:
    return (
        api.stock(),
        api.norce_rows("onhands"),
        api.norce_rows("products"),
        api.http.get("/_sandbox/norce/jobs").json(),
    )


BAD_JSON = [
    b"",
    b"   ",
    b"{",
    b"[1,]",
    b"\xff\xfe{}",
    b"NaN",
    b"[" * 5000 + b"]" * 5000,
    json.dumps(
        {
            "a": [
                [
                    [
                        [
                            [
                                [
                                    [
                                        [
                                            [
                                                [
                                                    [
                                                        [
                                                            [
                                                                [
                                                                    [
                                                                        [
                                                                            [
                                                                                [
                                                                                    [
                                                                                        [
                                                                                            [
                                                                                                [
                                                                                                    [
                                                                                                        [
                                                                                                            [
                                                                                                                [
                                                                                                                    [
                                                                                                                        [
                                                                                                                            [
                                                                                                                                [
                                                                                                                                    [
                                                                                                                                        [
                                                                                                                                            [
                                                                                                                                                [
                                                                                                                                                    [
                                                                                                                                                        [
                                                                                                                                                            [
                                                                                                                                                                [
                                                                                                                                                                    [
                                                                                                                                                                        [
                                                                                                                                                                            [
                                                                                                                                                                                [
                                                                                                                                                                                    [
                                                                                                                                                                                        [
                                                                                                                                                                                            [
                                                                                                                                                                                                [
                                                                                                                                                                                                    [
                                                                                                                                                                                                        [
                                                                                                                                                                                                            [
                                                                                                                                                                                                                [
                                                                                                                                                                                                                    [
                                                                                                                                                                                                                        [
                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                    [
                                                                                                                                                                                                                                        [
                                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                                    [
                                                                                                                                                                                                                                                        [
                                                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                                                    [
                                                                                                                                                                                                                                                                        [
                                                                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                                                                    []
                                                                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                ]
                                                                                                                                                                                                            ]
                                                                                                                                                                                                        ]
                                                                                                                                                                                                    ]
                                                                                                                                                                                                ]
                                                                                                                                                                                            ]
                                                                                                                                                                                        ]
                                                                                                                                                                                    ]
                                                                                                                                                                                ]
                                                                                                                                                                            ]
                                                                                                                                                                        ]
                                                                                                                                                                    ]
                                                                                                                                                                ]
                                                                                                                                                            ]
                                                                                                                                                        ]
                                                                                                                                                    ]
                                                                                                                                                ]
                                                                                                                                            ]
                                                                                                                                        ]
                                                                                                                                    ]
                                                                                                                                ]
                                                                                                                            ]
                                                                                                                        ]
                                                                                                                    ]
                                                                                                                ]
                                                                                                            ]
                                                                                                        ]
                                                                                                    ]
                                                                                                ]
                                                                                            ]
                                                                                        ]
                                                                                    ]
                                                                                ]
                                                                            ]
                                                                        ]
                                                                    ]
                                                                ]
                                                            ]
                                                        ]
                                                    ]
                                                ]
                                            ]
                                        ]
                                    ]
                                ]
                            ]
                        ]
                    ]
                ]
            ]
        }
    ).encode(),
]


@pytest.mark.parametrize("data", BAD_JSON)
def test_malformed_bodies_are_400(api: Api, data: bytes) -> None:
    before = _snapshot(api)
    kaching = api.kaching(None, content=data)
    norce = api.norce_import(
        "ImportOnhands",
        None,
        ONHAND_HEADER,
        content=data,
        headers={"Content-Type": "application/json"},
    )
    for reply in (kaching, norce):
        assert reply.status_code == 400, reply.text
        assert reply.json()  # a JSON error body naming the cause
    assert _snapshot(api) == before


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_a_missing_body_is_a_documented_400_not_415(api: Api, method: str) -> None:
    # No body and no Content-Type: the required body is missing, not of the wrong type.
    credentials = Credentials.from_env()
    params = {
        "account": credentials.kaching_account,
        "integration": credentials.kaching_integration,
        "apikey": credentials.kaching_apikey,
    }
    reply = api.http.request(method, "/kaching/imports/stock", params=params)
    assert reply.status_code == 400, reply.text
    assert "body is missing" in reply.json()["message"]
    reply = api.http.post(
        f"{CONNECT_ROOT}/Product/ImportOnhands",
        headers={"Authorization": f"Bearer {api.token()}", "X-StormConnect-Header": "{}"},
    )
    assert reply.status_code == 400, reply.text


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml-ish", ""])
def test_wrong_content_types_are_415(api: Api, content_type: str) -> None:
    body = json.dumps({"webshop": {"x": 1}}).encode()
    assert api.kaching(None, content=body, content_type=content_type).status_code == 415
    reply = api.norce_import(
        "ImportOnhands",
        None,
        ONHAND_HEADER,
        content=json.dumps([ONHAND]).encode(),
        headers={"Content-Type": content_type},
    )
    assert reply.status_code == 415
    assert api.stock().get("webshop", {}).get("x") is None


@pytest.mark.parametrize(
    "xml",
    [
        b"<ArrayOfSkuOnhand><SkuOnhand><PartNo>TEE-S</PartNo></SkuOnhand>",
        b"<ArrayOfSkuOnhand><SkuOnhand><PartNo>TEE-S</PartNo></Wrong></ArrayOfSkuOnhand>",
        b'<!DOCTYPE a [<!ENTITY e "x">]><ArrayOfSkuOnhand>&e;</ArrayOfSkuOnhand>',
        b"",
        b"not xml at all",
    ],
)
def test_malformed_xml_bodies_are_400(api: Api, xml: bytes) -> None:
    before = _snapshot(api)
    reply = api.norce_import(
        "ImportOnhands",
        None,
        ONHAND_HEADER,
        content=xml,
        headers={"Content-Type": "application/xml"},
    )
    assert reply.status_code == 400, reply.text
    assert reply.json()["Description"]
    assert _snapshot(api) == before


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/nope", 404),
        ("GET", "/norce/commerce/connect/4.0/Product/ImportNothing", 404),
        ("POST", "/kaching/imports/products", 404),
        ("GET", "/unleashed/Products", 404),
        ("GET", "/_sandbox/norce/secrets", 404),
        ("GET", "/kaching/imports/stock", 405),
        ("PUT", "/kaching/imports/stock", 405),
        ("DELETE", f"{CONNECT_ROOT}/Product/ImportOnhands", 405),
        ("POST", "/unleashed/StockOnHand", 405),
        ("GET", "/norce/identity/1.0/connect/token", 405),
        ("POST", "/_sandbox/kaching/stock", 405),
    ],
)
def test_unknown_paths_and_methods(api: Api, method: str, path: str, status: int) -> None:
    reply = api.http.request(method, path)
    assert reply.status_code == status
    assert reply.headers["content-type"].startswith("application/json")
    assert reply.json()


def test_oversized_bodies_are_413_even_when_streamed() -> None:
    with (
        running_sandbox(max_body_bytes=1024) as server,
        httpx.Client(base_url=server.base_url, timeout=30) as client,
    ):
        api = Api(client)
        before = api.stock()
        big = {"webshop": {f"p{i}": i for i in range(200)}}
        assert api.kaching(big).status_code == 413

        def chunks() -> Iterator[bytes]:
            yield b'{"webshop": {'
            for i in range(500):  # bounded; no Content-Length is sent
                yield f'"p{i}": {i}, '.encode()
            yield b'"last": 1}}'

        reply = client.post(
            "/kaching/imports/stock",
            params={
                "account": "sandbox-account",
                "integration": "sandbox-integration",
                "apikey": "sandbox-apikey",
            },
            content=chunks(),
            headers={"Content-Type": "application/json"},
        )
        assert reply.status_code == 413
        assert "1024" in reply.json()["message"]
        onhands = api.norce_import("ImportOnhands", [ONHAND] * 50, ONHAND_HEADER)
        assert onhands.status_code == 413
        assert api.stock() == before
        assert api.kaching({"webshop": {"small": 1}}).status_code == 200


def test_oversized_header_is_rejected_without_a_500(api: Api) -> None:
    header = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": [3] * 20000}  # ~60 KB
    reply = api.norce_import("ImportOnhands", [ONHAND], header)
    assert 400 <= reply.status_code < 500


def test_in_process_app_behaves_like_the_server(inproc: Api) -> None:
    assert inproc.kaching({"store-1": {"mug": 3}}).status_code == 200
    assert inproc.stock()["store-1"]["mug"] == 3
    assert inproc.onhands([ONHAND]).status_code == 200
    assert inproc.soh("pageSize=2")["Pagination"]["PageSize"] == 2
    assert inproc.kaching(None, content=b"x" * (65 * 1024)).status_code == 413
    assert inproc.http.get("/nope").status_code == 404


CLIENTS = 8
REQUESTS = 2000


@pytest.mark.slow
def test_concurrent_clients(api: Api, server_url: str) -> None:
    """8 clients, 2,000 requests in total: every one succeeds and the data add up."""
    api.kaching({"webshop": {"counter": 0}})
    per_client = REQUESTS // CLIENTS

    def client_run(number: int) -> list[int]:
        statuses: list[int] = []
        with httpx.Client(base_url=server_url, timeout=60) as http:
            me = Api(http)
            for i in range(per_client):
                kind = i % 4
                if kind == 0:
                    reply = me.kaching({"webshop": {"counter": 1}}, adjustment="true")
                elif kind == 1:
                    reply = me.onhands([{**ONHAND, "OnhandValue": number * 1000 + i}])
                elif kind == 2:
                    reply = me.unleashed("StockOnHand", "pageSize=3&warehouseCode=MAIN")
                else:
                    reply = me.kaching({"store-1": {f"c{number}": i}})
                statuses.append(reply.status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(client_run, range(CLIENTS)))
    statuses = [s for r in results for s in r]
    assert len(statuses) == REQUESTS
    assert set(statuses) == {200}
    adjustments = sum(1 for i in range(per_client) if i % 4 == 0) * CLIENTS
    stock = api.stock()
    assert stock["webshop"]["counter"] == adjustments
    assert {k: v for k, v in stock["store-1"].items() if k.startswith("c")} == {
        f"c{n}": max(i for i in range(per_client) if i % 4 == 3) for n in range(CLIENTS)
    }
    jobs = api.http.get("/_sandbox/norce/jobs").json()
    imports = sum(1 for i in range(per_client) if i % 4 == 1) * CLIENTS
    assert len(jobs) == imports
    assert len({j["id"] for j in jobs}) == imports
    assert len(api.norce_rows("onhands")) == 1


@pytest.fixture
def server_url(api: Api) -> str:
    return str(api.http.base_url).rstrip("/")


def test_secrets_never_reach_the_logs(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    for name in ("skuguard", "uvicorn"):
        caplog.set_level(logging.DEBUG, logger=name)
    api.token_reply()
    api.token_reply(client_secret="sandbox-secret-typo")
    api.onhands([{**ONHAND, "PartNo": "UNKNOWN"}])
    api.kaching({"webshop": {"x": 1}})
    api.kaching({"webshop": {"x": 1}}, apikey="sandbox-apikey-typo")
    api.unleashed("StockOnHand", "pageSize=1")
    api.fault("norce-non-ascii-500")
    assert api.onhands([{**ONHAND, "PartNo": "TRÖJA"}]).status_code == 500
    # Only the server side: httpx itself logs request URLs (with Ka-ching's query apikey).
    text = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if r.name.startswith(("skuguard", "uvicorn"))
    )
    assert "UNKNOWN" in text  # the ignored row was logged
    for secret in ("sandbox-secret", "sandbox-apikey", "sandbox-api-key", api.token()):
        assert secret not in text
    assert "Traceback" not in text
