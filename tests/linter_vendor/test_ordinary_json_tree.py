"""pre-commit in an ordinary repository: tooling JSON beside real payloads (issue #12).

The shipped hook gets every JSON and XML file of the repository. Only payloads may be judged:
a file whose kind cannot be detected is skipped with one info line, and kind detection must not
guess from shapes that ordinary files share (tsconfig.json is an object of objects, and
Ka-ching stock has number leaves only).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.git_snapshot import PRE_COMMIT, git, git_env, pre_commit_test, snapshot_of_checkout

from .conftest import CORPUS

SKUGUARD = Path(sys.executable).with_name("skuguard")

TOOLING: dict[str, object] = {
    "package.json": {
        "name": "shop-sync",
        "version": "1.4.0",
        "private": True,
        "scripts": {"build": "tsc -p .", "test": "vitest run"},
        "dependencies": {"axios": "^1.7.2"},
        "devDependencies": {"typescript": "^5.5.0", "vitest": "^2.0.0"},
    },
    "tsconfig.json": {
        "compilerOptions": {"strict": True, "target": "ES2022", "outDir": "dist", "noEmit": False},
        "include": ["src"],
    },
    "composer.json": {
        "name": "acme/shop-sync",
        "require": {"php": ">=8.2", "guzzlehttp/guzzle": "^7.8"},
        "autoload": {"psr-4": {"Acme\\ShopSync\\": "src/"}},
    },
    ".eslintrc.json": {"root": True, "extends": ["eslint:recommended"], "rules": {"semi": 2}},
    "renovate.json": {
        "$schema": "https://docs.renovatebot.com/renovate-schema.json",
        "extends": ["config:recommended"],
    },
    ".vscode/settings.json": {"editor.tabSize": 2, "files.eol": "\n"},
    "turbo.json": {"pipeline": {"build": {"outputs": ["dist/**"]}, "lint": {}}},
    ".github/workflows/ci.json": {
        "name": "ci",
        "on": {"push": {"branches": ["main"]}},
        "jobs": {"test": {"runs-on": "ubuntu-latest", "steps": [{"uses": "actions/checkout@v4"}]}},
    },
    "counts.json": {"retries": 3, "timeout": 30},
}


def _ordinary_project(project: Path) -> None:
    for name, content in TOOLING.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    payloads = project / "payloads"
    payloads.mkdir()
    (payloads / "stock.json").write_text('{"store-1": {"mug": 3, "shirt": {"red": 1}}}\n')
    for name in ("onhands-dates.json", "onhands-dates.header.json"):
        shutil.copy2(CORPUS / name, payloads / name)
    (payloads / "bad-stock.json").write_text('{"store-1": {"mug.large": "3"}}\n')
    ignored = project / "node_modules" / "left-pad"
    ignored.mkdir(parents=True)
    (ignored / "package.json").write_text('{"name": "left-pad", "version": "1.3.0"}\n')
    (ignored / "stock.json").write_text('{"store-1": {"mug.large": "3"}}\n')
    (project / ".gitignore").write_text("node_modules/\n")


@pre_commit_test
def test_try_repo_on_an_ordinary_repository_fails_for_the_bad_payload_only(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _ordinary_project(project)
    env = git_env(tmp_path)
    git("init", "-q", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)
    assert "node_modules" not in git("ls-files", cwd=project, env=env)
    hook_repo = snapshot_of_checkout(tmp_path / "hook-repo", env)
    done = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook_repo), "skuguard-lint", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 1, report
    assert "KS002" in report
    assert "bad-stock.json" in report
    error_lines = [line for line in report.splitlines() if " error" in line or ": KS" in line]
    for name in TOOLING:
        assert not any(name in line for line in error_lines), report
    assert "cannot tell the payload kind" not in report


def test_lint_of_an_ordinary_tree_judges_only_the_payloads(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _ordinary_project(project)
    (project / "pyproject.toml").write_text(
        '[tool.skuguard.lint]\nextend-exclude = ["counts.json"]\n', encoding="utf-8"
    )
    done = subprocess.run(
        [str(SKUGUARD), "lint", "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 1, report
    assert "bad-stock.json" in report
    assert "node_modules" not in report
    assert "counts.json" not in report
    for name in TOOLING:
        lines = [line for line in report.splitlines() if name in line]
        assert all("info" in line for line in lines), report


def test_an_explicit_kind_that_cannot_apply_is_still_a_usage_error(tmp_path: Path) -> None:
    package = tmp_path / "package.json"
    package.write_text(json.dumps(TOOLING["package.json"]), encoding="utf-8")
    done = subprocess.run(
        [str(SKUGUARD), "lint", "--kind", "norce.products", str(package)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (1, 2), done.stdout + done.stderr


@pytest.mark.parametrize("name", sorted(TOOLING))
def test_a_tooling_file_is_no_detected_payload(name: str) -> None:
    from linter.read.detect import detect_kind

    assert detect_kind(json.dumps(TOOLING[name]).encode()) is None


@pytest.mark.parametrize(
    "body",
    [
        b'{"store-1": {"mug": 3, "shirt": {"red": 1}}}',
        b'{"store-1": {"mug.large": "3"}}',
        b'{"webshop": {"mug": -2.5}}',
    ],
)
def test_ka_ching_stock_is_still_detected(body: bytes) -> None:
    from linter.read.detect import detect_kind

    assert detect_kind(body) == "kaching.stock"


def test_an_object_of_objects_with_word_leaves_is_no_stock() -> None:
    from linter.read.detect import detect_kind

    assert detect_kind(b'{"scripts": {"build": "tsc", "test": "vitest"}}') is None
    assert detect_kind(b'{"flags": {"strict": true}}') is None
