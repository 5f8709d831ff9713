"""Path matching like the real hosts, over real HTTP: Norce and Unleashed paths match
case-insensitively with an optional trailing slash; Ka-ching's stay exact unless a variation
says otherwise; a third-party Unleashed client from PyPI works against the sandbox unchanged."""

from __future__ import annotations

import json

import httpx
import pytest
from Unleashed.Unleashed import Client as ThirdPartyUnleashed  # type: ignore[import-untyped]

from contracts.sandbox import variations as v
from contracts.sandbox.client import CREDS, ONHAND_HEADER
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.server import RunningSandbox
from contracts.sandbox.store import load_seed_file

GUID = load_seed_file(None)["unleashed"]["products"][0]["guid"]
ONHAND = {"PartNo": "TEE-S", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 5}


@pytest.mark.parametrize(
    "path",
    [
        "StockOnHand/",
        "stockonhand",
        "STOCKONHAND/1/",
        "StockOnHand/page/1",
        f"stockOnHand/{GUID}/",
        f"StockOnHand/{GUID.upper()}/allwarehouses/",
    ],
)
def test_unleashed_paths_match_like_aspnet(api: Api, path: str) -> None:
    reply = api.unleashed(path)
    assert reply.status_code == 200, reply.text


def test_norce_paths_match_like_aspnet(api: Api) -> None:
    reply = api.http.post(
        "/NORCE/Commerce/Connect/4.0/product/importonhands/",
        json=[ONHAND],
        headers={
            "Authorization": f"Bearer {api.token()}",
            "X-StormConnect-Header": json.dumps(ONHAND_HEADER),
        },
    )
    assert reply.status_code == 200, reply.text
    job = reply.json()["JobId"]
    auth = {"Authorization": f"Bearer {api.token()}"}
    got = api.http.get("/norce/commerce/connect/4.0/job/get/", params={"id": job}, headers=auth)
    assert got.status_code == 200, got.text
    token = api.http.post(
        "/Norce/Identity/1.0/Connect/Token/",
        data={
            "client_id": CREDS.norce_client_id,
            "client_secret": CREDS.norce_client_secret,
            "grant_type": "client_credentials",
            "scope": "prod",
        },
    )
    assert token.status_code == 200, token.text


def test_unknown_paths_still_404(api: Api) -> None:
    assert api.unleashed("StockOnHands").status_code == 404
    assert api.onhands([ONHAND], ONHAND_HEADER).status_code == 200
    assert api.http.get("/norce/commerce/connect/4.0/Job/Gett").status_code == 404


def test_kaching_paths_exact_unless_the_variation_is_on(api: Api) -> None:
    query = {
        "account": CREDS.kaching_account,
        "integration": CREDS.kaching_integration,
        "apikey": CREDS.kaching_apikey,
    }
    body = {"store-1": {"cap": 1}}
    for path in ("/kaching/Imports/Stock", "/kaching/imports/stock/"):
        assert api.http.post(path, params=query, json=body).status_code != 200
    api.variations(v.KACHING_CASE_INSENSITIVE_PATHS)
    for path in ("/kaching/Imports/Stock", "/kaching/imports/stock/"):
        reply = api.http.post(path, params=query, json=body)
        assert reply.status_code == 200, reply.text


def test_third_party_unleashed_client_unchanged(server: RunningSandbox, api: Api) -> None:
    """PyPI ``Unleashed`` 0.2.3 requests ``/StockOnHand/{page}/`` and signs the encoded query."""
    client = ThirdPartyUnleashed(CREDS.unleashed_api_key, CREDS.unleashed_api_id)
    client.api_url = server.unleashed
    first = client.return_pagination("StockOnHand", page=1)
    rows = client.return_items("StockOnHand", options="pageSize=2", page=1)
    assert len(rows) == 2
    ours = api.soh("pageSize=1000")["Items"]
    assert first["NumberOfItems"] == len(ours)
    walked = []
    for page in range(1, first["NumberOfPages"] + 1):
        walked += client.return_items("StockOnHand", page=page)
    assert [r["ProductCode"] for r in walked] == [r["ProductCode"] for r in ours]
    filtered = client.return_items("StockOnHand", options="warehouseCode=MAIN&orderBy=QtyOnHand")
    assert filtered
    assert {r["WarehouseCode"] for r in filtered} == {"MAIN"}


def test_routing_does_not_touch_admin_paths(server: RunningSandbox) -> None:
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        assert client.get("/_SANDBOX/health").status_code == 404
        assert client.get("/_sandbox/HEALTH").status_code == 404
