"""Row speed: lint of a flat Norce body against ``orjson.loads`` of the same bytes, one process.

Generates 1M-row ImportOnhands, ImportSkuPriceLists and ImportRelations bodies (clean rows,
as an ERP export sends them, each with its header), then, in this one process and in turn:
``orjson.loads`` of the whole file with the garbage collector off (reading the file is not
timed), and ``linter.lint_path`` of it with every rule. The ratio is parse time / lint time
(1.0 means linting costs what merely parsing costs), in wall time and in CPU time of this
process (the steadier figure on a shared machine); with ``--repeat`` the medians.

Usage: ``python bench/row_speed.py [--rows N] [--kinds onhands,prices,relations] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HEADERS: dict[str, dict[str, object]] = {
    "onhands": {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3, 4, 8, 9]},
    "prices": {
        "AccountId": 1,
        "FullFile": False,
        "SkuPriceListFieldsThatAreSet": ["PriceSale", "IsActive", "PriceCatalog"],
    },
    "relations": {
        "AccountId": 1,
        "FullFile": False,
        "RelationFieldsThatAreSet": ["IsActive", "SortOrder"],
    },
}
KINDS = {"onhands": "norce.onhands", "prices": "norce.prices", "relations": "norce.relations"}


def onhand_rows(rows: int, rng: random.Random) -> Iterator[dict[str, object]]:
    for i in range(rows):
        low = rng.randint(0, 20)
        yield {
            "PartNo": f"SKU-{i // 4}",
            "WarehouseCode": f"W{i % 4}",
            "LocationCode": "MAIN",
            "OnhandValue": rng.randint(0, 500),
            "IncomingValue": rng.randint(0, 50),
            "MinimumValue": low,
            "MaximumValue": low + rng.randint(0, 100),
        }


def price_rows(rows: int, rng: random.Random) -> Iterator[dict[str, object]]:
    for i in range(rows):
        sale = rng.randint(1, 5000)
        yield {
            "PartNo": f"SKU-{i // 2}",
            "PriceListCode": f"LIST-{i % 2}",
            "PriceSale": sale,
            "PriceCatalog": sale + rng.randint(0, 100),
            "IsActive": True,
            "CurrencyCode": "SEK",
        }


def relation_rows(rows: int, rng: random.Random) -> Iterator[dict[str, object]]:
    for i in range(rows):
        yield {
            "PartNo": f"SKU-{i // 3}",
            "RelatedPartNo": f"SKU-{i // 3 + 1 + i % 3}",
            "RelationTypeCode": "ACC",
            "IsActive": True,
            "SortOrder": rng.randint(0, 9),
        }


GENERATORS: dict[str, Callable[[int, random.Random], Iterator[dict[str, object]]]] = {
    "onhands": onhand_rows,
    "prices": price_rows,
    "relations": relation_rows,
}


def write_body(directory: Path, name: str, rows: int) -> Path:
    path = directory / f"{name}.json"
    path.with_name(f"{name}.header.json").write_bytes(orjson.dumps(HEADERS[name]))
    with path.open("wb") as out:
        out.write(b"[")
        for n, row in enumerate(GENERATORS[name](rows, random.Random(rows))):
            if n:
                out.write(b",\n")
            out.write(orjson.dumps(row))
        out.write(b"]\n")
    return path


def parse_seconds(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``orjson.loads`` of the file's bytes, the collector off."""
    data = path.read_bytes()
    gc.collect()
    gc.disable()
    try:
        started, cpu = time.perf_counter(), time.process_time()
        parsed = orjson.loads(data)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        gc.enable()
    del parsed, data
    gc.collect()
    return elapsed, cpu


def lint_seconds(path: Path, kind: str) -> tuple[float, float, int]:
    """Wall and CPU seconds of linting the file with every rule, and the findings."""
    from linter import lint_path

    started, cpu = time.perf_counter(), time.process_time()
    result = lint_path(path, kind=kind)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if result.failures:
        raise RuntimeError("; ".join(result.failures))
    return elapsed, cpu, len(result.diagnostics)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--kinds", default="onhands,prices,relations")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the median is shown")
    args = parser.parse_args(argv)
    import linter  # noqa: F401  (imported before timing: its import is not a row cost)

    print(
        f"{'file':<26} {'MB':>6} {'orjson s':>9} {'lint s':>8} {'ratio':>6} "
        f"{'orjson cpu':>10} {'lint cpu':>8} {'cpu ratio':>9} {'findings':>8}"
    )
    with tempfile.TemporaryDirectory() as temp:
        for name in args.kinds.split(","):
            path = write_body(Path(temp), name, args.rows)
            parses, lints, found = [], [], 0
            for _ in range(max(1, args.repeat)):
                parses.append(parse_seconds(path))
                wall, cpu, found = lint_seconds(path, KINDS[name])
                lints.append((wall, cpu))
            parse = statistics.median(p[0] for p in parses)
            parse_cpu = statistics.median(p[1] for p in parses)
            lint = statistics.median(w for w, _ in lints)
            lint_cpu = statistics.median(c for _, c in lints)
            size = path.stat().st_size / 1e6
            label = f"{name} ({args.rows:,} rows)"
            print(
                f"{label:<26} {size:>6.1f} {parse:>9.2f} {lint:>8.2f} {parse / lint:>5.2f}x "
                f"{parse_cpu:>10.2f} {lint_cpu:>8.2f} {parse_cpu / lint_cpu:>8.2f}x {found:>8}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
