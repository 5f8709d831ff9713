"""--rate-limit, --request-timeout, --max-time and Retry-After, against the sandbox."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from contracts.sandbox.server import running_sandbox

FAST = ["--seed", "4", "--max-examples", "3", "--coverage-max", "0"]


@pytest.mark.slow
def test_retry_after_is_waited_out_and_observed(tmp_path: Path, contract: Any) -> None:
    with running_sandbox(fault="kaching-throttles") as sandbox:
        run = contract(
            tmp_path, ["--api", "kaching", "--base-url", sandbox.base_url + "/kaching", *FAST]
        )
    assert run.report is not None
    notes = run.report["observations"]
    assert any("429 with Retry-After 1s, waited out" in note for note in notes), run.output[-2000:]
    assert run.exit_code == 0, run.output[-3000:]  # waited out: no violation


@pytest.mark.slow
def test_no_throttling_no_observation(tmp_path: Path, contract: Any) -> None:
    with running_sandbox() as sandbox:
        run = contract(
            tmp_path, ["--api", "kaching", "--base-url", sandbox.base_url + "/kaching", *FAST]
        )
    assert run.exit_code == 0, run.output[-3000:]
    assert run.report is not None
    assert run.report["observations"] == []


@pytest.mark.slow
def test_rate_limit_paces_requests(tmp_path: Path, contract: Any) -> None:
    har = tmp_path / "run.har"
    with running_sandbox() as sandbox:
        started = time.monotonic()
        run = contract(
            tmp_path,
            [
                "--api",
                "kaching",
                "--base-url",
                sandbox.base_url + "/kaching",
                *FAST,
                "--rate-limit",
                "25/s",
                "--report-har",
                str(har),
            ],
        )
        seconds = time.monotonic() - started
    assert run.exit_code == 0, run.output[-3000:]
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    entries = [entry for entry in entries if entry["comment"] == "kaching"]
    assert len(entries) > 10
    assert seconds >= (len(entries) - 1) / 25


def test_request_timeout_means_unreachable_not_violation(tmp_path: Path, contract: Any) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        run = contract(
            tmp_path,
            [
                "--api",
                "kaching",
                "--base-url",
                f"http://127.0.0.1:{port}/kaching",
                "--request-timeout",
                "0.5",
                *FAST,
            ],
        )
        seconds = time.monotonic() - started
    assert run.exit_code == 2, run.output
    assert "unreachable" in run.output
    assert seconds < 5


@pytest.mark.slow
def test_max_time_stops_cleanly_with_the_summary(tmp_path: Path, contract: Any) -> None:
    with running_sandbox() as sandbox:
        started = time.monotonic()
        run = contract(
            tmp_path,
            ["--api", "all", "--base-url", sandbox.base_url, "--seed", "4", "--max-time", "1.5"],
        )
        seconds = time.monotonic() - started
    assert run.exit_code == 2, run.output[-3000:]
    assert run.report is not None
    assert run.report["stopped_early"] is True
    assert "stopped before the end" in run.output
    assert seconds < 20
