"""The pre-commit hook honours ``[tool.skuguard.lint] baseline`` (run for real, try-repo)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.git_snapshot import PRE_COMMIT, git, git_env, pre_commit_test, snapshot_of_checkout
from tests.linter_baseline.catalog import skuguard


@pre_commit_test
def test_hook_reports_only_findings_not_in_the_configured_baseline(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.skuguard.lint]\nbaseline = ".skuguard-baseline.json"\n'
    )
    (project / "stock.json").write_text('{"store-1": {"mug.large": 3}}\n')
    written = skuguard("lint", "stock.json", "--update-baseline", cwd=project)
    assert written.returncode == 0, written.stderr
    env = git_env(tmp_path)
    git("init", "-q", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)
    hook_repo = snapshot_of_checkout(tmp_path / "hook-repo", env)

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
    git("add", "stock.json", cwd=project, env=env)
    new = try_repo("stock.json")
    assert new.returncode == 1, new.stdout + new.stderr
    heads = [line for line in new.stdout.splitlines() if line.startswith("stock.json:")]
    assert heads, new.stdout
    assert all("cup#2" in line and "mug.large" not in line for line in heads), heads
    assert "in baseline)" in new.stdout
