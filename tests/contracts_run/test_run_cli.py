"""`skuguard contract`: usage and configuration errors exit 2 with one clear line; the
embedded sandbox run; reports and replays."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from contracts.run.target import SANDBOX_PREFIXES
from contracts.sandbox.server import running_sandbox


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("skuguard: ")]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def test_unreachable_target_exits_2(tmp_path: Path, contract: Any) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/kaching"
    run = contract(tmp_path, ["--api", "kaching", "--base-url", url])
    assert run.exit_code == 2
    line = _one_error_line(run.output)
    assert url in line
    assert "unreachable" in line


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[kaching]\nstock_locations = [\n", "not valid TOML"),
        ("[kaching]\nstock_locations = []\n", "[kaching] stock_locations: must not be empty"),
        ("[kaching]\nstock_locations = ['a.b']\n", "is not a Ka-ching id"),
        ("[norce]\npart_nos = 'TEE-S'\n", "[norce] part_nos"),
        ("[shopify]\nx = 1\n", "unknown key"),
    ],
)
def test_bad_fixtures_exit_2_naming_the_problem(
    tmp_path: Path, contract: Any, content: str, expected: str
) -> None:
    fixtures = tmp_path / "fixtures.toml"
    fixtures.write_text(content, encoding="utf-8")
    run = contract(tmp_path, ["--api", "kaching", "--fixtures", str(fixtures)])
    assert run.exit_code == 2
    line = _one_error_line(run.output)
    assert str(fixtures) in line
    assert expected in line


def test_missing_fixtures_file_exits_2(tmp_path: Path, contract: Any) -> None:
    missing = tmp_path / "nope.toml"
    run = contract(tmp_path, ["--fixtures", str(missing)])
    assert run.exit_code == 2
    assert str(missing) in _one_error_line(run.output)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--api", "shopify"], "--api: unknown API 'shopify'"),
        (["--checks", "not_a_check"], "--checks: unknown check(s) not_a_check"),
        (["--max-examples", "0"], "--max-examples: must be at least 1"),
        (["--base-url", "ftp://x"], "--base-url: 'ftp://x' is not an http(s) URL"),
        (["-H", "no colon"], "-H: expected 'Name: value'"),
        (["--api", "norce", "--base-url", "http://127.0.0.1:9/api"], "--token-url"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, contract: Any, args: list[str], expected: str) -> None:
    run = contract(tmp_path, args)
    assert run.exit_code == 2
    assert expected in _one_error_line(run.output)


def test_bad_replay_file_exits_2(tmp_path: Path, contract: Any) -> None:
    replay = tmp_path / "replay.json"
    replay.write_text('{"skuguard_replay": 1}', encoding="utf-8")
    run = contract(tmp_path, ["--replay", str(replay)])
    assert run.exit_code == 2
    assert str(replay) in _one_error_line(run.output)


def test_rejected_norce_credentials_exit_2(
    tmp_path: Path, contract: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_sandbox() as sandbox:
        monkeypatch.setenv("SKUGUARD_NORCE_CLIENT_SECRET", "not-the-sandbox-secret")
        run = contract(
            tmp_path,
            ["--api", "norce", "--base-url", sandbox.base_url + SANDBOX_PREFIXES["norce"]],
        )
    assert run.exit_code == 2
    line = _one_error_line(run.output)
    assert "token endpoint" in line
    assert "401" in line
    assert "not-the-sandbox-secret" not in run.output


@pytest.mark.slow
def test_embedded_sandbox_run_of_all_apis_exits_0_with_reports(tmp_path: Path) -> None:
    """The README's main job, as a user runs it: a subprocess, no --base-url."""
    junit = tmp_path / "junit.xml"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "contracts.cli",
            "contract",
            "--api",
            "all",
            "--seed",
            "7",
            "--max-examples",
            "5",
            "--junit",
            str(junit),
            "--replay-dir",
            str(tmp_path / "replays"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "[norce] POST /Product/ImportProducts [generated]: ok" in completed.stderr
    assert "operation" in completed.stdout
    assert "0 violation(s)" in completed.stdout
    suites = ET.parse(junit).getroot()
    names = {suite.get("name") for suite in suites}
    assert names == {"skuguard.norce", "skuguard.kaching", "skuguard.unleashed"}
    assert all(suite.get("failures") == "0" for suite in suites)
