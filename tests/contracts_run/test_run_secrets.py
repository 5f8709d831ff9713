"""No secret of a contract run reaches the console, a report, a replay file or a curl command.

The sandbox and the run share distinctive credentials; faults that make auth probes fail
guarantee failing requests (with credentials on them) are reported and saved.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from contracts.credentials import Credentials
from contracts.run.auth import unleashed_signature
from contracts.run.target import SANDBOX_PREFIXES
from contracts.sandbox.server import running_sandbox

ROOTS: dict[str, str] = {str(api): root for api, root in SANDBOX_PREFIXES.items()}
ENV = {
    "SKUGUARD_NORCE_CLIENT_ID": "proof-client-id",
    "SKUGUARD_NORCE_CLIENT_SECRET": "Zq8-norce-CLIENT-secret-41",
    "SKUGUARD_KACHING_ACCOUNT": "proof-account",
    "SKUGUARD_KACHING_INTEGRATION": "proof-integration",
    "SKUGUARD_KACHING_APIKEY": "Kx7/kaching+APIKEY=93",
    "SKUGUARD_UNLEASHED_API_ID": "proof-api-id",
    "SKUGUARD_UNLEASHED_API_KEY": "Uv5-unleashed-API-KEY-62",
}
STATIC_TOKEN = "eyJproof.static.BEARER-token-77"

CASES = [
    ("norce", "norce-bearer-not-checked", []),
    ("norce", "norce-bearer-not-checked", ["-H", f"Authorization: Bearer {STATIC_TOKEN}"]),
    ("kaching", "kaching-apikey-not-checked", []),
    ("unleashed", "unleashed-signature-not-checked", []),
]


def _forms(secret: str) -> set[str]:
    return {
        secret,
        quote(secret, safe=""),
        quote(secret, safe="").lower(),
        base64.b64encode(secret.encode()).decode(),
    }


def _everything_written(output: str, workdir: Path) -> str:
    texts = [output]
    texts += [p.read_text(encoding="utf-8") for p in sorted(workdir.rglob("*")) if p.is_file()]
    return "\n".join(texts)


def _signatures(text: str, key: str) -> set[str]:
    """The signature of every query string that appears in the written text."""
    queries = {""}
    for url in re.findall(r"https?://[^\s\"']+", text):
        queries.add(urlsplit(url).query)
    return {unleashed_signature(key, query) for query in queries}


@pytest.mark.slow
@pytest.mark.parametrize(("api", "fault", "extra"), CASES)
def test_no_secret_is_written(
    api: str,
    fault: str,
    extra: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    contract: Any,
) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    credentials = Credentials.from_env()
    with running_sandbox(fault=fault, credentials=credentials) as sandbox:
        run = contract(
            tmp_path,
            [
                "--api",
                api,
                "--base-url",
                sandbox.base_url + ROOTS[api],
                "--seed",
                "3",
                "--max-examples",
                "5",
                "--junit",
                str(tmp_path / "junit.xml"),
                *extra,
            ],
        )
        assert sandbox.state is not None
        issued = set(sandbox.state.tokens._tokens)  # tokens the sandbox handed out
    assert run.exit_code == 1, run.output[-2000:]
    assert "ignored_auth" in run.failing_checks()
    written = _everything_written(run.output, tmp_path)
    assert (tmp_path / "junit.xml").exists()
    assert list((tmp_path / "replays").glob("*.json"))
    assert "http://127.0.0.1:" in written  # the scan sees the requests that were saved
    secrets = {*credentials.secrets(), STATIC_TOKEN, *issued}
    secrets |= _signatures(written, credentials.unleashed_api_key)
    for secret in secrets:
        for form in _forms(secret):
            assert form not in written, f"a form of a secret leaked: {form[:6]}…"
    assert not re.search(r"Bearer [A-Za-z0-9._~+/=-]{12,}", written)


@pytest.mark.slow
def test_replay_file_is_refilled_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contract: Any
) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    credentials = Credentials.from_env()
    with running_sandbox(fault="kaching-status-missing", credentials=credentials) as sandbox:
        base_url = sandbox.base_url + ROOTS["kaching"]
        run = contract(
            tmp_path,
            ["--api", "kaching", "--base-url", base_url, "--seed", "3", "--max-examples", "10"],
        )
        assert run.exit_code == 1
        replay = tmp_path / "replays" / "kaching-importStock-response_schema_conformance.json"
        document: dict[str, Any] = json.loads(replay.read_text(encoding="utf-8"))
        assert "{{SKUGUARD_KACHING_APIKEY}}" in document["request"]["url"]
        again = contract(tmp_path / "again", ["--replay", str(replay)])
    assert again.exit_code == 1, again.output
    assert "response_schema_conformance: still fails" in again.output
    assert ENV["SKUGUARD_KACHING_APIKEY"] not in again.output
