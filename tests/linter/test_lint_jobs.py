"""`skuguard lint --jobs N`: the same report and exit status as `--jobs 1`, on a tree of mixed
files and on one large body cut in byte ranges (cross-item duplicates across the ranges)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from linter.codes import (
    ONHAND_FIELD_NOT_FLAGGED,
    ONHAND_MINIMUM_ABOVE_MAXIMUM,
    ONHAND_ROW_REPEATED,
    PRODUCT_CODE_REPEATED,
    PRODUCT_FIELD_NOT_FLAGGED,
    SCHEMA_VIOLATION,
    SKU_EAN_CHECK_DIGIT,
    SKU_PART_NO_REPEATED,
)
from linter.parallel.cut import Range, cut_ranges, iter_ranges
from linter.registry import all_rules
from tests.cli_process import SKUGUARD, clean_env, run_bytes

SPLIT = "20000"  # bytes: the large bodies below are cut in several ranges
PRODUCT_HEADER = {
    "AccountId": 1,
    "FullFile": False,
    "ProductFieldsThatAreSet": ["Code", "Variants"],
    "VariantFieldsThatAreSet": ["ManufacturerPartNo", "Skus"],
    "SkuFieldsThatAreSet": ["Status", "EanCode"],
}
ONHAND_HEADER = {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3, 8, 9]}
CRASH_SITE = 'import os, sys\nif "--multiprocessing-fork" in sys.argv:\n    os._exit(3)\n'
"""A sitecustomize that kills every spawned worker as it starts."""


def lint(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = clean_env(drop=("PYTHONHASHSEED",), **env)
    return run_bytes([*SKUGUARD, "lint", *args], cwd=cwd, env=environment, timeout=300)


def one_and_two_jobs(
    cwd: Path, name: str
) -> tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes]]:
    """The JSON report of ``name`` with ``--jobs 1``, and with ``--jobs 2`` cut in ranges."""
    args = ("--isolated", "--format", "json", "--jobs")
    return lint(cwd, *args, "1", name), lint(cwd, *args, "2", name, SKUGUARD_SPLIT_BYTES=SPLIT)


def _gtin(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def _product(i: int) -> dict[str, object]:
    skus = [
        {"PartNo": f"S-{i}-{s}", "Status": 1, "EanCode": _gtin(f"73{i:07d}{s}00")} for s in range(3)
    ]
    product: dict[str, object] = {
        "Code": f"P-{i}",
        "ManufacturerCode": "ACME",
        "Variants": [{"ManufacturerPartNo": f"M-{i}", "Skus": skus}],
    }
    if i % 97 == 40:
        product["Code"] = "P-3"  # repeats product 3, across ranges
    if i % 89 == 50:
        skus[1]["PartNo"] = "S-1-0"  # repeats a SKU of product 1
    if i % 71 == 30:
        skus[0]["EanCode"] = "4006381333932"
    if i % 83 == 20:
        skus[2]["Status"] = "on"
    if i % 101 == 60:
        product["ManufacturerName"] = "Acme"  # not flagged: reported once, in the first range
    return product


def _onhand(i: int) -> dict[str, object]:
    row: dict[str, object] = {
        "PartNo": f"S-{i // 4}",
        "WarehouseCode": f"W{i % 4}",
        "LocationCode": "MAIN",
        "OnhandValue": i % 50,
        "MinimumValue": 1,
        "MaximumValue": 9,
    }
    if i % 397 == 200:
        row["PartNo"], row["WarehouseCode"] = "S-0", "W1"  # repeats row 1
    if i % 311 == 100:
        row["MinimumValue"] = 12
    if i % 293 == 150:
        row["IncomingValue"] = 3  # not flagged: once per document
    return row


def write_body(path: Path, rows: list[dict[str, object]], header: dict[str, object]) -> None:
    parts = [
        orjson.dumps(row, option=orjson.OPT_INDENT_2 if n % 3 else 0) for n, row in enumerate(rows)
    ]
    path.write_bytes(b"[\n" + b",\n".join(parts) + b"\n]\n")
    path.with_name(path.stem + ".header.json").write_bytes(orjson.dumps(header))


def _report(result: subprocess.CompletedProcess[bytes]) -> list[dict[str, object]]:
    document = json.loads(result.stdout)
    found: list[dict[str, object]] = document["diagnostics"]
    return found


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("large")
    write_body(root / "products.json", [_product(i) for i in range(500)], PRODUCT_HEADER)
    write_body(root / "onhands.json", [_onhand(i) for i in range(2000)], ONHAND_HEADER)
    return root


@pytest.mark.parametrize("name", ["products.json", "onhands.json"])
def test_a_large_body_gives_the_same_report_in_ranges(large: Path, name: str) -> None:
    ranges = cut_ranges(large / name, 3)
    assert ranges is not None
    assert len(ranges) == 3
    one = lint(
        large, "--isolated", "--format", "json", "--jobs", "1", name, SKUGUARD_SPLIT_BYTES=SPLIT
    )
    assert one.returncode == 1, one.stderr
    for jobs in ("2", "3"):
        many = lint(
            large,
            "--isolated",
            "--format",
            "json",
            "--jobs",
            jobs,
            name,
            SKUGUARD_SPLIT_BYTES=SPLIT,
        )
        assert many.stdout == one.stdout
        assert (many.returncode, many.stderr) == (one.returncode, one.stderr)
    found = _report(one)
    # The cross-item findings whose first copy lies in another range are all there, once.
    last_start = ranges[-1].first_index
    codes = [str(d["code"]) for d in found]
    if name == "products.json":
        repeats = [d for d in found if d["code"] == PRODUCT_CODE_REPEATED]
        assert len(repeats) == len([i for i in range(500) if i % 97 == 40])
        assert all("/3" in str(d["message"]) for d in repeats)
        assert any(int(str(d["pointer"]).split("/")[1]) >= last_start for d in repeats)
        assert codes.count(SKU_PART_NO_REPEATED) == len([i for i in range(500) if i % 89 == 50])
        assert codes.count(PRODUCT_FIELD_NOT_FLAGGED) == 1
        assert SKU_EAN_CHECK_DIGIT in codes
        assert SCHEMA_VIOLATION in codes
    else:
        repeats = [d for d in found if d["code"] == ONHAND_ROW_REPEATED]
        assert len(repeats) == len([i for i in range(2000) if i % 397 == 200])
        assert all("at /1" in str(d["message"]) for d in repeats)
        assert any(int(str(d["pointer"]).split("/")[1]) >= last_start for d in repeats)
        assert codes.count(ONHAND_FIELD_NOT_FLAGGED) == 1
        assert ONHAND_MINIMUM_ABOVE_MAXIMUM in codes


def test_a_clean_large_body_stays_clean_in_ranges(tmp_path: Path) -> None:
    rows = [_product(i) for i in range(500) if i % 71 != 30 and i % 83 != 20]
    for row in rows:
        row.pop("ManufacturerName", None)
        row["Code"] = f"C-{id(row)}"
        for sku in row["Variants"][0]["Skus"]:  # type: ignore[index]
            sku["PartNo"] = f"{row['Code']}-{sku['EanCode']}"
    write_body(tmp_path / "clean.json", rows, PRODUCT_HEADER)
    result = lint(
        tmp_path,
        "--isolated",
        "--format",
        "json",
        "--jobs",
        "2",
        "clean.json",
        SKUGUARD_SPLIT_BYTES=SPLIT,
    )
    assert (result.returncode, _report(result), result.stderr) == (0, [], b"")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:-40], id="truncated"),
        pytest.param(
            lambda data: data[: len(data) // 2] + b"}" + data[len(data) // 2 :], id="middle"
        ),
        pytest.param(lambda data: data.strip()[1:-1].replace(b",\n{", b"\n{"), id="stream"),
        pytest.param(lambda data: data + b"[]", id="trailing"),
    ],
)
def test_a_broken_large_body_gives_the_one_process_report(tmp_path: Path, damage: object) -> None:
    write_body(tmp_path / "body.json", [_product(i) for i in range(300)], PRODUCT_HEADER)
    body = tmp_path / "body.json"
    body.write_bytes(damage(body.read_bytes()))  # type: ignore[operator]
    one, two = one_and_two_jobs(tmp_path, "body.json")
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    assert one.returncode != 0


def _mixed_tree(root: Path) -> Path:
    """Every rule example (bad and good) in a directory per kind, a large body, and noise."""
    tree = root / "tree"
    kinds: dict[str, str] = {}
    count = 0
    for found in all_rules():
        for label, example in (("bad", found.bad), ("good", found.good)):
            if example is None or example.kind is None or example.options:
                continue
            folder = tree / example.kind.replace(".", "_")
            folder.mkdir(parents=True, exist_ok=True)
            kinds[f"tree/{folder.name}/*"] = example.kind
            suffix = ".xml" if example.body.lstrip().startswith("<") else ".json"
            path = folder / f"{found.code}_{label}{suffix}"
            path.write_bytes(example.body.encode("utf-8", "surrogateescape"))
            if example.header is not None and example.kind != "norce.header":
                path.with_name(path.stem + ".header.json").write_text(example.header)
            count += 1
    assert count > 100
    (tree / "big").mkdir()
    write_body(tree / "big" / "onhands.json", [_onhand(i) for i in range(3000)], ONHAND_HEADER)
    (tree / "notes.json").write_text('{"hello": "world"}')  # of no kind: skipped, said so
    table = "".join(f'"{glob}" = "{kind}"\n' for glob, kind in sorted(kinds.items()))
    (root / "pyproject.toml").write_text(f"[tool.skuguard.lint.kinds]\n{table}")
    return tree


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    _mixed_tree(root)
    return root


@pytest.mark.parametrize("output", ["json", "text"])
def test_a_tree_gives_the_same_report_with_workers(mixed: Path, output: str) -> None:
    one = lint(mixed, "--format", output, "--jobs", "1", "tree")
    two = lint(mixed, "--format", output, "--jobs", "2", "tree")
    assert one.returncode == 1
    assert b"notes.json: skipped" in one.stderr
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    if output == "json":
        files = {str(d["file"]) for d in _report(one)}
        assert len(files) > 50


def test_the_configured_jobs_are_used(mixed: Path, tmp_path: Path) -> None:
    """``jobs = 1`` in the configuration lints in one process: a worker that would die at start
    is never started; ``--jobs 2`` overrides it and the dead worker is one line, exit 2."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(CRASH_SITE)
    config = mixed / "pyproject.toml"
    text = config.read_text()
    config.write_text(
        text.replace(
            "[tool.skuguard.lint.kinds]",
            "[tool.skuguard.lint]\njobs = 1\n\n[tool.skuguard.lint.kinds]",
        )
    )
    try:
        quiet = lint(mixed, "--format", "json", "tree", PYTHONPATH=str(site))
        crashed = lint(
            mixed,
            "--format",
            "json",
            "--jobs",
            "2",
            "tree",
            PYTHONPATH=str(site),
            SKUGUARD_START_METHOD="spawn",  # the site hook kills workers that start afresh
        )
    finally:
        config.write_text(text)
    assert quiet.returncode == 1
    assert _report(quiet)
    assert crashed.returncode == 2
    lines = crashed.stderr.decode().splitlines()
    assert [line for line in lines if "info" not in line] == [
        line for line in lines if line.startswith("skuguard: lint: a worker process stopped")
    ]
    assert len([line for line in lines if "worker" in line]) == 1
    assert b"Traceback" not in crashed.stderr


def test_few_small_files_stay_in_this_process(tmp_path: Path) -> None:
    """Below the thresholds no worker starts (one that would die is never noticed)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(CRASH_SITE)
    write_body(tmp_path / "onhands.json", [_onhand(i) for i in range(400)], ONHAND_HEADER)
    result = lint(tmp_path, "--isolated", "--jobs", "2", "onhands.json", PYTHONPATH=str(site))
    assert result.returncode == 1, result.stderr
    split = lint(
        tmp_path,
        "--isolated",
        "--jobs",
        "2",
        "onhands.json",
        PYTHONPATH=str(site),
        SKUGUARD_SPLIT_BYTES="100",
        SKUGUARD_START_METHOD="spawn",
    )
    assert split.returncode == 2
    assert split.stderr.decode().startswith("skuguard: lint: a worker process stopped")


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_a_bad_jobs_value_is_one_line(tmp_path: Path, value: str) -> None:
    (tmp_path / "a.json").write_text("[]")
    result = lint(tmp_path, "--isolated", f"--jobs={value}", "a.json")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().splitlines() == [
        f"skuguard: --jobs: expected a whole number of 1 or more, got {value!r}"
    ]


@pytest.mark.parametrize("value", ["0", '"4"', "true", "1.0"])
def test_a_bad_configured_jobs_is_one_line(tmp_path: Path, value: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.skuguard.lint]\njobs = {value}\n")
    (tmp_path / "a.json").write_text("[]")
    result = lint(tmp_path, "a.json")
    assert result.returncode == 2
    (line,) = result.stderr.decode().splitlines()
    assert line.startswith("skuguard: ")
    assert "jobs: expected a whole number of 1 or more" in line


def _price(i: int) -> dict[str, object]:
    row: dict[str, object] = {"PartNo": f"S-{i}", "PriceListCode": "BASE", "PriceSale": 10}
    if i % 301 == 150:
        row["PartNo"] = "S-2"  # repeats row 2
    if i % 211 == 100:
        row["PriceCatalog"] = 12  # not flagged
    return row


def _relation(i: int) -> dict[str, object]:
    row: dict[str, object] = {"PartNo": f"S-{i}", "RelatedPartNo": "X", "RelationTypeCode": "ACC"}
    if i % 307 == 150:
        row["PartNo"] = "S-5"  # repeats row 5
    if i % 199 == 100:
        row["IsActive"] = True  # not flagged
    return row


SPLIT_CASES = {
    "products": (_product, 500, PRODUCT_HEADER),
    "onhands": (_onhand, 2000, ONHAND_HEADER),
    "prices": (
        _price,
        2000,
        {"AccountId": 1, "FullFile": False, "SkuPriceListFieldsThatAreSet": [3]},
    ),
    "relations": (
        _relation,
        2000,
        {"AccountId": 1, "FullFile": False, "RelationFieldsThatAreSet": []},
    ),
}


@pytest.mark.parametrize("name", sorted(SPLIT_CASES))
def test_each_norce_body_is_merged_not_linted_again_whole(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ranges' findings merged are the whole document's (not a one-process fallback)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from linter._api import lint_file
    from linter.parallel import split as split_module
    from linter.parallel.guess import FLAT_ROW_KINDS
    from linter.parallel.part import FileJob
    from linter.parallel.split import lint_split
    from linter.positions import sort_diagnostics

    make, count, header = SPLIT_CASES[name]
    kind = f"norce.{name}"
    if kind in FLAT_ROW_KINDS:  # the parent's guessed cuts must hold: no structural scan
        monkeypatch.setattr(split_module, "iter_ranges", _no_scan)
    path = tmp_path / f"{name}.json"
    write_body(path, [make(i) for i in range(count)], header)
    whole = lint_file(
        path, kind=None, header=None, header_file="<header>", content_type=None, config=None
    )
    assert len({d.code for d in whole}) >= 2
    job = FileJob(path, None, None, "<header>", None, None, {})
    monkeypatch.setenv("PYTHONHASHSEED", "12345")  # the workers' digests must compare
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        merged = lint_split(job, pool, 3, kind)
        stream = tmp_path / "stream.json"
        stream.write_bytes(b"\n".join(orjson.dumps(make(i)) for i in range(count)))
        monkeypatch.setattr(split_module, "iter_ranges", iter_ranges)
        streamed = FileJob(stream, None, None, "<header>", None, None, {})
        assert lint_split(streamed, pool, 3, kind) is None
    assert merged is not None
    assert sort_diagnostics(merged) == whole


def _no_scan(path: Path, parts: int) -> Iterator[Range]:
    raise AssertionError("the structural scan cut a body of flat rows")


def _hostile_onhand(i: int, inside: str) -> dict[str, object]:
    return {
        "PartNo": f"S-{i}{inside}{i}",
        "WarehouseCode": "W",
        "LocationCode": "MAIN",
        "OnhandValue": -1 if i % 97 == 5 else i % 40,
    }


def _write_rows(path: Path, rows: list[dict[str, object]]) -> bytes:
    data = b"[" + b",".join(orjson.dumps(row) for row in rows) + b"]"
    path.write_bytes(data)
    path.with_name(path.stem + ".header.json").write_bytes(orjson.dumps(ONHAND_HEADER))
    return data


@pytest.mark.parametrize("broken_guess", ["cut", "count"])
def test_a_guess_that_does_not_hold_falls_back_to_the_scan(
    tmp_path: Path, broken_guess: str
) -> None:
    """Strings that look like row boundaries (the guessed cut falls inside a string) or hold
    ``{`` (a wrong item count): the guessed ranges are refused, and the report is still the
    one-process one."""
    from linter.parallel.guess import GuessedRanges, guessed_cuts

    path = tmp_path / "onhands.json"
    inside = "x},{y" * 12 if broken_guess == "cut" else "{"
    for count in range(3000, 3060):  # a length whose middle falls as the case needs
        data = _write_rows(path, [_hostile_onhand(i, inside) for i in range(count)])
        cuts = guessed_cuts(path, 2)
        assert cuts is not None
        (_, first_end), _ = cuts
        if broken_guess == "cut" and data[:first_end].count(b'"') % 2 == 1:
            break  # the guessed cut is inside a string
        if broken_guess == "count":
            guess = GuessedRanges(path, cuts)
            list(guess)
            assert guess.items[0] != data[:first_end].count(b'{"PartNo"')
            break
    else:
        pytest.fail("no length put the guessed cut inside a string")
    one, two = one_and_two_jobs(tmp_path, "onhands.json")
    assert one.returncode == two.returncode, two.stderr
    assert len(_report(one)) > 10
    assert two.stdout == one.stdout


def test_workers_are_forked_only_without_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from linter.parallel import files

    monkeypatch.delenv("SKUGUARD_START_METHOD", raising=False)
    gate = threading.Event()
    helper = threading.Thread(target=gate.wait, args=(10,))
    helper.start()
    try:
        assert files._start_method() == "spawn"
    finally:
        gate.set()
        helper.join(timeout=10)
    if threading.active_count() == 1:
        assert files._start_method() == ("fork" if sys.platform == "linux" else "spawn")
    monkeypatch.setenv("SKUGUARD_START_METHOD", "spawn")
    assert files._start_method() == "spawn"
    monkeypatch.setenv("SKUGUARD_START_METHOD", "fork")
    assert files._start_method() == "fork"


def test_rows_that_hold_objects_are_not_guessed_at(tmp_path: Path) -> None:
    """On-hand ``Infos`` (as the vendor's client writes them) nest objects in a row: the body
    is cut by the structural scan, not guessed, and reports as with ``--jobs 1``."""
    from linter.parallel.guess import guessed_cuts

    rows = [
        dict(_hostile_onhand(i, ""), Infos=[{"Code": "SHELF", "Value": f"A{i}"}])
        for i in range(3000)
    ]
    path = tmp_path / "onhands.json"
    _write_rows(path, rows)
    assert guessed_cuts(path, 2) is None
    flat = tmp_path / "flat.json"
    _write_rows(flat, [_hostile_onhand(i, "") for i in range(3000)])
    assert guessed_cuts(flat, 2) is not None
    one, two = one_and_two_jobs(tmp_path, "onhands.json")
    assert one.returncode == two.returncode, two.stderr
    assert len(_report(one)) > 10
    assert two.stdout == one.stdout
