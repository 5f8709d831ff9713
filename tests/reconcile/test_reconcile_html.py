"""The HTML report in headless Chromium: self-contained, one table per target, filterable."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from contracts.cli.main import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
ROW = re.compile(r'<tr class="(missing|extra|quantity|unmapped)"( hidden="")?>(.*?)</tr>', re.S)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium)"
)


def _chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def report(planted_pipeline: Any, tmp_path: Path) -> Path:
    paths = planted_pipeline.write_json()
    page = tmp_path / "report.html"
    code = main(
        [
            "reconcile",
            "--source", f"unleashed:{paths['source']}",
            "--target", f"norce:{paths['norce']}",
            "--target", f"kaching:{paths['kaching']}",
            "--mapping", str(planted_pipeline.mapping),
            "--format", "html",
            "--output-file", str(page),
        ]
    )  # fmt: skip
    assert code == 1
    return page


def test_the_page_is_self_contained(report: Path) -> None:
    html = report.read_text()
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    assert html.count('<table class="diffs"') == 2


def test_the_page_renders_every_difference(report: Path, tmp_path: Path) -> None:
    dom = _chromium(tmp_path, "--dump-dom", report.as_uri())
    rows = ROW.findall(dom)
    assert len(rows) == 8
    assert not any(hidden for _, hidden, _ in rows)
    assert 'id="shown-norce">4<' in dom
    assert 'id="shown-kaching">4<' in dom


def test_the_filter_hides_other_rows(report: Path, tmp_path: Path) -> None:
    dom = _chromium(tmp_path, "--dump-dom", report.as_uri() + "#q=lamp&kind=missing,extra")
    shown = [(kind, cells) for kind, hidden, cells in ROW.findall(dom) if not hidden]
    assert [kind for kind, _ in shown] == ["missing", "extra"]
    assert all("LAMP" in cells for _, cells in shown)
    assert 'id="shown-norce">2<' in dom
    assert 'id="shown-kaching">0<' in dom


def test_a_screenshot_can_be_taken(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1100,1300", report.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
