"""``skuguard lint --fix / --unsafe-fixes / --diff`` as a user runs them (subprocesses),
with the real ``patch`` and ``git apply`` applying the diff."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.cli_process import SKUGUARD, clean_env, run_bytes

BODY = (
    b'[\n  {"PartNo": "A1", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 1,\n'
    b'   "IncomingValue": 4},\n'
    b'  {"PartNo": "A2", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 2}\n]\n'
)
FIXED_BODY = (
    b'[\n  {"PartNo": "A1", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 1},\n'
    b'  {"PartNo": "A2", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 2}\n]\n'
)
HEADER = (
    b'{\n  "AccountId": 1, "FullFile": false, "JobId": 9,\n  "SkuOnhandFieldsThatAreSet": [3]\n}'
)
FIXED_HEADER = b'{"AccountId": 1, "FullFile": false,"SkuOnhandFieldsThatAreSet": [3]}'


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [*SKUGUARD, "lint", "--isolated", *args]
    return run_bytes(command, cwd=cwd, env=clean_env(NO_COLOR="1"), stdin=stdin)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "stock.json").write_bytes(BODY)
    (tmp_path / "stock.header.json").write_bytes(HEADER)
    (tmp_path / "stock.json").chmod(0o640)
    return tmp_path


def test_fix_mends_body_and_sidecar_in_place_and_reports_what_is_left(project: Path) -> None:
    done = run("--fix", "--output-format", "concise", "stock.json", cwd=project)
    assert (project / "stock.json").read_bytes() == FIXED_BODY
    assert (project / "stock.header.json").read_bytes() == FIXED_HEADER
    assert stat.S_IMODE((project / "stock.json").stat().st_mode) == 0o640
    assert b"NO004" not in done.stdout
    assert b"NH005" not in done.stdout
    assert b"SG009" not in done.stdout
    assert done.returncode == 0, done.stderr
    assert b"fixed 3 finding(s)" in done.stderr
    assert sorted(p.name for p in project.iterdir()) == ["stock.header.json", "stock.json"]
    again = run("--fix", "stock.json", cwd=project)
    assert again.returncode == 0
    assert (project / "stock.json").read_bytes() == FIXED_BODY
    assert (project / "stock.header.json").read_bytes() == FIXED_HEADER
    assert b"fixed" not in again.stderr


def test_diff_writes_nothing_and_applies_with_patch_and_git_apply(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    done = run("--diff", ".", cwd=project)
    assert done.returncode == 1, done.stderr
    assert (project / "stock.json").read_bytes() == BODY
    assert (project / "stock.header.json").read_bytes() == HEADER
    assert done.stdout.startswith(b"--- ")
    assert b"\\ No newline at end of file" in done.stdout  # the header has no final newline
    for tool in ("patch", "git"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
        copy = tmp_path_factory.mktemp(tool)
        for name in ("stock.json", "stock.header.json"):
            shutil.copy(project / name, copy / name)
        if tool == "patch":
            command = ["patch", "-p0", "--batch", "--silent"]
        else:
            subprocess.run(["git", "init", "-q"], cwd=copy, check=True, timeout=60)
            command = ["git", "apply", "-p0", "-"]
        applied = subprocess.run(
            command, cwd=copy, input=done.stdout, capture_output=True, timeout=60, check=False
        )
        assert applied.returncode == 0, applied.stderr
        assert (copy / "stock.json").read_bytes() == FIXED_BODY
        assert (copy / "stock.header.json").read_bytes() == FIXED_HEADER


def test_diff_of_a_clean_file_is_empty_and_exits_0(project: Path) -> None:
    run("--fix", "stock.json", cwd=project)
    done = run("--diff", "stock.json", cwd=project)
    assert (done.returncode, done.stdout) == (0, b"")


def test_stdin_fix_prints_the_fixed_document_and_reports_on_stderr(tmp_path: Path) -> None:
    body = b'[{"Code":"P1","Cultures":[{"CultureCode":"sv-se","Name":"Stol"}]}]'
    done = run("--fix", "--kind", "norce.products", "-", cwd=tmp_path, stdin=body)
    assert done.stdout == body.replace(b"sv-se", b"sv-SE")
    assert b"NP008" not in done.stderr
    assert b"SG008" in done.stderr  # the remaining finding (no header) is reported
    assert done.returncode == 0


def test_header_on_the_command_line_is_shown_fixed_never_rewritten(project: Path) -> None:
    (project / "given.json").write_bytes(HEADER)
    (project / "stock.header.json").unlink()
    done = run("--fix", "--header", "given.json", "stock.json", cwd=project)
    assert (project / "given.json").read_bytes() == HEADER
    assert (project / "stock.json").read_bytes() == FIXED_BODY
    assert b"not rewritten" in done.stderr
    assert FIXED_HEADER in done.stderr
    assert b"SG009" in done.stdout
    assert b"NH005" in done.stdout
    inline = run("--diff", "--header", HEADER.decode(), "stock.json", cwd=project)
    assert b"given" not in inline.stdout
    assert b"<header>" not in inline.stdout
    assert FIXED_HEADER in inline.stderr


def test_unsafe_fixes_add_the_flag_instead_of_dropping_the_field(project: Path) -> None:
    done = run("--unsafe-fixes", "stock.json", cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "stock.json").read_bytes() == BODY
    assert (project / "stock.header.json").read_bytes() == FIXED_HEADER.replace(b"[3]", b"[3,4]")


def test_a_large_file_with_three_fixes_gets_a_three_hunk_diff(tmp_path: Path) -> None:
    culture = {5: "sv-se", 1500: "sv-se", 2995: "sv-se"}
    lines = [
        f'{{"Code": "P{i}", "Cultures": [{{"CultureCode": "{culture.get(i, "sv-SE")}", '
        f'"Name": "n{i}"}}]}}'
        for i in range(3000)
    ]
    body = ("[\n" + ",\n".join(lines) + "\n]\n").encode()
    (tmp_path / "catalog.json").write_bytes(body)
    done = run("--diff", "--kind", "norce.products", "catalog.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.count(b"\n@@ ") == 3
    assert done.stdout.count(b"\n-{") == 3
    assert done.stdout.count(b"\n+{") == 3
    applied = subprocess.run(
        ["patch", "-p0", "--batch", "--silent"],
        cwd=tmp_path,
        input=done.stdout,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "catalog.json").read_bytes() == body.replace(b'"sv-se"', b'"sv-SE"')


def test_rule_pages_show_each_rules_fix(tmp_path: Path) -> None:
    import json

    env = {k: v for k, v in os.environ.items() if not k.startswith("SKUGUARD_")}
    listed = subprocess.run(
        [*SKUGUARD, "rules", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        env=env,
        check=True,
    )
    fixes = {row["code"]: row["fix"] for row in json.loads(listed.stdout)}
    assert fixes["SG009"] == "safe"
    assert fixes["KS002"] == "unsafe"
    assert fixes["NP015"] == "none"
    text = subprocess.run(
        [*SKUGUARD, "rule", "NP001"], cwd=tmp_path, capture_output=True, timeout=120, env=env
    )
    assert b"\nFix: safe: removes the field" in text.stdout
    assert b"with --unsafe-fixes, unsafe: adds the field's flag" in text.stdout
    table = subprocess.run(
        [*SKUGUARD, "rules"], cwd=tmp_path, capture_output=True, timeout=120, env=env
    )
    assert b"NP015  warning  fix:none  " in table.stdout
