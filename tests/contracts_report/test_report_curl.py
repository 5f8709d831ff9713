"""Every printed curl line runs in bash against the sandbox and gets the status the report
shows, for a failure of each API."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from contracts.credentials import Credentials
from contracts.run.target import SANDBOX_PREFIXES
from contracts.sandbox.server import running_sandbox

ENV = {
    "SKUGUARD_NORCE_CLIENT_ID": "curl-client-id",
    "SKUGUARD_NORCE_CLIENT_SECRET": "curl-norce-secret-31",
    "SKUGUARD_KACHING_ACCOUNT": "curl-account",
    "SKUGUARD_KACHING_INTEGRATION": "curl-integration",
    "SKUGUARD_KACHING_APIKEY": "curl/kaching+key=7",
    "SKUGUARD_UNLEASHED_API_ID": "curl-api-id",
    "SKUGUARD_UNLEASHED_API_KEY": "curl-unleashed-key-9",
}
CASES = [
    ("norce", "norce-jobid-number"),
    ("kaching", "kaching-status-missing"),
    ("unleashed", "unleashed-available-ignores-allocated"),
]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize(("api", "fault"), CASES)
def test_printed_curl_runs_and_gets_the_reported_status(
    api: str, fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contract: Any
) -> None:
    if api == "unleashed" and shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (the Unleashed curl signs with it)")
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    with running_sandbox(fault=fault, credentials=Credentials.from_env()) as sandbox:
        root = sandbox.base_url + SANDBOX_PREFIXES[api]  # type: ignore[index]
        run = contract(
            tmp_path,
            ["--api", api, "--base-url", root, "--seed", "5", "--max-examples", "5", "-x"],
        )
        assert run.exit_code == 1, run.output[-3000:]
        assert run.report is not None
        failures = [f for o in run.report["operations"] for f in o["failures"]]
        failure = next(f for f in failures if f["status"] is not None)
        assert failure["curl"] in run.output  # the line printed is the line saved
        completed = subprocess.run(
            ["bash", "-c", failure["curl"] + " -s -o /dev/null -w '%{http_code}'"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            env={"PATH": "/usr/bin:/bin", **ENV},
        )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == str(failure["status"]), (failure["curl"], completed.stderr)


def test_curl_of_a_body_that_is_not_utf8_sends_its_exact_bytes() -> None:
    import base64

    from contracts.report.replay import curl_command

    body = b"\xff\xfe{'a': 1}\x00"
    document = {
        "root": "http://127.0.0.1:9",
        "request": {
            "method": "POST",
            "url": "http://127.0.0.1:9/x",
            "headers": [["Content-Type", "application/json"]],
            "body_base64": base64.b64encode(body).decode(),
        },
    }
    # A stand-in for curl that prints what --data-binary would send.
    fake = (
        'curl() { while [ $# -gt 0 ]; do [ "$1" = --data-binary ] && cat "${2#@}"; shift; done; }'
    )
    done = subprocess.run(
        ["bash", "-c", f"{fake}; {curl_command(document)}"],
        capture_output=True,
        timeout=10,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == body
