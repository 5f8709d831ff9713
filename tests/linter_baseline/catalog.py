"""A legacy Norce product catalog for the baseline tests: one negative weight per product."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.cli_process import SKUGUARD, clean_env, run_text

HEADER = {
    "AccountId": 1,
    "FullFile": False,
    "ProductFieldsThatAreSet": ["Code", "ManufacturerCode", "Variants"],
    "VariantFieldsThatAreSet": ["ManufacturerPartNo", "Skus"],
    "SkuFieldsThatAreSet": ["Status", "EanCode", "ActualWeight"],
}


def product(n: int | str, weight: float = -1) -> dict[str, Any]:
    """Product ``P<n>`` with one SKU; a negative ``weight`` is one finding (NP012)."""
    return {
        "Code": f"P{n}",
        "ManufacturerCode": "ACME",
        "Variants": [
            {
                "ManufacturerPartNo": f"M{n}",
                "Skus": [
                    {
                        "PartNo": f"S{n}",
                        "Status": 1,
                        "EanCode": "4006381333931",
                        "ActualWeight": weight,
                    }
                ],
            }
        ],
    }


def write_catalog(path: Path, products: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(products, indent=1), encoding="utf-8")
    path.with_name(path.stem + ".header.json").write_text(json.dumps(HEADER), encoding="utf-8")
    return path


def skuguard(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_text([*SKUGUARD, *args], cwd=cwd, env=clean_env(NO_COLOR="1"))


def entries(path: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["findings"]
    return found
