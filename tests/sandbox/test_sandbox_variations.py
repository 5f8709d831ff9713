"""Legal variations over real HTTP: each one changes exactly the behaviour it names, and only
while it is switched on."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from contracts.sandbox import variations as v
from contracts.sandbox.cli import list_variations
from contracts.sandbox.client import ONHAND_HEADER
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.server import running_sandbox
from contracts.sandbox.store import load_seed_file

GUID = load_seed_file(None)["unleashed"]["products"][0]["guid"]


def _onhand(part: str, value: Any = 5) -> dict[str, Any]:
    return {"PartNo": part, "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": value}


def test_registry_has_a_documented_basis_for_each() -> None:
    found = v.all_variations()
    assert len(found) >= 15
    assert {x.api for x in found} == {"norce", "kaching", "unleashed"}
    assert all(x.basis.documented and x.basis.where for x in found)
    listing = list_variations().splitlines()
    assert len(listing) == len(found)
    assert all("basis: reference" in line for line in listing)


def test_admin_route_sets_lists_and_refuses_unknown(api: Api) -> None:
    reply = api.http.post("/_sandbox/variation", json={"names": [v.KACHING_FRACTIONAL_REJECTED]})
    assert reply.json()["active"] == [v.KACHING_FRACTIONAL_REJECTED]
    assert api.http.get("/_sandbox/variation").json()["active"] == [v.KACHING_FRACTIONAL_REJECTED]
    bad = api.http.post("/_sandbox/variation", json={"names": ["no-such"]})
    assert bad.status_code == 400
    assert "no-such" in bad.json()["error"]
    assert api.http.post("/_sandbox/variation", json={"names": "x"}).status_code == 400
    api.variations()
    assert api.http.get("/_sandbox/health").json()["variations"] == []


def test_kaching_counts(api: Api) -> None:
    assert api.kaching({"store-1": {"cap": 1.5}}).status_code == 200
    assert api.kaching({"store-1": {"cap": 0.0}}).status_code == 200
    assert api.kaching({}).status_code == 400
    api.variations(
        v.KACHING_FRACTIONAL_REJECTED, v.KACHING_FLOAT_ZERO_REJECTED, v.KACHING_EMPTY_BODY_ACCEPTED
    )
    assert api.kaching({"store-1": {"cap": 1.5}}).status_code == 400
    assert api.kaching({"store-1": {"cap": 0.0}}).status_code == 400
    assert api.kaching({"store-1": {"cap": 0, "tee": {"s": 2.0}}}).status_code == 200
    empty = api.kaching({})
    assert empty.status_code == 200
    assert " 0 stock value" in empty.json()["message"]


def test_error_shapes(api: Api) -> None:
    api.variations(
        v.KACHING_ERROR_ERROR_MESSAGE,
        v.UNLEASHED_ERROR_DESCRIPTION_ONLY,
        v.NORCE_ERROR_ASPNET_MESSAGE,
    )
    kaching = api.kaching({}).json()
    assert set(kaching) == {"error", "message"}
    assert set(api.unleashed("StockOnHand/nope/x").json()) == {"description"}
    assert set(api.onhands("not a list").json()) == {"Message"}


def test_auth_statuses(api: Api) -> None:
    assert api.unleashed(signature="bad").status_code == 403
    assert api.norce_import("ImportOnhands", [], ONHAND_HEADER, token="bad").status_code == 401
    api.variations(v.UNLEASHED_AUTH_401, v.NORCE_BAD_TOKEN_403)
    assert api.unleashed(signature="bad").status_code == 401
    assert api.norce_import("ImportOnhands", [], ONHAND_HEADER, token="bad").status_code == 403


def test_norce_schema_failures_counted_instead_of_400(api: Api) -> None:
    body = [_onhand("TEE-S"), _onhand("TEE-M", "many")]
    assert api.onhands(body).status_code == 400
    api.variations(v.NORCE_ITEMS_FAILED_NOT_REJECTED)
    reply = api.onhands(body)
    assert reply.status_code == 200, reply.text
    summary = reply.json()["ValidationSummary"]
    assert summary["NrOfItemsInTotal"] == 2
    assert summary["NrOfValidationFailures"] == 1
    assert api.onhands("not a list").status_code == 400


def test_norce_header_codes(api: Api) -> None:
    unknown = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": [3, 99]}
    mismatch = {**ONHAND_HEADER, "SerializationType": 1}
    assert api.onhands([_onhand("TEE-S")], unknown).status_code == 400
    assert api.onhands([_onhand("TEE-S")], mismatch).status_code == 400
    api.variations(v.NORCE_UNKNOWN_HEADER_CODE_ACCEPTED, v.NORCE_SERIALIZATION_MISMATCH_ACCEPTED)
    assert api.onhands([_onhand("TEE-S")], unknown).status_code == 200
    assert api.onhands([_onhand("TEE-S")], mismatch).status_code == 200


def _job_paths(api: Api) -> tuple[int, int]:
    job = api.onhands([_onhand("TEE-S")]).json()["JobId"]
    plain = api.job(job).status_code
    auth = {"Authorization": f"Bearer {api.token()}"}
    under = api.http.get(
        "/norce/commerce/connect/4.0/api/Job/Get", params={"id": job}, headers=auth
    )
    return plain, under.status_code


def test_norce_job_service_placement(api: Api) -> None:
    assert _job_paths(api) == (200, 200)
    api.variations(v.NORCE_JOB_ONLY_UNDER_API)
    assert _job_paths(api) == (404, 200)
    api.variations(v.NORCE_JOB_SERVICE_ABSENT)
    assert _job_paths(api) == (404, 404)


def test_unleashed_query_variations(api: Api) -> None:
    assert api.unleashed(query="orderBy=nonsense").status_code == 200
    assert api.unleashed(query="modifiedSince=2020-01-01T10:00:00").status_code == 200
    assert api.unleashed("StockOnHand/2147483648").status_code == 400
    api.variations(
        v.UNLEASHED_UNKNOWN_ORDERBY_REJECTED,
        v.UNLEASHED_MODIFIED_SINCE_DATE_ONLY,
        v.UNLEASHED_PAGE_PAST_INT32_ACCEPTED,
    )
    assert api.unleashed(query="orderBy=nonsense").status_code == 400
    assert api.unleashed(query="orderBy=QtyOnHand").status_code == 200
    assert api.unleashed(query="modifiedSince=2020-01-01T10:00:00").status_code == 400
    assert api.unleashed(query="modifiedSince=2020-01-01").status_code == 200
    far = api.unleashed("StockOnHand/2147483648")
    assert far.status_code == 200
    assert far.json()["Items"] == []


@pytest.mark.parametrize("size", ["0", "5000"])
def test_unleashed_page_size_clamped(api: Api, size: str) -> None:
    assert api.unleashed(query=f"pageSize={size}").status_code == 400
    api.variations(v.UNLEASHED_PAGE_SIZE_CLAMPED)
    reply = api.unleashed(query=f"pageSize={size}")
    assert reply.status_code == 200, reply.text
    assert reply.json()["Pagination"]["PageSize"] == (1 if size == "0" else 1000)


def test_all_variations_with_a_fault_at_once() -> None:
    names = [x.name for x in v.all_variations()]
    with (
        running_sandbox(fault="kaching-status-missing", variations=names) as sandbox,
        httpx.Client(base_url=sandbox.base_url, timeout=30) as client,
    ):
        api = Api(client)
        health = client.get("/_sandbox/health").json()
        assert health["fault"] == "kaching-status-missing"
        assert health["variations"] == sorted(names)
        assert "status" not in api.kaching({"store-1": {"cap": 1}}).json()
        assert api.unleashed(f"StockOnHand/{GUID}").status_code == 200
