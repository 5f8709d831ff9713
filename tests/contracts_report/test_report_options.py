"""Bad values of the new options end with one clear line and exit 2, before anything is sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("args", "place"),
    [
        (["--rate-limit", "fast"], "--rate-limit"),
        (["--rate-limit", "0/s"], "--rate-limit"),
        (["--rate-limit", "5/h"], "--rate-limit"),
        (["--request-timeout", "0"], "--request-timeout"),
        (["--max-time", "-3"], "--max-time"),
        (["--max-time", "nan"], "--max-time"),
    ],
)
def test_bad_option_is_a_usage_error(
    args: list[str], place: str, tmp_path: Path, contract: Any
) -> None:
    run = contract(tmp_path, ["--api", "kaching", "--base-url", "http://127.0.0.1:9", *args])
    assert run.exit_code == 2
    assert f"skuguard: {place}: " in run.output
    assert "Traceback" not in run.output
    assert run.report is None
