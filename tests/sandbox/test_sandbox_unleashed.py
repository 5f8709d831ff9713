"""Unleashed StockOnHand of the sandbox, over real HTTP on loopback, checked against the seed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

import pytest
from jsonschema import Draft202012Validator

from contracts.sandbox.auth import unleashed_signature
from contracts.sandbox.client import CREDS
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.store import load_seed_file
from linter import specs

SEED = load_seed_file(None)["unleashed"]
GUID = {p["code"]: p["guid"] for p in SEED["products"]}
NS = "{http://api.unleashedsoftware.com/version/1}"


@pytest.fixture(params=["loopback", "in-process"])
def transport(request: pytest.FixtureRequest) -> str:
    """Every test here runs over real HTTP and against the in-process app."""
    return str(request.param)


def _valid(name: str, body: Any) -> list[str]:
    schema = {
        **specs.schema("unleashed", name),
        "components": specs.spec_view("unleashed")["components"],
    }
    return [e.message for e in Draft202012Validator(schema).iter_errors(body)]


def _by_code(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["ProductCode"]: r for r in rows}


def _millis(text: str) -> int:
    match = re.fullmatch(r"/Date\((-?\d+)\)/", text)
    assert match is not None, text
    return int(match.group(1))


def _products_with_transactions(warehouse: str | None = None) -> set[str]:
    return {
        t["product"]
        for t in SEED["transactions"]
        if warehouse is None or t["warehouse"] == warehouse
    }


def test_first_page_is_ordered_by_code_and_valid(api: Api) -> None:
    page = api.soh()
    assert _valid("StockOnHandList", page) == []
    assert page["Pagination"] == {
        "NumberOfItems": len(_products_with_transactions()),
        "PageSize": 200,
        "PageNumber": 1,
        "NumberOfPages": 1,
    }
    codes = [r["ProductCode"] for r in page["Items"]]
    assert codes == sorted(codes)
    assert "GHOST" not in codes  # no transactions: never returned
    assert all(r["WarehouseId"] == "" and r["Guid"] == r["ProductGuid"] for r in page["Items"])


def test_pages_partition_the_list(api: Api) -> None:
    whole = [r["Guid"] for r in api.soh()["Items"]]
    first = api.soh("pageSize=5")
    assert first["Pagination"]["NumberOfPages"] == -(-len(whole) // 5)
    paged: list[str] = []
    for page in range(1, first["Pagination"]["NumberOfPages"] + 1):
        for form in (f"StockOnHand/{page}", f"StockOnHand/Page/{page}"):
            reply = api.soh("pageSize=5", form)
            assert reply["Pagination"]["PageNumber"] == page
            assert len(reply["Items"]) <= 5
        paged += [r["Guid"] for r in reply["Items"]]
    assert paged == whole
    beyond = api.soh("pageSize=5", "StockOnHand/99")
    assert beyond["Items"] == []
    assert beyond["Pagination"]["PageNumber"] == 99


@pytest.mark.parametrize(
    "query",
    [
        "pageSize=0",
        "pageSize=1001",
        "pageSize=abc",
        "asAtDate=2024-13-01",
        "modifiedSince=yesterday",
        "productId=not-a-guid",
    ],
)
def test_malformed_filters_are_400(api: Api, query: str) -> None:
    reply = api.unleashed("StockOnHand", query)
    assert reply.status_code == 400, reply.text
    assert _valid("Error", reply.json()) == []


def test_quantities_and_costs_are_derived_from_transactions(api: Api) -> None:
    rows = _by_code(api.all_rows())
    book = rows["BOOK"]  # 10 @ 5.00 and 4 @ 5.50 received, 2 sold
    assert book["QtyOnHand"] == 12
    assert book["AvgCost"] == pytest.approx(72 / 14)
    assert book["TotalCost"] == pytest.approx(12 * 72 / 14, rel=1e-6)
    shelf = rows["BOOKSHELF"]  # 15 received, 3 allocated
    assert (shelf["QtyOnHand"], shelf["AllocatedQty"], shelf["AvailableQty"]) == (15, 3, 12)
    assert rows["CHAIR"]["OnPurchase"] == 7  # an open purchase order at HO
    for row in rows.values():
        assert row["AvailableQty"] == pytest.approx(row["QtyOnHand"] - row["AllocatedQty"])
        assert row["TotalCost"] == pytest.approx(row["QtyOnHand"] * row["AvgCost"], abs=1e-3)


def test_is_assembled_adds_the_assemblable_quantity(api: Api) -> None:
    plain = _by_code(api.all_rows())["KIT-DESK"]["AvailableQty"]
    assembled = _by_code(api.all_rows("isAssembled=true"))["KIT-DESK"]["AvailableQty"]
    assert assembled == plain + 6
    assert _by_code(api.all_rows("isAssembled=false"))["KIT-DESK"]["AvailableQty"] == plain


def test_last_modified_is_the_latest_transaction(api: Api) -> None:
    book = _by_code(api.all_rows())["BOOK"]
    latest = max(t["date"] for t in SEED["transactions"] if t["product"] == "BOOK")
    expected = datetime.fromisoformat(latest).replace(tzinfo=UTC)
    assert _millis(book["LastModifiedOn"]) == int(expected.timestamp() * 1000)


@pytest.mark.parametrize("warehouse", ["MAIN", "HO"])
def test_warehouse_filters(api: Api, warehouse: str) -> None:
    name = next(w["name"] for w in SEED["warehouses"] if w["code"] == warehouse)
    by_code = api.all_rows(f"warehouseCode={warehouse}")
    by_name = api.all_rows(f"warehouseName={quote(name)}")
    assert by_code == by_name
    assert {r["ProductCode"] for r in by_code} == _products_with_transactions(warehouse)
    assert {(r["WarehouseCode"], r["Warehouse"]) for r in by_code} == {(warehouse, name)}


def test_unknown_warehouse_gives_an_empty_page(api: Api) -> None:
    page = api.soh("warehouseCode=NOWHERE")
    assert page["Items"] == []
    assert page["Pagination"]["NumberOfItems"] == 0


def test_product_id_list(api: Api) -> None:
    wanted = [GUID["DESK"], GUID["BOOK"].upper()]
    rows = api.all_rows("productId=" + ",".join(wanted))
    assert [r["ProductCode"] for r in rows] == ["BOOK", "DESK"]


def test_as_at_date_replays_transactions_up_to_that_day(api: Api) -> None:
    early = _by_code(api.all_rows("asAtDate=2024-03-01"))
    assert early["BOOK"]["QtyOnHand"] == 10
    assert "CHAIR" not in early  # its first transaction is on 2024-03-15
    same_day = _by_code(api.all_rows("asAtDate=2024-03-15"))
    assert "CHAIR" in same_day


def test_modified_since_is_inclusive(api: Api) -> None:
    row = _by_code(api.all_rows())["BOOKSHELF"]
    instant = datetime.fromtimestamp(_millis(row["LastModifiedOn"]) / 1000, tz=UTC)
    at = instant.strftime("%Y-%m-%dT%H:%M:%S")
    after = (instant + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert "BOOKSHELF" in _by_code(api.all_rows(f"modifiedSince={at}"))
    assert "BOOKSHELF" not in _by_code(api.all_rows(f"modifiedSince={after}"))
    assert "BOOKSHELF" in _by_code(api.all_rows("modifiedSince=2024-06-30"))


def test_order_by_description(api: Api) -> None:
    rows = api.all_rows("orderBy=productDescription")
    descriptions = [r["ProductDescription"] for r in rows]
    assert descriptions == sorted(descriptions)
    codes = [r["ProductCode"] for r in rows]
    assert codes != sorted(codes)
    unknown = [r["ProductCode"] for r in api.all_rows("orderBy=noSuchColumn")]
    assert unknown == sorted(unknown)


def test_single_product_and_all_warehouses_agree_with_the_lists(api: Api) -> None:
    for code in ("BOOK", "CHAIR", "KIT-DESK"):
        single = api.soh(path=f"StockOnHand/{GUID[code]}")
        assert _valid("StockOnHand", single) == []
        assert single == _by_code(api.all_rows())[code]
        warehouses = api.soh(path=f"StockOnHand/{GUID[code]}/AllWarehouses")
        assert _valid("AllWarehousesList", warehouses) == []
        assert "Pagination" not in warehouses
        per_wh = {w["Warehouse"]: w["AvailableQty"] for w in warehouses["Items"]}
        for wh in SEED["warehouses"]:
            listed = _by_code(api.all_rows(f"warehouseCode={wh['code']}")).get(code)
            if listed is None:
                assert wh["name"] not in per_wh
            else:
                assert per_wh[wh["name"]] == listed["AvailableQty"]
        assert sum(per_wh.values()) == pytest.approx(single["AvailableQty"])


@pytest.mark.parametrize(
    "path",
    [
        "StockOnHand/00000000-0000-4000-8000-000000000000",
        "StockOnHand/00000000-0000-4000-8000-000000000000/AllWarehouses",
        f"StockOnHand/{GUID['GHOST']}",
        "StockOnHand/not-a-guid",
        "StockOnHand/1/2/3",
    ],
)
def test_unknown_products_are_404(api: Api, path: str) -> None:
    reply = api.unleashed(path)
    assert reply.status_code == 404
    assert reply.json()["Description"]


def test_xml_by_accept(api: Api) -> None:
    json_page = api.soh("pageSize=3")
    reply = api.unleashed("StockOnHand", "pageSize=3", accept="application/xml")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(reply.content)
    assert root.tag == f"{NS}StockOnHandList"
    assert root.findtext(f"{NS}Pagination/{NS}NumberOfItems") == str(
        json_page["Pagination"]["NumberOfItems"]
    )
    items = root.findall(f"{NS}StockOnHand")
    assert [i.findtext(f"{NS}ProductCode") for i in items] == [
        r["ProductCode"] for r in json_page["Items"]
    ]
    first = json_page["Items"][0]
    assert float(items[0].findtext(f"{NS}QtyOnHand") or "nan") == first["QtyOnHand"]
    instant = datetime.fromisoformat(items[0].findtext(f"{NS}LastModifiedOn") or "")
    assert int(instant.replace(tzinfo=UTC).timestamp() * 1000) == _millis(first["LastModifiedOn"])
    single = api.unleashed(f"StockOnHand/{GUID['BOOK']}", accept="application/xml")
    assert ET.fromstring(single.content).tag == f"{NS}StockOnHand"
    error = api.unleashed("StockOnHand", "pageSize=0", accept="application/xml")
    assert error.status_code == 400
    assert ET.fromstring(error.content).findtext(f"{NS}Description")


def test_unsupported_accept_is_406(api: Api) -> None:
    assert api.unleashed(accept="text/html").status_code == 406


def test_signature_is_over_the_query_string_only(api: Api) -> None:
    query = "pageSize=2&warehouseName=Head%20Office"
    signed = unleashed_signature(CREDS.unleashed_api_key, query)
    for path in ("StockOnHand", "StockOnHand/2", "StockOnHand/Page/1"):
        assert api.unleashed(path, query, signature=signed).status_code == 200
    decoded = unleashed_signature(CREDS.unleashed_api_key, "pageSize=2&warehouseName=Head Office")
    assert api.unleashed("StockOnHand", query, signature=decoded).status_code == 200


@pytest.mark.parametrize(
    ("signature", "api_id"),
    [
        ("", None),
        ("bm90IGEgc2lnbmF0dXJl", None),
        (unleashed_signature(CREDS.unleashed_api_key, "pageSize=3"), None),
        (unleashed_signature("wrong-key", "pageSize=2"), None),
        (None, "someone-else"),
        (None, ""),
    ],
)
def test_bad_credentials_are_403_without_data(
    api: Api, signature: str | None, api_id: str | None
) -> None:
    reply = api.unleashed("StockOnHand", "pageSize=2", signature=signature, api_id=api_id)
    assert reply.status_code == 403
    assert "Items" not in reply.json()


@pytest.mark.parametrize(
    "path",
    ["StockOnHand/0", "StockOnHand/Page/0", "StockOnHand/Page/x", "StockOnHand/Page/99999999999"],
)
def test_bad_page_numbers_are_400(api: Api, path: str) -> None:
    assert api.unleashed(path).status_code == 400


@pytest.mark.parametrize(
    "since",
    ["2024-06-30T08:15:00Z", "2024-06-30T10:15:00%2B02:00", "2024-06-30T08:15:00.0000000"],
)
def test_modified_since_accepts_the_documented_date_time_forms(api: Api, since: str) -> None:
    rows = _by_code(api.all_rows(f"modifiedSince={since}"))
    assert "BOOKSHELF" in rows  # last modified exactly 2024-06-30T08:15:00 UTC
    assert "BOOK" not in rows
