"""Norce Connect of the sandbox: token endpoint, bearer auth, the four imports, jobs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from contracts.sandbox.client import ONHAND_HEADER
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.norce.routes import CONNECT_ROOT
from contracts.sandbox.server import running_sandbox
from linter import specs
from linter.specs import coded_enum

STATUS = coded_enum("norce", "JobStatus").by_name
SEVERITY = coded_enum("norce", "LogSeverity").by_name
PRODUCT_HEADER = {"AccountId": 1, "FullFile": False}


def _errors(name: str, body: Any) -> list[str]:
    schema = {**specs.schema("norce", name), "components": specs.spec_view("norce")["components"]}
    return [e.message for e in Draft202012Validator(schema).iter_errors(body)]


def _onhand(part: str, value: float = 5, **extra: Any) -> dict[str, Any]:
    return {
        "PartNo": part,
        "WarehouseCode": "W1",
        "LocationCode": "L1",
        "OnhandValue": value,
        **extra,
    }


@pytest.fixture(params=["loopback", "in-process"])
def transport(request: pytest.FixtureRequest) -> str:
    """Every test here runs over real HTTP and against the in-process app."""
    return str(request.param)


# --- token endpoint and bearer ----------------------------------------------------------


def test_token_reply_shape(api: Api) -> None:
    reply = api.token_reply()
    assert reply.status_code == 200
    body = reply.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert isinstance(body["access_token"], str)
    assert len(body["access_token"]) >= 32


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"client_secret": "wrong"}, 401),
        ({"client_id": "someone"}, 401),
        ({"client_secret": ""}, 401),
        ({"grant_type": "password"}, 400),
    ],
)
def test_token_rejections(api: Api, form: dict[str, str], status: int) -> None:
    reply = api.token_reply(**form)
    assert reply.status_code == status
    assert "access_token" not in reply.json()


def test_token_form_content_type_required(api: Api) -> None:
    reply = api.http.post("/norce/identity/1.0/connect/token", json={"client_id": "x"})
    assert reply.status_code == 415


def test_token_rate_limit_is_a_burst_then_3_per_minute() -> None:
    with running_sandbox(token_burst=3, token_rate_per_minute=3) as server:
        import httpx

        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            api = Api(client)
            assert [api.token_reply().status_code for _ in range(4)] == [200, 200, 200, 429]
            api.advance(20)  # 3 per minute: one new request after 20 s
            assert [api.token_reply().status_code for _ in range(2)] == [200, 429]
            limited = api.token_reply()
            assert limited.headers.get("retry-after")


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer not-a-token", "Basic c2FuZGJveDpzZWNyZXQ="]
)
def test_connect_calls_need_a_valid_bearer(api: Api, authorization: str | None) -> None:
    headers = {"X-StormConnect-Header": json.dumps(ONHAND_HEADER)}
    if authorization is not None:
        headers["Authorization"] = authorization
    reply = api.http.post(
        f"{CONNECT_ROOT}/Product/ImportOnhands", json=[_onhand("TEE-S")], headers=headers
    )
    assert reply.status_code == 401
    assert "JobId" not in reply.json()
    assert api.norce_rows("onhands") == []
    job = api.http.get(
        f"{CONNECT_ROOT}/Job/Get",
        params={"id": "1000"},
        headers={} if authorization is None else {"Authorization": authorization},
    )
    assert job.status_code == 401


def test_tokens_expire(api: Api) -> None:
    token = api.token()
    assert api.onhands([_onhand("TEE-S")]).status_code == 200
    api.advance(3601)
    reply = api.norce_import("ImportOnhands", [_onhand("TEE-S")], ONHAND_HEADER, token=token)
    assert reply.status_code == 401
    assert "expired" in reply.json()["Description"]


# --- imports -----------------------------------------------------------------------------


def test_onhands_import_creates_a_job_and_ignores_unknown_parts(api: Api) -> None:
    reply = api.onhands([_onhand("TEE-S", 5, IncomingValue=9), _onhand("NOPE")])
    assert reply.status_code == 200
    body = reply.json()
    assert _errors("JobResponse", body) == []
    assert body["ValidationSummary"]["NrOfItemsInTotal"] == 2
    assert body["ValidationSummary"]["NrOfValidationFailures"] == 0
    assert 0 <= int(body["JobId"]) <= 2**31 - 1
    rows = api.norce_rows("onhands")
    assert rows == [
        {"PartNo": "TEE-S", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 5}
    ]
    job = api.job(body["JobId"]).json()
    assert _errors("Job", job) == []
    assert (job["JobId"], job["StatusId"], job["IsFinished"]) == (
        int(body["JobId"]),
        STATUS["Succeeded"].code,
        True,
    )
    assert (job["Totals"], job["Inserts"], job["Updates"], job["Fail"]) == (2, 1, 0, 0)
    log = api.job(body["JobId"], "GetLog").json()
    for record in log:
        assert _errors("JobLogRecord", record) == []
    warnings = [r for r in log if r["SeverityId"] == SEVERITY["Warning"].code]
    assert len(warnings) == 1
    assert "NOPE" in warnings[0]["Message"]
    assert "NOPE" in warnings[0]["ImportedRow"]


def test_onhand_update_writes_only_flagged_fields(api: Api) -> None:
    api.onhands([_onhand("TEE-S", 5)])
    header = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": ["IncomingValue"]}
    reply = api.onhands([_onhand("TEE-S", 99, IncomingValue=3)], header)
    assert reply.status_code == 200
    (row,) = api.norce_rows("onhands")
    assert (row["OnhandValue"], row["IncomingValue"]) == (5, 3)
    job = api.job(reply.json()["JobId"]).json()
    assert (job["Inserts"], job["Updates"]) == (0, 1)


def test_onhand_full_file_deactivates_rows_missing_from_the_import(api: Api) -> None:
    api.onhands([_onhand("TEE-S"), _onhand("TEE-M")])
    api.onhands([_onhand("TEE-S")], {**ONHAND_HEADER, "FullFile": True})
    rows = {r["PartNo"]: r for r in api.norce_rows("onhands")}
    assert rows["TEE-M"]["IsActive"] is False
    assert "IsActive" not in rows["TEE-S"]


def test_items_failing_linter_rules_are_counted_and_logged(api: Api) -> None:
    bad = _onhand("TEE-M", 1, MinimumValue=10, MaximumValue=2)
    header = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": [3, 8, 9]}
    reply = api.onhands([_onhand("TEE-S"), bad, _onhand("MUG-1")], header)
    assert reply.status_code == 200
    summary = reply.json()["ValidationSummary"]
    assert (summary["NrOfItemsInTotal"], summary["NrOfValidationFailures"]) == (3, 1)
    assert any("NO002" in m for m in summary["Messages"])
    assert {r["PartNo"] for r in api.norce_rows("onhands")} == {"TEE-S", "MUG-1"}
    job = api.job(reply.json()["JobId"]).json()
    assert job["StatusId"] == STATUS["ValidationFailed"].code
    assert job["Fail"] == 1
    errors = [
        r
        for r in api.job(reply.json()["JobId"], "GetLog").json()
        if r["SeverityId"] == SEVERITY["Error"].code
    ]
    assert len(errors) == 1
    assert "item 1" in errors[0]["Message"]


def test_products_update_respects_header_flags(api: Api) -> None:
    header = {
        **PRODUCT_HEADER,
        "ProductFieldsThatAreSet": [2, 4],
        "VariantFieldsThatAreSet": [5],
        "SkuFieldsThatAreSet": ["EanCode"],
    }
    body = [
        {
            "Code": "P-100",
            "ManufacturerCode": "ACME",
            "ManufacturerName": "Changed",
            "Alias": "new-alias",
            "Variants": [
                {
                    "ManufacturerPartNo": "ACME-TEE",
                    "SortOrderValue": 99,
                    "Skus": [
                        {"PartNo": "TEE-S", "EanCode": "111", "Status": 5},
                        {"PartNo": "TEE-L", "EanCode": "222"},
                    ],
                }
            ],
        }
    ]
    reply = api.norce_import("ImportProducts", body, header)
    assert reply.status_code == 200, reply.text
    product = next(p for p in api.norce_rows("products") if p.get("Code") == "P-100")
    assert product["Alias"] == "new-alias"
    assert product["ManufacturerName"] == "Acme Corp"  # flag 1 not set
    variant = product["Variants"][0]
    assert variant["SortOrderValue"] == 1  # VariantField 1 not set
    skus = {s["PartNo"]: s for s in variant["Skus"]}
    assert skus["TEE-S"] == {"PartNo": "TEE-S", "EanCode": "111", "Status": 1}
    assert skus["TEE-L"]["EanCode"] == "222"
    assert api.onhands([_onhand("TEE-L")]).json()["ValidationSummary"]["NrOfItemsInTotal"] == 1
    assert {r["PartNo"] for r in api.norce_rows("onhands")} == {"TEE-L"}


def test_products_create_needs_manufacturer_and_part_numbers(api: Api) -> None:
    header = {**PRODUCT_HEADER, "ProductFieldsThatAreSet": [1, 4], "VariantFieldsThatAreSet": [5]}
    new = {
        "ManufacturerCode": "NEWCO",
        "ManufacturerName": "New Co",
        "Variants": [{"ManufacturerPartNo": "N-1", "Skus": [{"PartNo": "N-1-A"}]}],
    }
    orphan = {"ManufacturerName": "Nobody", "Variants": [{"Skus": [{"PartNo": "ORPHAN"}]}]}
    reply = api.norce_import("ImportProducts", [new, orphan], header)
    assert reply.status_code == 200
    job = api.job(reply.json()["JobId"]).json()
    assert (job["Inserts"], job["Fail"]) == (1, 1)
    names = {p.get("ManufacturerName") for p in api.norce_rows("products")}
    assert "New Co" in names
    assert "Nobody" not in names


def test_prices_ignore_unknown_parts_lists_and_empty_mandatory_fields(api: Api) -> None:
    header = {
        "AccountId": 1,
        "FullFile": False,
        "SkuPriceListFieldsThatAreSet": [3, 4],
        "IgnoreSkuPriceListFieldsWhenEmpty": [4],
    }
    body = [
        {"PartNo": "TEE-S", "PriceListCode": "STD-SEK", "PriceSale": 100, "CostPurchase": 40},
        {"PartNo": "TEE-M", "PriceListCode": "STD-SEK", "PriceSale": 100, "CostPurchase": 0},
        {"PartNo": "NOPE", "PriceListCode": "STD-SEK", "PriceSale": 1, "CostPurchase": 1},
        {"PartNo": "TEE-S", "PriceListCode": "NO-LIST", "PriceSale": 1, "CostPurchase": 1},
    ]
    reply = api.norce_import("ImportSkuPriceLists", body, header)
    assert reply.status_code == 200, reply.text
    rows = api.norce_rows("prices")
    assert [(r["PartNo"], r["PriceSale"]) for r in rows] == [("TEE-S", 100)]
    log = api.job(reply.json()["JobId"], "GetLog").json()
    assert len([r for r in log if r["SeverityId"] == SEVERITY["Warning"].code]) == 3
    zero = [{"PartNo": "TEE-S", "PriceListCode": "STD-SEK", "PriceSale": 0, "CostPurchase": 41}]
    api.norce_import(
        "ImportSkuPriceLists", zero, {**header, "IgnoreSkuPriceListFieldsWhenEmpty": []}
    )
    (row,) = api.norce_rows("prices")
    assert (row["PriceSale"], row["CostPurchase"]) == (100, 41)  # 0 does not overwrite


def test_price_full_file_deactivates_only_the_imported_price_lists(api: Api) -> None:
    header = {"AccountId": 1, "FullFile": False, "SkuPriceListFieldsThatAreSet": [3]}

    def price(part: str, price_list: str) -> dict[str, Any]:
        return {"PartNo": part, "PriceListCode": price_list, "PriceSale": 10}

    first = [price("TEE-S", "STD-SEK"), price("TEE-M", "STD-SEK"), price("TEE-M", "B2B-EUR")]
    api.norce_import("ImportSkuPriceLists", first, header)
    reply = api.norce_import(
        "ImportSkuPriceLists", [price("TEE-S", "STD-SEK")], {**header, "FullFile": True}
    )
    assert reply.status_code == 200, reply.text
    active = {
        (r["PartNo"], r["PriceListCode"]): r.get("IsActive", True) for r in api.norce_rows("prices")
    }
    assert active == {
        ("TEE-S", "STD-SEK"): True,
        ("TEE-M", "STD-SEK"): False,
        ("TEE-M", "B2B-EUR"): True,
    }


def test_relation_full_file_leaves_other_relations_alone(api: Api) -> None:
    header = {"AccountId": 1, "FullFile": False, "RelationFieldsThatAreSet": [1]}
    mug = {"PartNo": "TEE-S", "RelatedPartNo": "MUG-1", "RelationTypeCode": "X"}
    tee = {"PartNo": "TEE-S", "RelatedPartNo": "TEE-M", "RelationTypeCode": "X"}
    api.norce_import("ImportRelations", [mug, tee], header)
    reply = api.norce_import("ImportRelations", [mug], {**header, "FullFile": True})
    assert reply.status_code == 200, reply.text
    assert all("IsActive" not in r for r in api.norce_rows("relations"))
    assert len(api.norce_rows("relations")) == 2


def test_relations_need_both_parts_known(api: Api) -> None:
    header = {"AccountId": 1, "FullFile": False, "RelationFieldsThatAreSet": [1]}
    body = [
        {"PartNo": "TEE-S", "RelatedPartNo": "MUG-1", "RelationTypeCode": "X", "IsActive": True},
        {"PartNo": "TEE-S", "RelatedPartNo": "NOPE", "RelationTypeCode": "X"},
    ]
    reply = api.norce_import("ImportRelations", body, header)
    assert reply.status_code == 200, reply.text
    assert [(r["PartNo"], r["RelatedPartNo"]) for r in api.norce_rows("relations")] == [
        ("TEE-S", "MUG-1")
    ]


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ({"AccountId": 1, "FullFile": False, "VariantFieldsThatAreSet": [5]}, "NH003"),
        ({"AccountId": 1, "FullFile": False, "ProductFieldsThatAreSet": [999]}, "NH001"),
        ({"FullFile": False}, "SG003"),
        ('{"AccountId": 1,', "SG001"),
    ],
)
def test_header_errors_are_400_with_diagnostics(api: Api, header: Any, code: str) -> None:
    reply = api.norce_import("ImportProducts", [{"Code": "P-100"}], header)
    assert reply.status_code == 400, reply.text
    body = reply.json()
    assert _errors("ErrorResponse", body) == []
    assert code in {d["code"] for d in body["Diagnostics"]}
    assert api.http.get("/_sandbox/norce/jobs").json() == []


def test_missing_header_is_400(api: Api) -> None:
    reply = api.norce_import("ImportOnhands", [_onhand("TEE-S")], None)
    assert reply.status_code == 400
    assert "X-StormConnect-Header" in reply.json()["Description"]


def test_onhand_header_on_products_is_rejected(api: Api) -> None:
    reply = api.norce_import("ImportProducts", [{"Code": "P-100"}], ONHAND_HEADER)
    assert reply.status_code == 400


def test_body_schema_violations_are_400_and_nothing_is_written(api: Api) -> None:
    for body in ([{"PartNo": "TEE-S"}], {"PartNo": "x"}, [_onhand("TEE-S", OnhandValue="5")]):
        reply = api.onhands(body)
        assert reply.status_code == 400, reply.text
        assert reply.json()["Description"].startswith("body")
    assert api.norce_rows("onhands") == []


def test_job_lookups(api: Api) -> None:
    assert api.job(999999).status_code == 404
    assert api.job("abc").status_code == 400
    assert api.job(2**31).status_code == 400
    first = api.onhands([_onhand("TEE-S")]).json()["JobId"]
    second = api.onhands([_onhand("TEE-M")]).json()["JobId"]
    assert int(second) > int(first)
    assert api.job(first).json()["JobId"] == int(first)
    legacy = api.http.get(
        f"{CONNECT_ROOT}/api/Job/Get",
        params={"id": first},
        headers={"Authorization": f"Bearer {api.token()}"},
    )
    assert legacy.json() == api.job(first).json()


def test_empty_import_is_a_job_with_no_items(api: Api) -> None:
    reply = api.onhands([])
    assert reply.status_code == 200
    assert reply.json()["ValidationSummary"]["NrOfItemsInTotal"] == 0


ONHANDS_XML = (
    b'<ArrayOfSkuOnhand xmlns="Enferno.Services.StormConnect.Contracts.Product.Models">'
    b"<SkuOnhand><LocationCode>L1</LocationCode><OnhandValue>7.5</OnhandValue>"
    b"<PartNo>TEE-S</PartNo><WarehouseCode>W1</WarehouseCode></SkuOnhand>"
    b"<SkuOnhand><LocationCode>L1</LocationCode><OnhandValue>1</OnhandValue>"
    b"<PartNo>NOPE</PartNo><WarehouseCode>W1</WarehouseCode></SkuOnhand>"
    b"</ArrayOfSkuOnhand>"
)
XML_HEADER = (
    "<SkuOnhandHeader><AccountId>1</AccountId><FullFile>false</FullFile>"
    "<SkuOnhandFieldsThatAreSet><SkuOnhandField>3</SkuOnhandField></SkuOnhandFieldsThatAreSet>"
    "</SkuOnhandHeader>"
)


@pytest.mark.parametrize("header", [XML_HEADER, json.dumps(ONHAND_HEADER)])
def test_xml_bodies_are_imported_like_json(api: Api, header: str) -> None:
    reply = api.norce_import(
        "ImportOnhands",
        None,
        header,
        content=ONHANDS_XML,
        headers={"Content-Type": "application/xml"},
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["ValidationSummary"]["NrOfItemsInTotal"] == 2
    assert [(r["PartNo"], r["OnhandValue"]) for r in api.norce_rows("onhands")] == [("TEE-S", 7.5)]


def test_xml_imports_need_header_codes_not_names(api: Api) -> None:
    header = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": ["OnhandValue"]}
    reply = api.norce_import(
        "ImportOnhands",
        None,
        header,
        content=ONHANDS_XML,
        headers={"Content-Type": "application/xml"},
    )
    assert reply.status_code == 400
    assert "NH002" in {d["code"] for d in reply.json()["Diagnostics"]}
