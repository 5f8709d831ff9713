"""Whole-process start-up of the ``skuguard`` console script against ``python -c pass``.

Compiles the packages first (``compileall``: a user's install has bytecode), then runs
each case ``--repeat`` times, interleaved, with PYTHONDONTWRITEBYTECODE unset; with
``--no-bytecode`` it sets it and points PYTHONPYCACHEPREFIX at an empty directory, so no
bytecode at all is used (every module, the dependencies' too, is compiled in every run).
It prints the median wall time of each and its ratio to ``python -c pass`` measured in the
same run.

    python bench/startup.py [--repeat N] [--no-bytecode] [--check]

``--check`` exits 1 when a case is over its goal (a multiple of ``python -c pass``).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT_S = 120
KACHING = '{"store-1": {"mug": 2, "cup": 0}}\n'
NORCE_BODY = (
    '[{"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "STORE", "OnhandValue": 5}]\n'
)
NORCE_HEADER = '{"AccountId": 1, "FullFile": false, "SkuOnhandFieldsThatAreSet": [3]}\n'
NORCE_PRODUCTS = ROOT / "tests" / "examples" / "norce" / "import-products.json"


def _script() -> list[str]:
    return [sys.executable, "-m", "contracts.cli"]


def _cases(work: Path) -> list[tuple[str, list[str], float | None]]:
    (work / "stock.json").write_text(KACHING)
    products = work / "products.json"
    products.write_bytes(NORCE_PRODUCTS.read_bytes())
    (work / "products.header.json").write_bytes(
        NORCE_PRODUCTS.with_name("import-products.header.json").read_bytes()
    )
    cli = _script()
    return [
        ("python -c pass", [sys.executable, "-c", "pass"], None),
        ("skuguard --version", [*cli, "--version"], 3.0),
        ("skuguard rules", [*cli, "rules"], None),
        ("skuguard rule SG003", [*cli, "rule", "SG003"], None),
        ("skuguard lint (Ka-ching)", [*cli, "lint", str(work / "stock.json")], 6.0),
        ("skuguard lint (Norce products + header)", [*cli, "lint", str(products)], 8.0),
    ]


def _time(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, timeout=RUN_TIMEOUT_S, check=False
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-bytecode", action="store_true", help="set PYTHONDONTWRITEBYTECODE")
    parser.add_argument("--check", action="store_true")
    options = parser.parse_args()
    repeat = max(5, options.repeat)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not options.no_bytecode:
        for package in ("linter", "contracts"):
            compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if options.no_bytecode:  # an empty cache prefix: no .pyc is read, none is written
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env["PYTHONPYCACHEPREFIX"] = str(work / "no-pycache")
        env["SKUGUARD_CACHE_DIR"] = str(work / "cache")
        cases = _cases(work)
        for _, command, _ in cases:  # warm: page cache, spec cache
            _time(command, env, work)
        times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        for _ in range(repeat):
            for name, command, _ in cases:
                times[name].append(_time(command, env, work))
    base = statistics.median(times["python -c pass"])
    failed = False
    mode = "PYTHONDONTWRITEBYTECODE=1" if options.no_bytecode else "bytecode compiled"
    print(f"| case ({mode}, median of {repeat}) | seconds | x python -c pass | goal |")
    print("|---|---|---|---|")
    for name, _, goal in cases:
        median = statistics.median(times[name])
        ratio = median / base
        over = goal is not None and ratio > goal
        failed = failed or over
        goal_text = "" if goal is None else f"<= {goal:g}x" + (" (over)" if over else "")
        print(f"| {name} | {median:.3f} | {ratio:.1f} | {goal_text} |")
    return 1 if options.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
