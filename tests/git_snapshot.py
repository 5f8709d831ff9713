"""Git helpers for the tests that run pre-commit hooks from this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import linter

CHECKOUT = Path(linter.__file__).resolve().parents[1]


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
