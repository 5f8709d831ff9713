"""Git helpers for the tests that run pre-commit hooks from this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

import linter

CHECKOUT = Path(linter.__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

_Test = TypeVar("_Test", bound=Callable[..., Any])

_PRE_COMMIT_MARKS = (
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed beside python"),
    pytest.mark.skipif(not (CHECKOUT / ".git").exists(), reason="not running from a git checkout"),
)


def pre_commit_test(test: _Test) -> _Test:
    """Mark a test that runs pre-commit on a git repository: slow, skipped without the tools."""
    for mark in reversed(_PRE_COMMIT_MARKS):
        test = mark(test)
    return test


def git_env(tmp_path: Path) -> dict[str, str]:
    """The environment without the caller's git and skuguard settings, with a test author
    and a pre-commit cache under ``tmp_path``."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SKUGUARD_"))},
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``git args`` in ``cwd`` (one minute at most); its standard output."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=60, env=env
    )
    return done.stdout


def snapshot_of_checkout(target: Path, env: dict[str, str]) -> Path:
    """A one-commit repository holding the checkout's working tree as it is now.

    ``try-repo`` on a checkout only carries uncommitted changes of tracked files; a
    snapshot also carries new files (such as a hook manifest not committed yet).
    """
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=CHECKOUT)
    for name in filter(None, listed.split("\0")):
        source = CHECKOUT / name
        destination = target / name
        if source.is_symlink():
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.symlink_to(os.readlink(source))
        elif source.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    git("init", "-q", cwd=target, env=env)
    git("add", "-A", cwd=target, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=target, env=env)
    return target
