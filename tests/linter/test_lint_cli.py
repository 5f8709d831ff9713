"""`skuguard lint`, `skuguard rules` and `skuguard rule` as a user runs them (subprocesses)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli_process import SKUGUARD, run_text

ONHAND = {"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "STORE", "OnhandValue": 5}
ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    text = stdin.decode() if stdin is not None else None
    return run_text([*SKUGUARD, *args], cwd=cwd, stdin=text)


@pytest.fixture
def payloads(tmp_path: Path) -> Path:
    (tmp_path / "good.json").write_text(json.dumps([ONHAND]))
    (tmp_path / "good.header.json").write_text(ONHAND_HEADER)
    (tmp_path / "bad.json").write_text(json.dumps([dict(ONHAND, OnhandValue="x")]))
    (tmp_path / "bad.header.json").write_text(ONHAND_HEADER)
    (tmp_path / "stock.json").write_text('{"store-1": {"mug": -1}}')
    return tmp_path


def test_clean_file_exits_0(payloads: Path) -> None:
    done = run("lint", "good.json", cwd=payloads)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "no problems in 1 file"


def test_errors_exit_1_with_text_lines(payloads: Path) -> None:
    done = run("lint", "bad.json", cwd=payloads)
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith("bad.json:1:")
    assert " SG003 " in first


def test_directory_recursion_skips_sidecars(payloads: Path) -> None:
    done = run("lint", ".", "--format", "json", cwd=payloads)
    report = json.loads(done.stdout)
    assert report["summary"]["files"] == 3
    assert {Path(d["file"]).name for d in report["diagnostics"]} <= {"bad.json", "stock.json"}


def test_warnings_fail_only_with_strict(payloads: Path) -> None:
    assert run("lint", "stock.json", cwd=payloads).returncode == 0
    assert run("lint", "stock.json", "--strict", cwd=payloads).returncode == 1
    assert run("lint", "stock.json", "--strict", "--adjustment", cwd=payloads).returncode == 0
    (payloads / "page.json").write_text(_unleashed_page(available=260))
    assert run("lint", "page.json", "--strict", cwd=payloads).returncode == 1
    assert run("lint", "page.json", "--strict", "--assembled", cwd=payloads).returncode == 0


def test_select_and_ignore(payloads: Path) -> None:
    assert run("lint", "bad.json", "--ignore", "SG003", cwd=payloads).returncode == 0
    assert run("lint", "bad.json", "--select", "KS,SG002", cwd=payloads).returncode == 0
    done = run("lint", "bad.json", "--select", "XX9", cwd=payloads)
    assert done.returncode == 2
    assert "XX9" in done.stderr


def test_stdin(payloads: Path) -> None:
    done = run(
        "lint", "-", "--header", ONHAND_HEADER, cwd=payloads, stdin=json.dumps([ONHAND]).encode()
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_unknown_kind_exits_2_with_advice(payloads: Path) -> None:
    (payloads / "odd.json").write_text("[1, 2, 3]")
    done = run("lint", "odd.json", cwd=payloads)
    assert done.returncode == 2
    assert "--kind" in done.stderr
    assert "Traceback" not in done.stderr


def test_unreadable_and_missing_exit_2(payloads: Path) -> None:
    done = run("lint", "missing.json", cwd=payloads)
    assert done.returncode == 2
    assert done.stderr.startswith("skuguard: missing.json:")
    done = run("lint", "good.json", "--header", "nope.json", cwd=payloads)
    assert done.returncode == 2


def test_bad_config_names_the_key(payloads: Path) -> None:
    (payloads / "pyproject.toml").write_text('[tool.skuguard.lint]\nselct = ["SG"]\n')
    done = run("lint", "good.json", cwd=payloads)
    assert done.returncode == 2
    assert "selct" in done.stderr


def test_config_kinds_and_ignore(payloads: Path) -> None:
    (payloads / "fixtures").mkdir()
    (payloads / "fixtures" / "odd.json").write_text('{"main": {"sku": 1.5}}')
    (payloads / "pyproject.toml").write_text(
        '[tool.skuguard.lint]\nignore = ["SG003"]\nstrict = true\n'
        '[tool.skuguard.lint.kinds]\n"fixtures/*.json" = "kaching.stock"\n'
    )
    done = run("lint", "fixtures", "bad.json", "--format", "json", cwd=payloads)
    report = json.loads(done.stdout)
    codes = {d["code"] for d in report["diagnostics"]}
    assert "KS003" in codes
    assert "SG003" not in codes
    assert done.returncode == 1  # strict from config: the KS003 warning fails
    override = run("lint", "fixtures", "--select", "SG", cwd=payloads)
    assert override.returncode == 0


def test_rules_lists_every_rule(payloads: Path) -> None:
    from linter.registry import all_rules

    done = run("rules", cwd=payloads)
    assert done.returncode == 0
    listed = [line.split()[0] for line in done.stdout.splitlines()]
    assert listed == [r.code for r in all_rules()]


def test_rule_explains_one(payloads: Path) -> None:
    done = run("rule", "ks003", cwd=payloads)
    assert done.returncode == 0
    for part in ("KS003", "Why:", "Bad example", "Good example"):
        assert part in done.stdout
    unknown = run("rule", "ZZ999", cwd=payloads)
    assert unknown.returncode == 2
    assert "ZZ999" in unknown.stderr


def _unleashed_page(available: int) -> str:
    from linter.rules.unleashed import _page, _row

    return _page(_row(AvailableQty=available))
