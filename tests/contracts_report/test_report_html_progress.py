"""The HTML report rendered by headless Chromium, and the progress display under a
pseudo-terminal and under CI=true."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from contracts.sandbox.server import running_sandbox

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FAST = ["--seed", "4", "--max-examples", "3", "--coverage-max", "0"]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_html_report_renders_in_headless_chromium(tmp_path: Path, contract: Any) -> None:
    page = tmp_path / "report.html"
    with running_sandbox(fault="kaching-status-missing") as sandbox:
        run = contract(
            tmp_path,
            [
                "--api",
                "kaching",
                "--base-url",
                sandbox.base_url + "/kaching",
                *FAST,
                "-x",
                "--report-html",
                str(page),
            ],
        )
    assert run.exit_code == 1, run.output[-2000:]
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = dom.stdout
    assert re.search(r'<p id="summary"><span class="fail">FAILED</span>: 1 violation', rendered)
    assert '<h2 id="api-kaching">' in rendered
    assert "response_schema_conformance" in rendered
    assert "curl -X POST" in rendered
    assert "skuguard contract --replay" in rendered
    shot = tmp_path / "shot.png"
    picture = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1400", page.as_uri())
    assert picture.returncode == 0, picture.stderr[-2000:]
    assert shot.stat().st_size > 10_000  # a page with content, not a blank image


def _command(base_url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "contracts.cli",
        "contract",
        "--api",
        "kaching",
        "--base-url",
        base_url + "/kaching",
        *FAST,
    ]


@pytest.mark.slow
def test_live_progress_under_a_pty() -> None:
    with running_sandbox() as sandbox:
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "CI"}
        process = subprocess.Popen(
            _command(sandbox.base_url), stdin=follower, stdout=follower, stderr=follower, env=env
        )
        os.close(follower)
        chunks: list[bytes] = []
        deadline = time.monotonic() + 120
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([leader], [], [], 1.0)
                if ready:
                    try:
                        data = os.read(leader, 65536)
                    except OSError:
                        break
                    if not data:
                        break
                    chunks.append(data)
                elif process.poll() is not None:
                    break
        finally:
            process.wait(timeout=30)
            os.close(leader)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert process.returncode == 0, text[-2000:]
    assert "ETA" in text
    assert "requests" in text
    assert "\x1b[" in text  # drawn in place, with terminal control sequences
    assert "kaching" in text


@pytest.mark.slow
def test_plain_lines_under_ci() -> None:
    with running_sandbox() as sandbox:
        done = subprocess.run(
            _command(sandbox.base_url),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "CI": "true"},
        )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "\x1b[" not in done.stderr
    assert re.search(r"^\[kaching\] POST /imports/stock \[valid\]: ok", done.stderr, re.M)
    assert "ETA" not in done.stderr
