"""The small-files case of ``bench/lint_throughput.py``: 2,000 payloads of 1-50 KB, every kind.

Norce products, on-hands, prices and relations (each with its header as a sidecar), Ka-ching
stock and Unleashed StockOnHand pages, in one folder per kind with a pyproject.toml that names
the kinds. :func:`run_small` lints the directory with ``--jobs 2`` and ``--jobs 1`` and runs
check-jsonschema once per kind over every file of that kind, and reports files per second.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

KINDS = (
    "norce.products",
    "norce.onhands",
    "norce.prices",
    "norce.relations",
    "kaching.stock",
    "unleashed.stock-on-hand",
)
HEADERS: dict[str, dict[str, object]] = {
    "norce.products": {
        "AccountId": 1,
        "FullFile": False,
        "ProductFieldsThatAreSet": ["Code", "Variants"],
        "VariantFieldsThatAreSet": ["ManufacturerPartNo", "Skus"],
        "SkuFieldsThatAreSet": ["Status", "EanCode"],
    },
    "norce.onhands": {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3, 4]},
    "norce.prices": {"AccountId": 1, "FullFile": False, "SkuPriceListFieldsThatAreSet": [3, 10]},
    "norce.relations": {"AccountId": 1, "FullFile": False, "RelationFieldsThatAreSet": [1]},
}
SCHEMAS = {  # (api, schema, the document is an array of it)
    "norce.products": ("norce", "Product", True),
    "norce.onhands": ("norce", "SkuOnhand", True),
    "norce.prices": ("norce", "SkuPriceList", True),
    "norce.relations": ("norce", "Relation", True),
    "kaching.stock": ("kaching", "StockImport", False),
    "unleashed.stock-on-hand": ("unleashed", "StockOnHandList", False),
}


def _gtin(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def _row(kind: str, n: int, i: int) -> dict[str, object]:
    code = f"SKU-{n}-{i}"
    if kind == "norce.products":
        skus = [
            {"PartNo": f"{code}-{s}", "Status": 1, "EanCode": _gtin(f"7{n:06d}{i:04d}{s}")}
            for s in range(3)
        ]
        return {
            "Code": code,
            "ManufacturerCode": "ACME",
            "Variants": [{"ManufacturerPartNo": f"M-{code}", "Skus": skus}],
        }
    if kind == "norce.onhands":
        return {
            "PartNo": code,
            "WarehouseCode": "W1",
            "LocationCode": "MAIN",
            "OnhandValue": i % 90,
            "IncomingValue": 2,
        }
    if kind == "norce.prices":
        return {"PartNo": code, "PriceListCode": "BASE", "PriceSale": 10 + i % 7, "IsActive": True}
    if kind == "norce.relations":
        return {"PartNo": code, "RelatedPartNo": f"{code}-X", "RelationTypeCode": "ACC"}
    on_hand = i % 300
    guid = f"5cf1c9ba-89de-4f59-879c-{n % 1000000:06d}{i:06d}"
    return {
        "ProductCode": code,
        "ProductDescription": "Book",
        "ProductGuid": guid,
        "ProductSourceId": None,
        "ProductGroupName": "Gift",
        "WarehouseId": "",
        "Warehouse": "",
        "WarehouseCode": "",
        "DaysSinceLastSale": 3,
        "OnPurchase": 0,
        "AllocatedQty": 2,
        "AvailableQty": on_hand,
        "QtyOnHand": on_hand + 2,
        "AvgCost": 1.5,
        "TotalCost": 1.5 * (on_hand + 2),
        "Guid": guid,
        "LastModifiedOn": "/Date(1434940340740)/",
    }


def _body(kind: str, n: int, target: int) -> bytes:
    if kind == "kaching.stock":
        return orjson.dumps({f"store-{n}": {f"sku-{i}": i % 40 for i in range(target // 14)}})
    rows: list[dict[str, object]] = []
    size = 2
    while True:
        row = _row(kind, n, len(rows))
        grown = size + len(orjson.dumps(row)) + 1
        if rows and grown > target:
            break
        rows.append(row)
        size = grown
    if kind == "unleashed.stock-on-hand":
        pagination = {
            "NumberOfItems": len(rows),
            "PageSize": max(200, len(rows)),
            "PageNumber": 1,
            "NumberOfPages": 1,
        }
        return orjson.dumps({"Pagination": pagination, "Items": rows})
    return orjson.dumps(rows)


def write_small_files(directory: Path, count: int) -> dict[str, list[Path]]:
    """``count`` files of 1-50 KB, the kinds in turn, and the pyproject.toml naming them."""
    rng = random.Random(count)
    by_kind: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    table = []
    for kind in KINDS:
        folder = directory / kind.replace(".", "_")
        folder.mkdir(parents=True, exist_ok=True)
        table.append(f'"{folder.name}/*" = "{kind}"')
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        path = directory / kind.replace(".", "_") / f"file-{n:05d}.json"
        path.write_bytes(_body(kind, n, rng.randint(1024, 50 * 1024)))
        header = HEADERS.get(kind)
        if header is not None:
            path.with_name(path.stem + ".header.json").write_bytes(orjson.dumps(header))
        by_kind[kind].append(path)
    (directory / "pyproject.toml").write_text(
        "[tool.skuguard.lint.kinds]\n" + "\n".join(table) + "\n"
    )
    return by_kind


def schema_file(directory: Path, kind: str) -> Path:
    """A JSON Schema file for check-jsonschema: the spec's schema of a whole ``kind`` document."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from linter.specs import spec_view

    api, name, is_array = SCHEMAS[kind]
    spec = spec_view(api)  # type: ignore[arg-type]
    ref = {"$ref": f"#/components/schemas/{name}"}
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update({"type": "array", "items": ref} if is_array else ref)
    schema["components"] = spec["components"]
    target = directory / f"{kind}.schema.json"
    target.write_text(json.dumps(schema))
    return target


def run_small(
    out: Path, count: int, measure: Callable[..., Any], check_jsonschema: str, cjs: bool = True
) -> list[tuple[str, float, float, float]]:
    """(what, seconds, CPU seconds, peak MB) of lint --jobs 2, --jobs 1 and check-jsonschema."""
    directory = out / f"small-{count}"
    print(f"generating {count} small files ...", file=sys.stderr, flush=True)
    by_kind = write_small_files(directory, count)
    os.sync()  # their write-back must not run during the first measurement
    total = sum(p.stat().st_size for paths in by_kind.values() for p in paths)
    print(f"  {total / 1e6:,.1f} MB in all; linting ...", file=sys.stderr, flush=True)
    results: list[tuple[str, float, float, float]] = []
    for jobs in ("2", "1"):
        command = [sys.executable, "-m", "contracts.cli", "lint", "--jobs", jobs, "."]
        done = measure(command, timeout=3600, cwd=directory)
        if done.returncode != 0:
            raise RuntimeError(f"skuguard lint --jobs {jobs} on the small files:\n{done.output}")
        results.append((f"lint --jobs {jobs}", done.seconds, done.cpu_seconds, done.peak_mb))
    if not cjs:
        return results
    seconds, cpu, peak = 0.0, 0.0, 0.0
    for kind, paths in by_kind.items():
        command = [check_jsonschema, "--schemafile", str(schema_file(out, kind))]
        done = measure([*command, *map(str, paths)], timeout=3600)
        if done.returncode != 0:
            raise RuntimeError(f"check-jsonschema on the {kind} files:\n{done.output[-2000:]}")
        seconds, cpu, peak = seconds + done.seconds, cpu + done.cpu_seconds, max(peak, done.peak_mb)
    results.append(("check-jsonschema", seconds, cpu, peak))
    return results
