"""End to end on the embedded sandbox: seed Unleashed, push derived Norce and Ka-ching imports
through the sandbox's APIs with one planted mistake, reconcile against the read-back."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts.cli.main import main
from contracts.sandbox.client import SandboxClient
from contracts.sandbox.server import running_sandbox

MAPPING = """
[products]
"TEE-RED-S" = { norce = "100234", kaching = "tee", kaching_variant = "tee-red-s" }

[warehouses.MAIN]
norce = { warehouse = "WH1", location = "A1" }
kaching = "store-1"

[warehouses.HO]
norce = { warehouse = "WH2", location = "B1" }
kaching = "store-2"
"""
PARTS = {"TEE-RED-S": "100234"}
VARIANTS = {"TEE-RED-S": ("tee", "tee-red-s")}
NORCE_AT = {"MAIN": ("WH1", "A1"), "HO": ("WH2", "B1")}
KACHING_AT = {"MAIN": "store-1", "HO": "store-2"}
CODES = ("TEE-RED-S", "MUG", "LAMP", "DESK", "PEN")
LATE_RECEIPT = "2024-03-01T10:00:00"


def _guid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"skuguard-reconcile/{name}"))


def _seed() -> dict[str, Any]:
    transactions = []
    for index, code in enumerate(CODES):
        for wh_index, warehouse in enumerate(("MAIN", "HO")):
            qty = 3 + 4 * index + wh_index
            transactions.append(
                {"product": code, "warehouse": warehouse, "date": "2024-01-05T09:00:00",
                 "kind": "receipt", "qty": qty, "unit_cost": 2.5}
            )  # fmt: skip
    transactions += [
        {"product": "MUG", "warehouse": "MAIN", "date": "2024-01-20T12:00:00",
         "kind": "allocation", "qty": 2, "unit_cost": None},
        {"product": "PEN", "warehouse": "HO", "date": LATE_RECEIPT,
         "kind": "receipt", "qty": 5, "unit_cost": 1.0},
    ]  # fmt: skip
    skus = [{"PartNo": PARTS.get(code, code), "Status": 1} for code in CODES]
    return {
        "unleashed": {
            "warehouses": [
                {"guid": _guid(w), "code": w, "name": f"{w} warehouse"} for w in ("MAIN", "HO")
            ],
            "products": [{"guid": _guid(c), "code": c, "description": c.title()} for c in CODES],
            "transactions": transactions,
        },
        "norce": {
            "products": [
                {
                    "Code": "P-1",
                    "ManufacturerCode": "ACME",
                    "ManufacturerName": "Acme",
                    "Variants": [{"ManufacturerPartNo": "ACME-1", "Skus": skus}],
                }
            ]
        },
        "kaching": {"locations": [{"id": "store-1"}, {"id": "store-2"}], "stock": []},
    }


def _derived_imports(api: SandboxClient) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """What a faithful integration pushes: each warehouse's rows, read from Unleashed."""
    onhands: list[dict[str, Any]] = []
    stock: dict[str, Any] = {}
    for warehouse in ("MAIN", "HO"):
        for row in api.all_rows(f"warehouseCode={warehouse}"):
            code, qty = row["ProductCode"], row["AvailableQty"]
            wh, loc = NORCE_AT[warehouse]
            onhands.append({"PartNo": PARTS.get(code, code), "WarehouseCode": wh,
                            "LocationCode": loc, "OnhandValue": qty})  # fmt: skip
            products = stock.setdefault(KACHING_AT[warehouse], {})
            if code in VARIANTS:
                product, variant = VARIANTS[code]
                products.setdefault(product, {})[variant] = qty
            else:
                products[code] = qty
    return onhands, stock


def _reconcile(capsys: pytest.CaptureFixture[str], base: str, mapping: Path, *extra: str) -> Any:
    code = main(
        [
            "reconcile",
            "--source", f"unleashed:{base}/unleashed",
            "--target", f"norce:{base}/_sandbox/norce/onhands",
            "--target", f"kaching:{base}/_sandbox/kaching/stock",
            "--mapping", str(mapping),
            "--format", "json",
            *extra,
        ]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert captured.err == ""
    return code, json.loads(captured.out)


def test_the_sandbox_pipeline_reconciles_and_the_mistake_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(_seed()))
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING)
    with (
        running_sandbox(seed_data=seed) as sandbox,
        httpx.Client(base_url=sandbox.base_url, timeout=30) as http,
    ):
        api = SandboxClient(http)
        onhands, stock = _derived_imports(api)
        assert len(onhands) == 2 * len(CODES)
        assert api.onhands(onhands).status_code == 200
        assert api.kaching(stock).status_code == 200

        code, report = _reconcile(capsys, sandbox.base_url, mapping)
        assert (code, report["differences"]) == (0, [])
        assert report["summary"]["norce"]["compared"] == 2 * len(CODES)

        planted = dict(stock["store-2"])
        planted["LAMP"] += 1
        assert api.kaching({"store-2": planted}).status_code == 200
        code, report = _reconcile(capsys, sandbox.base_url, mapping)
        lamp_ho = next(r for r in onhands if r["PartNo"] == "LAMP" and r["WarehouseCode"] == "WH2")
        assert code == 1
        assert report["differences"] == [
            {"target": "kaching", "kind": "quantity", "product": "LAMP", "variant": None,
             "location": "HO", "source_qty": lamp_ho["OnhandValue"],
             "target_qty": lamp_ho["OnhandValue"] + 1}
        ]  # fmt: skip

        code, report = _reconcile(capsys, sandbox.base_url, mapping, "--as-at", "2024-02-01")
        pens = {(d["target"], d["product"], d["kind"]) for d in report["differences"]}
        assert ("norce", "PEN", "quantity") in pens
        assert ("kaching", "PEN", "quantity") in pens
