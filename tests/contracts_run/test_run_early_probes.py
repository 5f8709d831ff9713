"""Probes that need an accepted request run as soon as an operation has one, so `-x` stops
there: the token probes at Norce's first accepted request, `ignored_auth` and
`accept_honoured` at each operation's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contracts.ratelimit import TokenBucket
from contracts.run.target import SANDBOX_PREFIXES
from contracts.sandbox.server import running_sandbox


def _exitfirst(tmp_path: Path, contract: Any, fault: str, api: str) -> Any:
    with running_sandbox(fault=fault) as sandbox:
        url = sandbox.base_url + SANDBOX_PREFIXES[api]  # type: ignore[index]
        return contract(tmp_path, ["--api", api, "--base-url", url, "--seed", "7", "-x"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fault", "check"),
    [
        ("norce-token-never-expires", "token_expiry"),
        ("norce-token-not-rate-limited", "token_rate_limit"),
    ],
)
def test_token_probes_run_before_the_imports_are_done(
    tmp_path: Path, contract: Any, fault: str, check: str
) -> None:
    run = _exitfirst(tmp_path, contract, fault, "norce")
    assert run.exit_code == 1, run.output[-3000:]
    assert run.failing_checks() == {check}
    labels = [operation["label"] for operation in run.report["operations"]]
    assert labels[-1].endswith("/connect/token")
    assert not any(label.endswith("/ImportProducts") for label in labels)


@pytest.mark.slow
def test_ignored_auth_is_probed_at_the_first_accepted_request(
    tmp_path: Path, contract: Any
) -> None:
    run = _exitfirst(tmp_path, contract, "kaching-apikey-not-checked", "kaching")
    assert run.exit_code == 1, run.output[-3000:]
    assert run.failing_checks() == {"ignored_auth"}
    (operation,) = run.report["operations"]
    assert operation["operation_id"] == "importStock"
    assert operation["cases"] == 1


@pytest.mark.slow
def test_each_declared_media_type_is_asked_for_at_the_first_accepted_request(
    tmp_path: Path, contract: Any
) -> None:
    run = _exitfirst(tmp_path, contract, "unleashed-xml-ignored", "unleashed")
    assert run.exit_code == 1, run.output[-3000:]
    assert run.failing_checks() == {"accept_honoured"}
    (operation,) = run.report["operations"]
    assert operation["cases"] == 1
    assert "Accept: application/xml" in operation["failures"][0]["message"]


def test_a_spent_bucket_waits_for_its_refill() -> None:
    now = [0.0]
    bucket = TokenBucket(rate_per_minute=3, burst=20, clock=lambda: now[0])
    assert bucket.wait_time() == 0.0
    bucket.empty()
    assert bucket.wait_time() == pytest.approx(20.0)
    now[0] = 20.0
    assert bucket.wait_time() == 0.0
