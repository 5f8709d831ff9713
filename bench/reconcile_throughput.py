"""Benchmark `skuguard reconcile` against reading the same files with orjson.

Generates a deterministic pipeline: Unleashed StockOnHand as pages of 1000 rows (the largest
page size the API allows), one Norce ImportOnhands body and one Ka-ching stock body, each with
one row per source row, and a difference planted every 10 000 rows. Then it measures, each in
its own subprocess (wall time and peak RSS of the whole process):

- ``skuguard reconcile`` with both targets and ``--format json`` to a file;
- the baseline: ``orjson.loads`` of every file and a loop over its rows, the least any
  Python reconciliation must do (no comparison, nothing written).

Rows per second count every row read: source rows plus the rows of both targets. The peak is
the process's VmHWM (Linux), which, unlike ``ru_maxrss``, does not inherit the parent's peak.
Usage: ``python bench/reconcile_throughput.py [--rows N] [--quick] [--out DIR] [--keep]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import orjson

WAREHOUSES = ("W1", "W2", "W3", "W4")
PAGE_ROWS = 1000
PLANT_EVERY = 10_000
MEMORY_LIMIT_MB = 256

MAPPING = "".join(
    f'[warehouses.{wh}]\nnorce = {{ warehouse = "N{wh}", location = "L1" }}\n'
    f'kaching = "store-{wh.lower()}"\n'
    for wh in WAREHOUSES
)

PEAK = """
def peak_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent across exec.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

RECONCILE = (
    PEAK
    + """
import json, sys, time
start = time.perf_counter()
from contracts.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "peak_mb": peak_mb()}))
"""
)

BASELINE = (
    PEAK
    + """
import gc, json, sys, time
from pathlib import Path
import orjson
gc.disable()
start = time.perf_counter()
rows = 0
root = Path(sys.argv[1])
for page in sorted((root / "soh").iterdir()):
    for item in orjson.loads(page.read_bytes())["Items"]:
        rows += item["AvailableQty"] is not None
for item in orjson.loads((root / "onhands.json").read_bytes()):
    rows += item["OnhandValue"] is not None
for products in orjson.loads((root / "stock.json").read_bytes()).values():
    for value in products.values():
        rows += value is not None
print(json.dumps({"rows": rows, "seconds": time.perf_counter() - start,
                  "peak_mb": peak_mb()}))
"""
)


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float


def generate(root: Path, rows: int) -> int:
    """Write the pipeline; returns the number of planted differences per target."""
    pages = root / "soh"
    pages.mkdir(parents=True)
    onhands: list[dict[str, object]] = []
    stock: dict[str, dict[str, int]] = {f"store-{wh.lower()}": {} for wh in WAREHOUSES}
    page: list[dict[str, object]] = []
    number = 0
    for index in range(rows):
        product, warehouse = f"P{index // len(WAREHOUSES):07d}", WAREHOUSES[index % 4]
        qty = index % 97
        page.append(
            {
                "ProductCode": product,
                "ProductGuid": "00000000-0000-4000-8000-000000000000",
                "WarehouseCode": warehouse,
                "Warehouse": warehouse,
                "AllocatedQty": 0,
                "AvailableQty": qty,
                "QtyOnHand": qty,
                "AvgCost": 1.5,
                "TotalCost": qty * 1.5,
            }
        )
        sent = qty + 1 if index % PLANT_EVERY == 0 else qty
        onhands.append(
            {"PartNo": product, "WarehouseCode": f"N{warehouse}", "LocationCode": "L1",
             "OnhandValue": sent}
        )  # fmt: skip
        stock[f"store-{warehouse.lower()}"][product] = sent
        if len(page) == PAGE_ROWS or index == rows - 1:
            number += 1
            body = {
                "Pagination": {
                    "NumberOfItems": rows,
                    "PageSize": PAGE_ROWS,
                    "PageNumber": number,
                    "NumberOfPages": -(-rows // PAGE_ROWS),
                },
                "Items": page,
            }
            (pages / f"page-{number:05d}.json").write_bytes(orjson.dumps(body))
            page = []
    (root / "onhands.json").write_bytes(orjson.dumps(onhands))
    (root / "stock.json").write_bytes(orjson.dumps(stock))
    (root / "mapping.toml").write_text(MAPPING)
    return -(-rows // PLANT_EVERY)


def _measure(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(rows: int, out: Path) -> dict[str, object]:
    planted = generate(out, rows)
    report = out / "report.json"
    ours = _measure(
        RECONCILE,
        "reconcile",
        "--source", f"unleashed:{out / 'soh'}",
        "--target", f"norce:{out / 'onhands.json'}",
        "--target", f"kaching:{out / 'stock.json'}",
        "--mapping", str(out / "mapping.toml"),
        "--format", "json",
        "--output-file", str(report),
    )  # fmt: skip
    summary = json.loads(report.read_text())["summary"]
    if ours["code"] != 1 or any(s["quantity"] != planted for s in summary.values()):
        raise SystemExit(f"wrong result: exit {ours['code']}, {summary}, planted {planted}")
    baseline = _measure(BASELINE, str(out))
    read = 3 * rows
    return {
        "source_rows": rows,
        "target_rows": 2 * rows,
        "input_mb": round(sum(f.stat().st_size for f in out.rglob("*.json")) / 1e6, 1),
        "reconcile_s": round(ours["seconds"], 2),
        "reconcile_rows_per_s": round(read / ours["seconds"]),
        "reconcile_peak_mb": round(ours["peak_mb"], 1),
        "orjson_s": round(baseline["seconds"], 2),
        "orjson_rows_per_s": round(read / baseline["seconds"]),
        "orjson_peak_mb": round(baseline["peak_mb"], 1),
        "ratio": round(baseline["seconds"] / ours["seconds"], 3),
        "memory_ok": ours["peak_mb"] < MEMORY_LIMIT_MB,
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="source rows (default 1M)")
    parser.add_argument("--quick", action="store_true", help="100k rows")
    parser.add_argument("--out", type=Path, help="directory for the generated files")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    rows = 100_000 if args.quick else args.rows
    out = args.out or Path(tempfile.mkdtemp(prefix="skuguard-bench-reconcile-"))
    try:
        result = run(rows, out / "pipeline")
    finally:
        if not args.keep:
            shutil.rmtree(out / "pipeline", ignore_errors=True)
            if args.out is None:
                shutil.rmtree(out, ignore_errors=True)
    print(json.dumps(result, indent=2))
    if not result["memory_ok"]:
        raise SystemExit(f"peak RSS over {MEMORY_LIMIT_MB} MB")


if __name__ == "__main__":
    main()
