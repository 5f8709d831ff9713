"""The ``skuguard`` console script run as a user runs it, in a subprocess, for the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

SKUGUARD = (sys.executable, "-m", "contracts.cli")
TIMEOUT_S = 120


def clean_env(*, drop: Sequence[str] = (), **extra: str) -> dict[str, str]:
    """This process's environment without its ``SKUGUARD_*`` settings (and ``drop``), plus
    ``extra``: a test's command sees only the settings the test gives it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKUGUARD_") and k not in drop}
    env.update(extra)
    return env


def run_text(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    errors: str = "strict",
) -> subprocess.CompletedProcess[str]:
    """``command`` (e.g. ``[*SKUGUARD, "lint", ...]``) with text output; never raises on exit."""
    return subprocess.run(
        list(command),
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        errors=errors,
        timeout=TIMEOUT_S,
        env=dict(env) if env is not None else clean_env(),
        check=False,
    )


def run_bytes(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = TIMEOUT_S,
) -> subprocess.CompletedProcess[bytes]:
    """As :func:`run_text`, with bytes in and out."""
    return subprocess.run(
        list(command),
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=dict(env) if env is not None else clean_env(),
        check=False,
    )


__all__ = ["SKUGUARD", "TIMEOUT_S", "clean_env", "run_bytes", "run_text"]
