"""The pre-commit hook, run for real with `pre-commit try-repo` against this checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.git_snapshot import PRE_COMMIT, git, git_env, pre_commit_test, snapshot_of_checkout


@pre_commit_test
def test_try_repo_fails_for_the_bad_payload_only(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "good.json").write_text('{"store-1": {"mug": 3, "shirt": {"red": 1}}}\n')
    (project / "bad.json").write_text('{"store-1": {"mug.large": "3"}}\n')
    env = git_env(tmp_path)
    git("init", "-q", cwd=project, env=env)
    git("add", "good.json", "bad.json", cwd=project, env=env)
    hook_repo = snapshot_of_checkout(tmp_path / "hook-repo", env)

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
