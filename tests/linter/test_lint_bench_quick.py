"""The throughput benchmark runs end to end in its quick (CI) mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "lint_throughput.py"


@pytest.mark.slow
@pytest.mark.skipif(not BENCH.exists(), reason="bench/ is not shipped with this install")
def test_quick_benchmark_reports_every_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [
        line.split() for line in done.stdout.splitlines() if line.startswith(("catalog", "onhands"))
    ]
    assert [row[0] for row in rows] == ["catalog-1k", "onhands-10k"] * 2  # MB/s, CPU seconds
    for row in rows[2:]:
        assert all(float(value) > 0 for value in row[1:])
    for row in rows[:2]:
        assert float(row[2]) > 0  # lint MB/s
        assert float(row[4]) > 0  # lint --select SG MB/s
        assert float(row[6]) > 0  # orjson MB/s
    assert "check-jsonschema said: ok" in done.stderr
