"""Benchmark `skuguard lint` against a plain orjson parse and check-jsonschema.

Generates deterministic Norce catalogs (1k, 10k and 100k products with variants, SKUs,
cultures and prices; the largest is at least 1 GB) and a 1M-row ImportOnhands body, each
with its header as a NAME.header.json sidecar, then measures in separate subprocesses:

- ``skuguard lint FILE`` with every rule (wall time of the whole command, peak RSS), and
  ``skuguard lint --select SG FILE`` (reading, duplicate keys and the spec's schema only);
- ``orjson.loads`` of the same bytes with the garbage collector disabled (the fastest
  Python can merely parse it; reading the file is not timed);
- ``check-jsonschema`` with the spec's item schema, on the smaller files only (it builds
  the whole document in memory and is slow); its MB/s on the largest file it ran on is
  used to extrapolate, and the report says so.

Each generated file is flushed to disk (``os.sync``) before it is measured. Each file is
linted with the default jobs (one worker per core) and with ``--jobs 1``
(column ``j1 MB/s``). Then 2,000 small files of every kind (1-50 KB,
``bench/lint_small_files.py``) are linted with ``--jobs 2`` and ``--jobs 1`` and given to
check-jsonschema: files per second of each.

Usage: ``python bench/lint_throughput.py [--quick] [--small N] [--out DIR] [--keep]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

PRODUCT_HEADER = {
    "AccountId": 1,
    "FullFile": False,
    "ProductFieldsThatAreSet": ["ManufacturerName", "Code", "Variants", "Cultures"],
    "ProductCultureFieldsThatAreSet": ["Name", "Description"],
    "VariantFieldsThatAreSet": ["ManufacturerPartNo", "Cultures", "Skus"],
    "VariantCultureFieldsThatAreSet": ["Name"],
    "SkuFieldsThatAreSet": ["Status", "EanCode", "StandardPrice"],
    "SkuCultureFieldsThatAreSet": ["ErpName"],
    "SkuPriceListFieldsThatAreSet": ["PriceSale", "IsActive"],
}
ONHAND_HEADER = {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3, 4, 8, 9]}
CULTURES = ("sv-SE", "en-GB", "nb-NO", "da-DK", "fi-FI")
WORDS = ("stol", "bord", "lampa", "soffa", "matta", "hylla", "kudde", "fat", "skål", "glas")


def _gtin(body: str) -> str:
    digits = [int(c) for c in body]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return body + str((10 - total % 10) % 10)


_POOLS: dict[int, list[str]] = {}


def _text(rng: random.Random, words: int) -> str:
    """One of 64 deterministic texts of ``words`` words (building each anew is too slow)."""
    pool = _POOLS.get(words)
    if pool is None:
        maker = random.Random(words)
        pool = [" ".join(maker.choice(WORDS) for _ in range(words)) for _ in range(64)]
        _POOLS[words] = pool
    return pool[rng.randrange(64)]


def product(i: int, rng: random.Random, text_words: int) -> dict[str, object]:
    variants = []
    for v in range(3):
        skus = []
        for s in range(3):
            part_no = f"SKU-{i}-{v}-{s}"
            skus.append(
                {
                    "PartNo": part_no,
                    "Status": 1,
                    "EanCode": _gtin(f"73{i:07d}{v}{s}0"),
                    "Cultures": [
                        {"CultureCode": c, "ErpName": _text(rng, 3)} for c in CULTURES[:2]
                    ],
                    "StandardPrice": {
                        "PartNo": part_no,
                        "PriceListCode": "STD",
                        "PriceSale": round(rng.uniform(10, 5000), 2),
                        "IsActive": True,
                    },
                }
            )
        variants.append(
            {
                "ManufacturerPartNo": f"MPN-{i}-{v}",
                "Cultures": [{"CultureCode": c, "Name": _text(rng, 4)} for c in CULTURES[:3]],
                "Skus": skus,
            }
        )
    return {
        "Code": f"P-{i}",
        "ManufacturerCode": "ACME",
        "ManufacturerName": "Acme AB",
        "Cultures": [
            {"CultureCode": c, "Name": _text(rng, 4), "Description": _text(rng, text_words)}
            for c in CULTURES
        ],
        "Variants": variants,
    }


def _write_array(path: Path, rows: Iterator[bytes]) -> int:
    size = 0
    with path.open("wb") as out:
        out.write(b"[")
        for n, row in enumerate(rows):
            if n:
                out.write(b",\n")
            out.write(row)
            size += len(row)
        out.write(b"]\n")
    return path.stat().st_size


def write_catalog(path: Path, products: int, text_words: int) -> int:
    rng = random.Random(products)
    path.with_name(path.stem + ".header.json").write_bytes(orjson.dumps(PRODUCT_HEADER))
    return _write_array(path, (orjson.dumps(product(i, rng, text_words)) for i in range(products)))


def write_onhands(path: Path, rows: int) -> int:
    rng = random.Random(rows)
    path.with_name(path.stem + ".header.json").write_bytes(orjson.dumps(ONHAND_HEADER))

    def generate() -> Iterator[bytes]:
        for i in range(rows):
            low = rng.randint(0, 20)
            yield orjson.dumps(
                {
                    "PartNo": f"SKU-{i // 4}",
                    "WarehouseCode": f"W{i % 4}",
                    "LocationCode": "MAIN",
                    "OnhandValue": rng.randint(0, 500),
                    "IncomingValue": rng.randint(0, 50),
                    "MinimumValue": low,
                    "MaximumValue": low + rng.randint(0, 100),
                }
            )

    return _write_array(path, generate())


@dataclass
class Measure:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    returncode: int
    output: str


def measure(command: list[str], timeout: float, cwd: Path | None = None) -> Measure:
    """Run ``command``; wall time, and the peak RSS of the largest process of its tree."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=cwd)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        sink.seek(0)
        output = sink.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Measure(elapsed, cpu, usage.ru_maxrss / 1024, process.returncode, output)


ORJSON_SCRIPT = """
import gc, json, sys, time, orjson
data = open(sys.argv[1], "rb").read()
gc.disable()
started, cpu_started = time.perf_counter(), time.process_time()
orjson.loads(data)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "cpu": time.process_time() - cpu_started}))
"""


def orjson_seconds(path: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of the parse alone, and the peak RSS in MB."""
    done = measure([sys.executable, "-c", ORJSON_SCRIPT, str(path)], timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(done.output)
    times = json.loads(done.output.strip().splitlines()[-1])
    return float(times["seconds"]), float(times["cpu"]), done.peak_mb


def item_schema_file(directory: Path, item: str) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from linter.specs import spec_view

    spec = spec_view("norce")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "array",
        "items": {"$ref": f"#/components/schemas/{item}"},
        "components": spec["components"],
    }
    target = directory / f"{item}.schema.json"
    target.write_text(json.dumps(schema))
    return target


@dataclass
class Row:
    name: str
    size_mb: float
    lint: Measure
    lint_one: Measure
    syntax: Measure
    orjson_s: float
    orjson_cpu: float
    orjson_peak: float
    cjs: Measure | None


def _check_jsonschema() -> str:
    beside = Path(sys.executable).with_name("check-jsonschema")
    return str(beside) if beside.exists() else "check-jsonschema"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (for CI)")
    parser.add_argument(
        "--out", type=Path, help="directory for the generated files (default: a temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--cjs-limit-mb", type=float, default=150.0, help="largest file given to check-jsonschema"
    )
    parser.add_argument(
        "--small", type=int, default=None, help="how many small files (default 2000; quick 200)"
    )
    args = parser.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix="skuguard-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    if args.quick:
        plan = [("catalog-1k", "products", 1000, 60), ("onhands-10k", "onhands", 10_000, 0)]
    else:
        plan = [
            ("catalog-1k", "products", 1000, 260),
            ("catalog-10k", "products", 10_000, 260),
            ("catalog-100k", "products", 100_000, 260),
            ("onhands-1m", "onhands", 1_000_000, 0),
        ]
    rows: list[Row] = []
    schemas = {
        "products": item_schema_file(out, "Product"),
        "onhands": item_schema_file(out, "SkuOnhand"),
    }
    cjs_rate: dict[str, float] = {}
    for name, kind, count, words in plan:
        path = out / f"{name}.json"
        print(f"generating {path.name} ...", file=sys.stderr, flush=True)
        size = (
            write_catalog(path, count, words) if kind == "products" else write_onhands(path, count)
        )
        os.sync()  # the file's write-back must not run during the first measurement
        size_mb = size / 1e6
        print(f"  {size_mb:,.1f} MB; linting ...", file=sys.stderr, flush=True)
        lint = measure([sys.executable, "-m", "contracts.cli", "lint", str(path)], timeout=7200)
        if lint.returncode not in (0, 1):
            raise RuntimeError(f"skuguard lint failed on {path}:\n{lint.output[-2000:]}")
        lint_one = measure(
            [sys.executable, "-m", "contracts.cli", "lint", "--jobs", "1", str(path)], timeout=7200
        )
        if lint_one.returncode != lint.returncode:
            raise RuntimeError(f"skuguard lint --jobs 1 disagrees on {path}:\n{lint_one.output}")
        syntax = measure(
            [sys.executable, "-m", "contracts.cli", "lint", "--select", "SG", str(path)],
            timeout=7200,
        )
        if syntax.returncode not in (0, 1):
            raise RuntimeError(f"skuguard lint --select SG failed on {path}")
        seconds, cpu_seconds, peak = orjson_seconds(path)
        cjs = None
        if size_mb <= args.cjs_limit_mb:
            print("  check-jsonschema ...", file=sys.stderr, flush=True)
            cjs = measure(
                [_check_jsonschema(), "--schemafile", str(schemas[kind]), str(path)], timeout=7200
            )
            if cjs.returncode not in (0, 1):
                raise RuntimeError(f"check-jsonschema failed on {path}:\n{cjs.output[-2000:]}")
            verdict = cjs.output.strip().splitlines()[-1:] or [""]
            print(f"  check-jsonschema said: {verdict[0][:200]}", file=sys.stderr, flush=True)
            cjs_rate[kind] = size_mb / cjs.seconds
        rows.append(Row(name, size_mb, lint, lint_one, syntax, seconds, cpu_seconds, peak, cjs))
        first_lines = lint.output.strip().splitlines()
        print(f"  lint said: {first_lines[-1] if first_lines else ''}", file=sys.stderr, flush=True)

    print()
    print(
        f"{'file':<14}{'MB':>9}{'lint MB/s':>11}{'peak MB':>9}{'SG MB/s':>9}{'peak MB':>9}"
        f"{'orjson MB/s':>13}{'peak MB':>9}{'cjs MB/s':>10}{'peak MB':>9}{'lint/orjson':>12}"
        f"{'SG/orjson':>10}{'lint/cjs':>10}{'j1 MB/s':>9}{'j1/orjson':>10}"
    )
    for row in rows:
        lint_rate = row.size_mb / row.lint.seconds
        syntax_rate = row.size_mb / row.syntax.seconds
        orjson_rate = row.size_mb / row.orjson_s
        kind = "products" if row.name.startswith("catalog") else "onhands"
        if row.cjs is not None:
            cjs_text, cjs_peak = f"{row.size_mb / row.cjs.seconds:10.2f}", f"{row.cjs.peak_mb:9.0f}"
            cjs_ratio = lint_rate / (row.size_mb / row.cjs.seconds)
        else:
            rate = cjs_rate.get(kind)
            cjs_text, cjs_peak = (f"{rate:9.2f}*" if rate else f"{'n/a':>10}"), f"{'-':>9}"
            cjs_ratio = lint_rate / rate if rate else float("nan")
        print(
            f"{row.name:<14}{row.size_mb:9.1f}{lint_rate:11.2f}{row.lint.peak_mb:9.0f}"
            f"{syntax_rate:9.2f}{row.syntax.peak_mb:9.0f}"
            f"{orjson_rate:13.2f}{row.orjson_peak:9.0f}{cjs_text}{cjs_peak}"
            f"{lint_rate / orjson_rate:12.2f}{syntax_rate / orjson_rate:10.2f}{cjs_ratio:10.1f}"
            f"{row.size_mb / row.lint_one.seconds:9.2f}"
            f"{row.orjson_s / row.lint_one.seconds:10.2f}"
        )
    print(f"\n{'CPU seconds':<14}{'lint':>9}{'SG':>9}{'orjson':>9}", end="")
    print(f"{'lint/orjson':>12}{'SG/orjson':>10}")
    for row in rows:
        print(
            f"{row.name:<14}{row.lint.cpu_seconds:9.2f}{row.syntax.cpu_seconds:9.2f}"
            f"{row.orjson_cpu:9.2f}{row.orjson_cpu / row.lint.cpu_seconds:12.2f}"
            f"{row.orjson_cpu / row.syntax.cpu_seconds:10.2f}"
        )
    print(
        "\nlint: whole `skuguard lint FILE` command (startup included), every rule, header sidecar,"
        " default jobs (one worker per core); j1: the same with --jobs 1."
        "\nSG: the same with --select SG (reading, duplicate keys, the spec's schema)."
        "\norjson: orjson.loads of bytes already in memory, gc disabled (read time excluded)."
        "\nCPU seconds (user + system) are less disturbed than wall time by other work on the"
        " machine; the ratios are orjson's time over lint's, like the MB/s ratios."
        "\n*: check-jsonschema not run on this size; rate extrapolated from the largest file"
        " it ran on."
    )
    small_count = args.small if args.small is not None else (200 if args.quick else 2000)
    if small_count > 0:
        _report_small(out, small_count)
    if not args.keep and args.out is None:
        import shutil

        shutil.rmtree(out)
    return 0


def _report_small(out: Path, count: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from lint_small_files import run_small

    results = run_small(out, count, measure, _check_jsonschema())
    print(
        f"\n{'small files':<20}{'files':>7}{'seconds':>9}{'files/s':>9}{'CPU s':>9}{'peak MB':>9}"
    )
    for what, seconds, cpu, peak in results:
        print(f"{what:<20}{count:7d}{seconds:9.2f}{count / seconds:9.1f}{cpu:9.2f}{peak:9.0f}")
    by_name = {what: seconds for what, seconds, _, _ in results}
    one, two = by_name["lint --jobs 1"], by_name["lint --jobs 2"]
    print(
        f"--jobs 2 over --jobs 1: {one / two:.2f}x files/s (goal >= 1.7x); --jobs 2 over "
        f"check-jsonschema: {by_name['check-jsonschema'] / two:.1f}x (goal >= 10x)."
        "\nsmall files: 1-50 KB each, every kind, whole commands (startup included; CPU s counts"
        " the workers too);"
        " check-jsonschema is run once per kind over all files of that kind (times summed)."
    )


if __name__ == "__main__":
    sys.exit(main())
