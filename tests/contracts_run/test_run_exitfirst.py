"""`skuguard contract -x` stops at the first violation yet still reports and reproduces it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contracts.run.target import SANDBOX_PREFIXES
from contracts.sandbox.server import running_sandbox

# Its schema violation shows on the first operations, while the suite has more to run after.
FAULT = "kaching-status-missing"
ARGS = ["--api", "kaching", "--seed", "7", "--max-examples", "10"]


def test_exitfirst_stops_at_the_first_violation(tmp_path: Path, contract: Any) -> None:
    with running_sandbox(fault=FAULT) as sandbox:
        url = ["--base-url", sandbox.base_url + SANDBOX_PREFIXES["kaching"]]
        full = contract(tmp_path / "full", [*ARGS, *url])
        first = contract(tmp_path / "first", [*ARGS, *url, "-x"])

    assert full.exit_code == 1, full.output[-3000:]
    assert first.exit_code == 1, first.output[-3000:]
    assert full.report is not None
    assert first.report is not None
    failing = [op for op in first.report["operations"] if op["failures"]]
    assert len(failing) == 1
    assert first.report["operations"][-1] is failing[0]
    assert len(first.report["operations"]) < len(full.report["operations"])
    assert first.report["requests_sent"] < full.report["requests_sent"]
    assert "response_schema_conformance" in first.failing_checks()
    assert "violation(s) in" in first.output
    assert list((tmp_path / "first" / "replays").glob("*.json"))
