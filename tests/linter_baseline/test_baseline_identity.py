"""A finding's identity: the item's own key and the pointer inside it, never the item index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from linter import lint_path
from linter.baseline import Identity, identities
from tests.linter_baseline.catalog import HEADER, entries, product, skuguard, write_catalog

ONHAND_HEADER = {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3]}


def _identities(path: Path, kind: str | None = None) -> list[Identity]:
    result = lint_path(path, kind=kind)
    assert not result.failures
    return identities(result.diagnostics, path.parent, kind=kind, content_type=None, config=None)


def _items(found: list[Identity], code: str) -> list[dict[str, Any]]:
    return [json.loads(i.item) for i in found if i.code == code]


def _onhand(part: str, warehouse: str, location: str, value: Any) -> dict[str, Any]:
    return {
        "PartNo": part,
        "WarehouseCode": warehouse,
        "LocationCode": location,
        "OnhandValue": value,
    }


def test_onhand_rows_are_keyed_by_part_warehouse_and_location(tmp_path: Path) -> None:
    rows = [
        _onhand("A", "W1", "L1", "x"),
        _onhand("A", "W2", "L1", 1),
        _onhand("B", "W1", "L1", "y"),
    ]
    body = tmp_path / "onhand.json"
    body.write_text(json.dumps(rows))
    (tmp_path / "onhand.header.json").write_text(json.dumps(ONHAND_HEADER))
    before = _identities(body)
    assert sorted(json.dumps(item, sort_keys=True) for item in _items(before, "SG003")) == [
        json.dumps({"LocationCode": "L1", "PartNo": p, "WarehouseCode": "W1"}, sort_keys=True)
        for p in ("A", "B")
    ]
    assert {i.pointer for i in before if i.code == "SG003"} == {"/OnhandValue"}
    body.write_text(json.dumps(list(reversed(rows))))
    assert sorted(_identities(body)) == sorted(before)


def test_skus_inside_a_product_are_named_by_part_no(tmp_path: Path) -> None:
    first = product(1)
    first["Variants"][0]["Skus"].insert(0, product(2, weight=1)["Variants"][0]["Skus"][0])
    body = write_catalog(tmp_path / "catalog.json", [first])
    found = [i for i in _identities(body) if i.code == "NP012"]
    assert [(json.loads(i.item), i.pointer) for i in found] == [
        ({"Code": "P1"}, "/Variants/[ManufacturerPartNo=M1]/Skus/[PartNo=S1]/ActualWeight")
    ]


def test_an_item_without_its_key_is_known_by_its_content(tmp_path: Path) -> None:
    keyless = product(1)
    del keyless["Code"]
    del keyless["ManufacturerCode"]
    body = write_catalog(tmp_path / "catalog.json", [keyless])
    before = [i for i in _identities(body) if i.code == "NP012"]
    assert list(_items(before, "NP012")[0]) == ["#sha256"]
    write_catalog(body, [product(9, weight=3), keyless])
    assert [i for i in _identities(body) if i.code == "NP012"] == before


def test_kaching_findings_are_keyed_by_location_and_product(tmp_path: Path) -> None:
    body = tmp_path / "stock.json"
    body.write_text(json.dumps({"store-1": {"mug": -1, "cup": 2}, "store-2": {"mug": -1}}))
    found = _identities(body)
    assert sorted((i.code, i.item, i.pointer) for i in found) == [
        ("KS005", '{"location":"store-1","product":"mug"}', ""),
        ("KS005", '{"location":"store-2","product":"mug"}', ""),
    ]


def _unleashed_row(code: str, warehouse: str, available: int) -> dict[str, Any]:
    return {
        "ProductCode": code,
        "ProductDescription": "Book",
        "ProductGuid": "5cf1c9ba-89de-4f59-879c-c08a447fd49c",
        "ProductSourceId": None,
        "ProductGroupName": "Gift",
        "WarehouseId": "",
        "Warehouse": "",
        "WarehouseCode": warehouse,
        "DaysSinceLastSale": 1,
        "OnPurchase": 0,
        "AllocatedQty": 2,
        "AvailableQty": available,
        "QtyOnHand": 252,
        "AvgCost": 1,
        "TotalCost": 252,
        "Guid": "5cf1c9ba-89de-4f59-879c-c08a447fd49c",
        "LastModifiedOn": "/Date(1434940340740)/",
    }


def test_unleashed_rows_are_keyed_by_product_code_and_warehouse(tmp_path: Path) -> None:
    rows = [_unleashed_row("BOOK", "W1", 250), _unleashed_row("PEN", "W1", 10)]
    pagination = {"NumberOfItems": 2, "PageSize": 200, "PageNumber": 1, "NumberOfPages": 1}
    body = tmp_path / "soh.json"
    body.write_text(json.dumps({"Pagination": pagination, "Items": rows}))
    found = [i for i in _identities(body) if i.code == "US001"]
    assert _items(found, "US001") == [{"ProductCode": "PEN", "WarehouseCode": "W1"}]
    body.write_text(json.dumps({"Pagination": pagination, "Items": rows[::-1]}))
    assert [i for i in _identities(body) if i.code == "US001"] == found


def test_header_findings_anchor_on_the_header_file(tmp_path: Path) -> None:
    body = write_catalog(tmp_path / "catalog.json", [product(1, weight=1)])
    header = dict(HEADER, SkuFieldsThatAreSet=["NoSuchField"])
    (tmp_path / "catalog.header.json").write_text(json.dumps(header))
    found = [i for i in _identities(body) if i.code.startswith("NH")]
    assert found, "the header should have a finding"
    assert {(i.file, i.item) for i in found} == {("catalog.header.json", "{}")}
    assert all(i.pointer.startswith("/SkuFieldsThatAreSet") for i in found)


def test_equal_findings_are_counted(tmp_path: Path) -> None:
    """Two copies of one product are two baselined findings; a third copy is new."""
    write_catalog(tmp_path / "catalog.json", [product(1), product(1)])
    written = skuguard(
        "lint", "catalog.json", "--baseline", "b.json", "--update-baseline", cwd=tmp_path
    )
    assert written.returncode == 0, written.stderr
    weights = [e for e in entries(tmp_path / "b.json") if e["code"] == "NP012"]
    assert len(weights) == 2
    assert weights[0] == weights[1]
    write_catalog(tmp_path / "catalog.json", [product(1), product(1), product(1)])
    done = skuguard(
        "lint", "catalog.json", "--baseline", "b.json", "--format", "json", cwd=tmp_path
    )
    new = json.loads(done.stdout)["diagnostics"]
    assert [d["code"] for d in new if d["code"] == "NP012"] == ["NP012"]


ONHANDS_XML = (
    '<ArrayOfSkuOnhand xmlns="Enferno.Services.StormConnect.Contracts.Product.Models">'
    "{rows}</ArrayOfSkuOnhand>"
)
XML_ROW = (
    "<SkuOnhand><LocationCode>L1</LocationCode><OnhandValue>{value}</OnhandValue>"
    "<PartNo>{part}</PartNo><WarehouseCode>W1</WarehouseCode></SkuOnhand>"
)


def test_xml_rows_are_keyed_as_json_rows_are(tmp_path: Path) -> None:
    rows = [XML_ROW.format(value="x", part="TEE-S"), XML_ROW.format(value="1", part="OK")]
    body = tmp_path / "onhand.xml"
    body.write_text(ONHANDS_XML.format(rows="".join(rows)))
    (tmp_path / "onhand.header.json").write_text(json.dumps(ONHAND_HEADER))
    found = _identities(body)
    assert [(json.loads(i.item)["PartNo"], i.pointer) for i in found] == [("TEE-S", "/OnhandValue")]
    body.write_text(ONHANDS_XML.format(rows="".join(reversed(rows))))
    assert _identities(body) == found


def test_stdin_can_be_baselined(tmp_path: Path) -> None:
    import subprocess
    import sys

    data = json.dumps({"store-1": {"mug": -1}})

    def lint(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "contracts.cli", "lint", "-", "--baseline", "b.json", *args],
            cwd=tmp_path,
            input=data,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert lint("--update-baseline").returncode == 0
    assert [e["file"] for e in entries(tmp_path / "b.json")] == ["<stdin>"]
    done = lint("--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(1 in baseline)" in done.stdout


def test_of_equal_identities_the_new_message_is_the_one_reported(tmp_path: Path) -> None:
    """Two schema findings on one location share an identity; the baselined one stays hidden."""
    stock = tmp_path / "stock.json"
    stock.write_text('{"store-1": {"mug.large": 3}}')
    written = skuguard(
        "lint", "stock.json", "--baseline", "b.json", "--update-baseline", cwd=tmp_path
    )
    assert written.returncode == 0, written.stderr
    stock.write_text('{"store-1": {"mug.large": 3, "cup#2": 1}}')
    done = skuguard("lint", "stock.json", "--baseline", "b.json", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1
    shown = json.loads(done.stdout)["diagnostics"]
    assert shown, done.stdout
    assert all("cup#2" in d["message"] and "mug.large" not in d["message"] for d in shown)
