"""`skuguard lint` on hostile input (issue #18), run as a user runs it: a subprocess with a
timeout, and for the unbounded inputs a measured peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter.read.item import MAX_DEPTH, MAX_ITEM_SIZE

TIMEOUT_S = 10.0
MAX_RSS_KB = 256 * 1024
ONHAND = {"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "STORE", "OnhandValue": 5}
ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'

CLI = "import sys; from contracts.cli.main import main; sys.exit(main())"
# Runs the CLI as the only child of a small parent, which then reports the child's peak RSS.
_MEASURED = (
    f"CLI = {CLI!r}\n"
    "import resource, subprocess, sys\n"
    "r = subprocess.run([sys.executable, '-c', CLI, *sys.argv[1:]],"
    " capture_output=True, text=True, errors='replace')\n"
    "sys.stdout.write(r.stdout)\n"
    "sys.stderr.write(r.stderr)\n"
    "sys.stderr.write(f'\\nPEAK_RSS_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}')\n"
    "sys.exit(r.returncode)\n"
)


def lint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT_S,
    )


def measured_lint(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, "lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT_S,
    )
    stderr, _, peak = result.stderr.rpartition("\nPEAK_RSS_KB=")
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, stderr), int(
        peak
    )


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def nested_xml(depth: int) -> str:
    return "<ArrayOfSkuOnhand>" + "<a>" * depth + "</a>" * depth + "</ArrayOfSkuOnhand>"


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_xml_body_is_sg001_with_a_position(tmp_path: Path, depth: int) -> None:
    (tmp_path / "deep.xml").write_text(nested_xml(depth))
    result = lint("deep.xml", "--kind", "norce.onhands", "--header", ONHAND_HEADER, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert f"deep.xml:1:{len('<ArrayOfSkuOnhand>') + 3 * (MAX_DEPTH - 1) + 1}: error SG001" in (
        result.stdout
    )
    assert f"nesting deeper than {MAX_DEPTH} levels" in result.stdout


def test_deep_xml_header_is_sg001(tmp_path: Path) -> None:
    header = "<SkuOnhandHeader>" + "<a>" * 300 + "</a>" * 300 + "</SkuOnhandHeader>"
    (tmp_path / "h.xml").write_text(header)
    (tmp_path / "b.xml").write_text("<ArrayOfSkuOnhand/>")
    result = lint("b.xml", "--kind", "norce.onhands", "--header", "h.xml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "h.xml:1:" in result.stdout
    assert "SG001" in result.stdout


def test_deep_json_header_is_sg001(tmp_path: Path) -> None:
    header = '{"SkuOnhandFieldsThatAreSet":' + "[" * 300 + "]" * 300 + "}"
    (tmp_path / "b.json").write_text(json.dumps([ONHAND]))
    result = lint("b.json", "--kind", "norce.onhands", "--header", header, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "SG001" in result.stdout
    assert "nesting deeper" in result.stdout


def test_deep_json_body_inside_orjsons_limit_is_sg001(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 1000 + "]" * 1000)
    result = lint("deep.json", "--kind", "norce.onhands", "--header", ONHAND_HEADER, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"deep.json:1:{MAX_DEPTH + 1}: error SG001" in result.stdout


def test_nesting_at_the_limit_is_not_refused(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    (tmp_path / "ok.xml").write_text(nested_xml(MAX_DEPTH - 1))
    for name in ("ok.json", "ok.xml"):
        result = lint(name, "--kind", "norce.onhands", "--header", ONHAND_HEADER, cwd=tmp_path)
        assert "nesting deeper" not in result.stdout, result.stdout
        assert "internal error" not in result.stderr


def test_fifo_given_explicitly_is_one_line_and_exit_2(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.json")
    result, peak = measured_lint("p.json", cwd=tmp_path)
    assert result.returncode == 2
    assert one_line(result.stderr) == "skuguard: p.json: " + (
        "not a regular file (a directory, FIFO, device or socket)"
    )
    assert peak < MAX_RSS_KB


def test_dev_zero_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result, peak = measured_lint("/dev/zero", "--kind", "norce.onhands", cwd=tmp_path)
    assert result.returncode == 2
    assert "/dev/zero: not a regular file" in one_line(result.stderr)
    assert peak < MAX_RSS_KB


def test_fifo_in_a_directory_walk_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.json").write_text(json.dumps([ONHAND]))
    os.mkfifo(tmp_path / "d" / "p.json")
    result = lint("d", "--kind", "norce.onhands", "--header", ONHAND_HEADER, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "in 1 file" in result.stdout


def test_500_mb_single_token_ends_early_with_sg007(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    block = b"x" * (8 * 1024 * 1024)
    with path.open("wb") as out:
        out.write(b'"')
        for _ in range(500 // 8):
            out.write(block)
        out.write(b'"')
    assert path.stat().st_size > 7 * MAX_ITEM_SIZE
    result, peak = measured_lint("big.json", "--kind", "norce.onhands", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "big.json:1:1: error SG007" in result.stdout
    assert peak < MAX_RSS_KB, f"peak RSS {peak} kB"


def test_control_characters_in_file_names_are_escaped(tmp_path: Path) -> None:
    name = "a\nb\rc\x1b.json"
    (tmp_path / name).write_text("[")
    result = lint(
        name,
        "--kind",
        "norce.onhands",
        "--header",
        ONHAND_HEADER,
        "--output-format",
        "concise",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines[0].startswith("a\\nb\\rc\\x1b.json:1:")
    assert "SG001" in lines[0]
    assert len(lines) == 2  # the diagnostic and the summary
