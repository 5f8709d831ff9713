"""A secret given with -H (a custom key header, a Cookie) or sent as a query key reaches no
sink: console, JSON, JUnit, HTML, HAR, replay files and curl lines; --replay refills it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from contracts.credentials import Credentials
from contracts.sandbox.server import running_sandbox

API_KEY = "abcd1234secret"
COOKIE_VALUE = "cookie-value-5577"
QUERY_KEY = "Qk9/query+KEY=31"
ENV = {"SKUGUARD_KACHING_APIKEY": QUERY_KEY}


def _written(output: str, workdir: Path) -> str:
    files = [p.read_text(encoding="utf-8") for p in sorted(workdir.rglob("*")) if p.is_file()]
    return "\n".join([output, *files])


@pytest.mark.slow
def test_header_cookie_and_query_secrets_leak_nowhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contract: Any
) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    with running_sandbox(fault="kaching-status-missing", credentials=Credentials.from_env()) as sb:
        run = contract(
            tmp_path,
            [
                "--api",
                "kaching",
                "--base-url",
                sb.base_url + "/kaching",
                "--seed",
                "2",
                "--max-examples",
                "3",
                "-x",
                "-H",
                f"X-Api-Key: {API_KEY}",
                "-H",
                f"Cookie: session={COOKIE_VALUE}",
                "--junit",
                str(tmp_path / "junit.xml"),
                "--report-html",
                str(tmp_path / "report.html"),
                "--report-har",
                str(tmp_path / "run.har"),
            ],
        )
        assert run.exit_code == 1, run.output[-2000:]
        replays = sorted((tmp_path / "replays").glob("*.json"))
        assert replays
        document = json.loads(replays[0].read_text(encoding="utf-8"))
        headers = {k.lower(): v for k, v in document["request"]["headers"]}
        assert headers["x-api-key"] == "{{SKUGUARD_HEADER_X_API_KEY}}"
        again = contract(
            tmp_path / "again",
            [
                "--replay",
                str(replays[0]),
                "-H",
                f"X-Api-Key: {API_KEY}",
                "-H",
                f"Cookie: x={COOKIE_VALUE}",
            ],
        )
        missing = contract(tmp_path / "missing", ["--replay", str(replays[0])])
    written = _written(run.output + again.output + missing.output, tmp_path)
    for name in ("junit.xml", "report.html", "run.har", "report.json"):
        assert (tmp_path / name).exists(), name
    assert "[REDACTED]" in written  # the scan sees the places the secrets were
    for secret in (API_KEY, COOKIE_VALUE, QUERY_KEY, quote(QUERY_KEY, safe="")):
        assert secret not in written, f"leaked: {secret[:5]}…"
    assert again.exit_code == 1, again.output
    assert "still fails" in again.output
    assert missing.exit_code == 2
    assert "SKUGUARD_HEADER_" in missing.output
