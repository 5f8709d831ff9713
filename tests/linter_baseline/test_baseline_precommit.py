"""The pre-commit hook honours ``[tool.skuguard.lint] baseline`` (run for real, try-repo)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.linter.test_lint_precommit import CHECKOUT, PRE_COMMIT, _git, _snapshot_of_checkout
from tests.linter_baseline.catalog import skuguard


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed beside python")
@pytest.mark.skipif(not (CHECKOUT / ".git").exists(), reason="not running from a git checkout")
def test_hook_reports_only_findings_not_in_the_configured_baseline(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.skuguard.lint]\nbaseline = ".skuguard-baseline.json"\n'
    )
    (project / "stock.json").write_text('{"store-1": {"mug.large": 3}}\n')
    written = skuguard("lint", "stock.json", "--update-baseline", cwd=project)
    assert written.returncode == 0, written.stderr
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SKUGUARD_"))},
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    _git("init", "-q", cwd=project, env=env)
    _git("add", "-A", cwd=project, env=env)
    hook_repo = _snapshot_of_checkout(tmp_path / "hook-repo", env)

    def try_repo(*names: str) -> subprocess.CompletedProcess[str]:
        files = [arg for name in names for arg in ("--files", name)]
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(hook_repo), "skuguard-lint", *files],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    baselined = try_repo("stock.json", ".skuguard-baseline.json")
    assert baselined.returncode == 0, baselined.stdout + baselined.stderr
    (project / "stock.json").write_text('{"store-1": {"mug.large": 3, "cup#2": 1}}\n')
    _git("add", "stock.json", cwd=project, env=env)
    new = try_repo("stock.json")
    assert new.returncode == 1, new.stdout + new.stderr
    heads = [line for line in new.stdout.splitlines() if line.startswith("stock.json:")]
    assert heads, new.stdout
    assert all("cup#2" in line and "mug.large" not in line for line in heads), heads
    assert "in baseline)" in new.stdout
