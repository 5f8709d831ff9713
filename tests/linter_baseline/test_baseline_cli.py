"""``skuguard lint --baseline`` / ``--update-baseline`` run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.linter_baseline.catalog import entries, product, skuguard, write_catalog

LEGACY = 50


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    """A catalog with 50 findings (one per product) and its baseline written."""
    write_catalog(tmp_path / "catalog.json", [product(n) for n in range(LEGACY)])
    done = skuguard("lint", "catalog.json", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1
    assert len(json.loads(done.stdout)["diagnostics"]) == LEGACY
    written = skuguard(
        "lint", "catalog.json", "--baseline", "baseline.json", "--update-baseline", cwd=tmp_path
    )
    assert written.returncode == 0, written.stderr
    assert "50 added, 0 dropped" in written.stdout
    return tmp_path


def test_legacy_catalog_passes_under_its_baseline(legacy: Path) -> None:
    done = skuguard("lint", "catalog.json", "--baseline", "baseline.json", cwd=legacy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "no problems in 1 file (50 in baseline)"
    assert len(entries(legacy / "baseline.json")) == LEGACY


def test_product_inserted_at_the_top_reports_only_its_own_finding(legacy: Path) -> None:
    products = [product(n) for n in range(LEGACY)]
    write_catalog(legacy / "catalog.json", [product("new", weight=-7), *products])
    done = skuguard(
        "lint", "catalog.json", "--baseline", "baseline.json", "--format", "json", cwd=legacy
    )
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert [(d["code"], d["pointer"]) for d in report["diagnostics"]] == [
        ("NP012", "/0/Variants/0/Skus/0/ActualWeight")
    ]
    assert "-7" in report["diagnostics"][0]["message"]
    assert report["summary"]["baselined"] == LEGACY


def test_reordered_products_raise_no_false_alarm(legacy: Path) -> None:
    reordered = [product(n) for n in reversed(range(LEGACY))]
    write_catalog(legacy / "catalog.json", [product("clean", weight=2), *reordered])
    done = skuguard("lint", "catalog.json", "--baseline", "baseline.json", cwd=legacy)
    assert done.returncode == 0, done.stdout
    assert "(50 in baseline)" in done.stdout


def test_fixing_ten_findings_shrinks_the_baseline_by_exactly_those(legacy: Path) -> None:
    before = entries(legacy / "baseline.json")
    fixed = set(range(5, 50, 5)) | {0}
    assert len(fixed) == 10
    write_catalog(
        legacy / "catalog.json",
        [product(n, weight=1 if n in fixed else -1) for n in range(LEGACY)],
    )
    done = skuguard(
        "lint", "catalog.json", "--baseline", "baseline.json", "--update-baseline", cwd=legacy
    )
    assert done.returncode == 0, done.stderr
    assert "0 added, 10 dropped" in done.stdout
    after = entries(legacy / "baseline.json")
    assert len(after) == LEGACY - 10
    gone = [e for e in before if e not in after]
    assert sorted(e["item"]["Code"] for e in gone) == sorted(f"P{n}" for n in fixed)
    assert all(e in before for e in after)


def test_update_twice_writes_the_same_bytes(legacy: Path) -> None:
    first = (legacy / "baseline.json").read_bytes()
    done = skuguard(
        "lint", "catalog.json", "--baseline", "baseline.json", "--update-baseline", cwd=legacy
    )
    assert done.returncode == 0
    assert (legacy / "baseline.json").read_bytes() == first
    text = first.decode()
    assert text.endswith("}\n")
    assert json.loads(text)["version"] == 1
    lines = [line.strip().rstrip(",") for line in text.splitlines() if '"code"' in line]
    assert len(lines) == LEGACY
    assert lines == sorted(lines, key=_order)


def _order(line: str) -> tuple[str, str, str, str]:
    entry = json.loads(line)
    item = json.dumps(entry["item"], sort_keys=True, separators=(",", ":"))
    return (entry["file"], entry["code"], item, entry["pointer"])


def test_sarif_and_json_outputs_respect_the_baseline(legacy: Path) -> None:
    write_catalog(
        legacy / "catalog.json", [product("new", weight=-3), *(product(n) for n in range(LEGACY))]
    )
    sarif = skuguard(
        "lint", "catalog.json", "--baseline", "baseline.json", "--format", "sarif", cwd=legacy
    )
    assert sarif.returncode == 1
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert len(results) == 1
    assert results[0]["ruleId"] == "NP012"
    concise = skuguard(
        "lint",
        "catalog.json",
        "--baseline",
        "baseline.json",
        "--output-format",
        "concise",
        cwd=legacy,
    )
    assert concise.stdout.splitlines()[-1] == "1 error in 1 file (50 in baseline)"


def test_without_a_baseline_nothing_is_hidden(legacy: Path) -> None:
    done = skuguard("lint", "catalog.json", "--format", "json", cwd=legacy)
    report = json.loads(done.stdout)
    assert len(report["diagnostics"]) == LEGACY
    assert "baselined" not in report["summary"]
    assert "in baseline" not in skuguard("lint", "catalog.json", cwd=legacy).stdout


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("not json at all", "not a baseline file"),
        ('{"findings": [], "version": 99}', "version 99 is not supported"),
        ('{"findings": []}', "no format version"),
        ('{"findings": [{"code": 1}], "version": 1}', "finding 1"),
        ("[]", "no format version"),
    ],
)
def test_corrupt_baseline_is_one_line_and_exit_2(legacy: Path, text: str, cause: str) -> None:
    (legacy / "baseline.json").write_text(text, encoding="utf-8")
    done = skuguard("lint", "catalog.json", "--baseline", "baseline.json", cwd=legacy)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("skuguard: baseline.json: ")
    assert cause in lines[0]
    assert "Traceback" not in done.stderr


def test_missing_baseline_is_a_usage_error(legacy: Path) -> None:
    done = skuguard("lint", "catalog.json", "--baseline", "nowhere.json", cwd=legacy)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "skuguard: nowhere.json: no such baseline file (create it with --update-baseline)"
    )


def test_update_without_a_file_is_a_usage_error(legacy: Path) -> None:
    done = skuguard("lint", "catalog.json", "--update-baseline", cwd=legacy)
    assert done.returncode == 2
    assert done.stderr.startswith("skuguard: --update-baseline: needs --baseline FILE")


def test_update_refuses_when_an_input_cannot_be_linted(legacy: Path) -> None:
    before = (legacy / "baseline.json").read_bytes()
    done = skuguard(
        "lint",
        "catalog.json",
        "missing.json",
        "--baseline",
        "baseline.json",
        "--update-baseline",
        cwd=legacy,
    )
    assert done.returncode == 2
    assert "missing.json: no such file or directory" in done.stderr
    assert (legacy / "baseline.json").read_bytes() == before


def test_update_keeps_entries_of_files_not_linted_now(legacy: Path) -> None:
    write_catalog(legacy / "other.json", [product("o1"), product("o2")])
    done = skuguard(
        "lint", "other.json", "--baseline", "baseline.json", "--update-baseline", cwd=legacy
    )
    assert done.returncode == 0, done.stderr
    files = [e["file"] for e in entries(legacy / "baseline.json")]
    assert files.count("catalog.json") == LEGACY
    assert files.count("other.json") == 2


def test_baseline_paths_are_relative_to_the_baseline_file(legacy: Path) -> None:
    sub = legacy / "ci"
    sub.mkdir()
    done = skuguard("lint", "../catalog.json", "--baseline", "../baseline.json", cwd=sub)
    assert done.returncode == 0, done.stdout
    assert "(50 in baseline)" in done.stdout
