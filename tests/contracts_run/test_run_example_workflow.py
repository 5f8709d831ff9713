"""The example GitHub Actions workflow, exercised as far as it runs here: its YAML is a
workflow, its sandbox and contract steps run locally (on a free port), and what it uploads is
what the contract step writes."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import pytest
import yaml

from contracts.credentials import ENV_DEFAULTS

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "github-actions-contract.yml"
WORKFLOW_PORT = "8080"


def _workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _workflow()["jobs"]["contract"]["steps"]
    return steps


def _step(name: str) -> dict[str, Any]:
    return next(step for step in _steps() if step.get("name") == name)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _skuguard(command: str) -> list[str]:
    """A ``skuguard …`` shell line as an argv running this checkout's skuguard."""
    argv = shlex.split(command)
    assert argv[0] == "skuguard"
    return [sys.executable, "-m", "contracts.cli", *argv[1:]]


def test_workflow_shape() -> None:
    workflow = _workflow()
    # PyYAML reads the bare key `on` as True.
    triggers = workflow.get("on") or workflow.get(True)
    assert triggers is not None
    assert "pull_request" in triggers
    uses = [step.get("uses", "") for step in _steps()]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    assert "pip install skuguard" in _step("Install skuguard")["run"]
    env = workflow["jobs"]["contract"]["env"]
    assert set(env) <= set(ENV_DEFAULTS)
    upload = _step("Upload JUnit and reproductions")
    assert upload["if"] == "always()"
    contract = " ".join(_step("Contract suite")["run"].split())
    assert "--junit reports/contract.xml" in contract
    assert upload["with"]["path"] == "reports/"
    assert _step("Publish the JUnit report")["with"]["report_paths"] == "reports/contract.xml"


@pytest.mark.slow
def test_sandbox_and_contract_steps_run_locally(tmp_path: Path) -> None:
    port = str(_free_port())
    env = {**os.environ, **_workflow()["jobs"]["contract"]["env"]}
    start_line = _step("Start the sandbox")["run"].splitlines()[0]
    sandbox_command = start_line.split(">")[0].replace(WORKFLOW_PORT, port)
    sandbox = subprocess.Popen(
        _skuguard(sandbox_command),
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/unleashed/StockOnHand", timeout=1)
                break
            except httpx.TransportError:
                assert sandbox.poll() is None, sandbox.stderr.read() if sandbox.stderr else ""
                assert time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.2)
        contract_line = " ".join(_step("Contract suite")["run"].split())
        completed = subprocess.run(
            _skuguard(contract_line.replace(WORKFLOW_PORT, port)),
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        sandbox.send_signal(signal.SIGTERM)
        try:
            sandbox.wait(timeout=15)
        except subprocess.TimeoutExpired:
            sandbox.kill()
            sandbox.wait(timeout=15)
    assert completed.returncode == 0, completed.stderr[-3000:]
    junit = ET.parse(tmp_path / "reports" / "contract.xml").getroot()
    assert {suite.get("name") for suite in junit} == {
        "skuguard.norce",
        "skuguard.kaching",
        "skuguard.unleashed",
    }
    assert (tmp_path / "reports" / "contract.json").exists()
    for secret in env["SKUGUARD_KACHING_APIKEY"], env["SKUGUARD_UNLEASHED_API_KEY"]:
        assert secret not in completed.stderr
