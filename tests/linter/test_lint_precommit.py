"""The pre-commit hook, run for real with `pre-commit try-repo` against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import linter

CHECKOUT = Path(linter.__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=60, env=env
    )
    return done.stdout


def _snapshot_of_checkout(target: Path, env: dict[str, str]) -> Path:
    """A one-commit repository holding the checkout's working tree as it is now.

    ``try-repo`` on a checkout only carries uncommitted changes of tracked files; a
    snapshot also carries new files (such as a hook manifest not committed yet).
    """
    listed = _git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=CHECKOUT)
    for name in filter(None, listed.split("\0")):
        source = CHECKOUT / name
        destination = target / name
        if source.is_symlink():
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.symlink_to(os.readlink(source))
        elif source.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    _git("init", "-q", cwd=target, env=env)
    _git("add", "-A", cwd=target, env=env)
    _git("commit", "-q", "-m", "snapshot", cwd=target, env=env)
    return target


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed beside python")
@pytest.mark.skipif(not (CHECKOUT / ".git").exists(), reason="not running from a git checkout")
def test_try_repo_fails_for_the_bad_payload_only(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "good.json").write_text('{"store-1": {"mug": 3, "shirt": {"red": 1}}}\n')
    (project / "bad.json").write_text('{"store-1": {"mug.large": "3"}}\n')
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SKUGUARD_"))},
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    _git("init", "-q", cwd=project, env=env)
    _git("add", "good.json", "bad.json", cwd=project, env=env)
    hook_repo = _snapshot_of_checkout(tmp_path / "hook-repo", env)

    def try_repo(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(hook_repo), "skuguard-lint", "--files", name],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    good = try_repo("good.json")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = try_repo("bad.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "KS002" in bad.stdout
    assert "bad.json" in bad.stdout
