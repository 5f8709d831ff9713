"""--quiet and -v, and the HAR log's shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contracts.sandbox.server import running_sandbox

FAST = ["--seed", "4", "--max-examples", "2", "--coverage-max", "0"]


@pytest.mark.slow
def test_quiet_verbose_and_har(tmp_path: Path, contract: Any) -> None:
    har = tmp_path / "run.har"
    with running_sandbox() as sandbox:
        root = sandbox.base_url + "/kaching"
        quiet = contract(tmp_path / "q", ["--api", "kaching", "--base-url", root, *FAST, "-q"])
        loud = contract(
            tmp_path / "v",
            ["--api", "kaching", "--base-url", root, *FAST, "-v", "--report-har", str(har)],
        )
    assert quiet.exit_code == loud.exit_code == 0, loud.output[-2000:]
    assert "[kaching] POST /imports/stock [valid]" not in quiet.output
    assert "0 violation(s)" in quiet.output
    assert "[kaching] POST /imports/stock [valid]" in loud.output
    assert f"[kaching] POST {root}/imports/stock?" in loud.output
    log = json.loads(har.read_text(encoding="utf-8"))["log"]
    assert log["version"] == "1.2"
    assert log["creator"]["name"] == "skuguard"
    entry = log["entries"][0]
    for key in ("startedDateTime", "time", "request", "response", "cache", "timings"):
        assert key in entry
    assert entry["request"]["method"] in {"GET", "POST", "DELETE"}
    assert isinstance(entry["response"]["status"], int)
    apikeys = [
        q["value"]
        for e in log["entries"]
        for q in e["request"]["queryString"]
        if q["name"] == "apikey"
    ]
    assert apikeys
    assert set(apikeys) == {"[REDACTED]"}
