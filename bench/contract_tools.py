"""One run of each tool of the contract benchmark: plain `schemathesis run`, `skuguard contract`.

Each function runs its tool as a child process against a sandbox root and returns what it
found, how many requests it sent and its wall time, start-up included.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from contracts.credentials import Credentials
from contracts.run.target import SANDBOX_PREFIXES
from linter.specs import spec_file

RUN_TIMEOUT_S = 900
_OPERATION = re.compile(r"^_{3,} (.+?) _{3,}$")
_FAILURE = re.compile(r"^- (ST\d+) ")
_GENERATED = re.compile(r"(\d+) generated")


@dataclass(frozen=True)
class ToolRun:
    findings: frozenset[str]
    requests: int
    seconds: float


def _schemathesis_binary() -> str:
    return shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))


def _plain_config(credentials: Credentials, directory: Path) -> Path:
    config = directory / "schemathesis.toml"
    config.write_text(
        "\n".join(
            f'[auth.openapi.{name}]\napi_key = "{value}"'
            for name, value in (
                ("account", credentials.kaching_account),
                ("integration", credentials.kaching_integration),
                ("apikey", credentials.kaching_apikey),
            )
        )
        + "\n",
        encoding="utf-8",
    )
    return config


def _plain_headers(api: str, base_url: str, credentials: Credentials) -> list[str]:
    if api == "unleashed":
        return ["-H", f"api-auth-id: {credentials.unleashed_api_id}"]
    if api == "norce":
        reply = httpx.post(
            base_url + "/norce/identity/1.0/connect/token",
            data={
                "grant_type": "client_credentials",
                "client_id": credentials.norce_client_id,
                "client_secret": credentials.norce_client_secret,
            },
        )
        return ["-H", f"Authorization: Bearer {reply.json()['access_token']}"]
    return []


def run_plain(api: str, base_url: str, examples: int, seed: int, workdir: Path) -> ToolRun:
    """Plain Schemathesis with the auth it can be given; its whole run is timed."""
    credentials = Credentials.from_env()
    headers = _plain_headers(api, base_url, credentials)
    config = _plain_config(credentials, workdir)
    with spec_file(api) as spec:  # type: ignore[arg-type]
        started = time.monotonic()
        completed = subprocess.run(
            [
                _schemathesis_binary(),
                "--no-color",
                "--config-file",
                str(config),
                "run",
                str(spec),
                "--url",
                base_url + SANDBOX_PREFIXES[api],  # type: ignore[index]
                "-n",
                str(examples),
                "--seed",
                str(seed),
                *headers,
            ],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            check=False,
            cwd=workdir,  # its .schemathesis/ cache stays out of the checkout
        )
        seconds = time.monotonic() - started
    findings: set[str] = set()
    operation = ""
    for line in completed.stdout.splitlines():
        heading = _OPERATION.match(line.strip())
        if heading:
            operation = heading.group(1)
        failure = _FAILURE.match(line.strip())
        if failure:
            findings.add(f"{operation} {failure.group(1)}")
    generated = _GENERATED.search(completed.stdout)
    return ToolRun(frozenset(findings), int(generated.group(1)) if generated else 0, seconds)


def run_skuguard(
    api: str,
    base_url: str,
    examples: int,
    seed: int,
    workdir: Path,
    *,
    exitfirst: bool,
    extra: tuple[str, ...] = (),
) -> ToolRun:
    """``skuguard contract`` on one API; with ``exitfirst`` its time to detection."""
    report = workdir / f"skuguard-{api}.json"
    report.unlink(missing_ok=True)
    started = time.monotonic()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "contracts.cli",
            "contract",
            "--api",
            api,
            "--base-url",
            base_url + SANDBOX_PREFIXES[api],  # type: ignore[index]
            "--max-examples",
            str(examples),
            "--seed",
            str(seed),
            "--report-json",
            str(report),
            "--replay-dir",
            str(workdir / "replays"),
            *(["--exitfirst"] if exitfirst else []),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    seconds = time.monotonic() - started
    if not report.exists():
        raise RuntimeError(f"skuguard wrote no report:\n{completed.stderr[-2000:]}")
    document = json.loads(report.read_text(encoding="utf-8"))
    findings = {
        f"{operation['label']} {failure['check']}"
        for operation in document["operations"]
        for failure in operation["failures"]
    }
    return ToolRun(frozenset(findings), int(document["requests_sent"]), seconds)
