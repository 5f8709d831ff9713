"""A generated Unleashed -> Norce / Ka-ching pipeline, written as files, with planted mistakes.

The source is generated; the targets are derived from it through the mapping, as a correct
integration would, and then the planted mistakes are applied. ``expected`` lists exactly the
differences those mistakes must produce, in the documented JSON order.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

MAPPING = """
[products]
"TEE-BLUE-M" = { norce = "200301", kaching = "tee", kaching_variant = "tee-blue-m" }
"TEE-BLUE-L" = { norce = "200302", kaching = "tee", kaching_variant = "tee-blue-l" }

[warehouses.MAIN]
norce = { warehouse = "WH1", location = "A1" }
kaching = "store-1"

[warehouses.HO]
norce = { warehouse = "WH2", location = "B1" }
kaching = "store-2"

[quantity]
norce = "AvailableQty"
kaching = "AvailableQty"
"""
NORCE_AT = {"MAIN": ("WH1", "A1"), "HO": ("WH2", "B1")}
KACHING_AT = {"MAIN": "store-1", "HO": "store-2"}
VARIANTS = {"TEE-BLUE-M": ("tee", "tee-blue-m"), "TEE-BLUE-L": ("tee", "tee-blue-l")}
PARTS = {"TEE-BLUE-M": "200301", "TEE-BLUE-L": "200302"}
# (ProductCode, WarehouseCode, AvailableQty, QtyOnHand) of the rows the mistakes are about.
PLANTED_SOURCE = [
    ("TEE-BLUE-M", "MAIN", 7, 8),
    ("TEE-BLUE-L", "MAIN", 2, 2),
    ("DESK", "MAIN", 5, 5),
    ("MUG", "MAIN", 9, 11),
    ("LAMP", "HO", 6, 6),
    ("ZERO", "MAIN", 0, 0),
]
EXPECTED = [
    ("kaching", "missing", "DESK", None, "MAIN", 5, None),  # dropped product
    ("kaching", "extra", "POSTER", None, "MAIN", None, 4),  # extra row
    ("kaching", "missing", "TEE-BLUE-M", "tee-blue-m", "MAIN", 7, None),  # missed variant
    ("kaching", "unmapped", "P-000", None, "store-9", None, 3),  # unknown location
    ("norce", "missing", "LAMP", None, "HO", 6, None),  # wrong warehouse: not at HO ...
    ("norce", "missing", "DESK", None, "MAIN", 5, None),  # dropped product
    ("norce", "extra", "LAMP", None, "MAIN", None, 6),  # ... but at MAIN's location
    ("norce", "quantity", "MUG", None, "MAIN", 9, 10),  # off by one
]
COLUMNS = ("target", "kind", "product", "variant", "location", "source_qty", "target_qty")


@dataclass
class Pipeline:
    root: Path
    source: list[tuple[str, str, int, int]]
    norce: list[dict[str, Any]] = field(default_factory=list)
    kaching: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def mapping(self) -> Path:
        return self.root / "mapping.toml"

    @property
    def expected(self) -> list[dict[str, Any]]:
        return [dict(zip(COLUMNS, row, strict=True)) for row in EXPECTED]

    def compared(self) -> dict[str, int]:
        """Keys placed on either side: every source row, plus the placed target-only rows
        (LAMP and GHOST at MAIN in Norce; POSTER at store-1 and GHOST at store-2 in Ka-ching)."""
        return {"kaching": len(self.source) + 2, "norce": len(self.source) + 2}

    def write_json(self) -> dict[str, Path]:
        self.mapping.write_text(MAPPING)
        pages = self.root / "soh"
        pages.mkdir(exist_ok=True)
        size = 25
        for number, start in enumerate(range(0, len(self.source), size), start=1):
            items = [_soh_item(*row) for row in self.source[start : start + size]]
            page = {
                "Pagination": {
                    "NumberOfItems": len(self.source),
                    "PageSize": size,
                    "PageNumber": number,
                    "NumberOfPages": -(-len(self.source) // size),
                },
                "Items": items,
            }
            (pages / f"page-{number:03d}.json").write_text(json.dumps(page, indent=1))
        norce = self.root / "onhands.json"
        norce.write_text(json.dumps(self.norce))
        kaching = self.root / "stock.json"
        kaching.write_text(json.dumps(self.kaching, indent=2))
        return {"source": pages, "norce": norce, "kaching": kaching}


def _soh_item(code: str, warehouse: str, available: int, on_hand: int) -> dict[str, Any]:
    return {
        "ProductCode": code,
        "ProductDescription": f"{code} description",
        "ProductGuid": "00000000-0000-4000-8000-000000000000",
        "WarehouseCode": warehouse,
        "Warehouse": warehouse,
        "AllocatedQty": on_hand - available,
        "AvailableQty": available,
        "QtyOnHand": on_hand,
        "LastModifiedOn": "/Date(1475958685963)/",
    }


def derive(source: list[tuple[str, str, int, int]]) -> Pipeline:
    """The targets a correct integration sends: every source row, through the mapping."""
    pipe = Pipeline(Path("."), source)
    for code, warehouse, available, _ in source:
        wh, loc = NORCE_AT[warehouse]
        part = PARTS.get(code, code)
        pipe.norce.append(
            {"PartNo": part, "WarehouseCode": wh, "LocationCode": loc, "OnhandValue": available}
        )
        products = pipe.kaching.setdefault(KACHING_AT[warehouse], {})
        if code in VARIANTS:
            product, variant = VARIANTS[code]
            products.setdefault(product, {})[variant] = available
        else:
            products[code] = available
    return pipe


def plant_mistakes(pipe: Pipeline) -> None:
    norce = pipe.norce
    pipe.norce = [r for r in norce if r["PartNo"] != "DESK"]  # dropped product
    for row in pipe.norce:
        if row["PartNo"] == "MUG":
            row["OnhandValue"] += 1  # off by one
        if row["PartNo"] == "LAMP":
            row["WarehouseCode"], row["LocationCode"] = "WH1", "A1"  # wrong warehouse
    pipe.norce.append(
        {"PartNo": "GHOST", "WarehouseCode": "WH1", "LocationCode": "A1", "OnhandValue": 0}
    )  # zero row without a source row: no difference
    pipe.norce = [r for r in pipe.norce if r["PartNo"] != "ZERO"]  # source 0, no target row
    store = pipe.kaching["store-1"]
    del store["ZERO"]
    del store["DESK"]  # dropped product
    del store["tee"]["tee-blue-m"]  # missed variant
    store["POSTER"] = 4  # extra row
    pipe.kaching["store-2"]["GHOST"] = 0  # zero row without a source row: no difference
    pipe.kaching["store-9"] = {"P-000": 3}  # a location the mapping does not know


def generated_source(seed: int = 17, products: int = 30) -> list[tuple[str, str, int, int]]:
    rng = random.Random(seed)
    rows = []
    for index in range(products):
        for warehouse in ("MAIN", "HO"):
            on_hand = rng.randint(0, 40)
            rows.append((f"P-{index:03d}", warehouse, on_hand - rng.randint(0, 2), on_hand))
    return sorted(rows + PLANTED_SOURCE)


@pytest.fixture
def clean_pipeline(tmp_path: Path) -> Pipeline:
    pipe = derive(generated_source())
    pipe.root = tmp_path
    return pipe


@pytest.fixture
def planted_pipeline(clean_pipeline: Pipeline) -> Pipeline:
    plant_mistakes(clean_pipeline)
    return clean_pipeline
