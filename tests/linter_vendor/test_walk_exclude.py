"""The directory walk honours .gitignore and [tool.skuguard.lint] exclude / extend-exclude."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from linter import lint_path
from linter.config import ConfigError, find_config
from linter.walk import DEFAULT_EXCLUDE

BAD_STOCK = '{"store-1": {"mug.large": "3"}}\n'


def _tree(root: Path) -> None:
    for name in ("payloads/bad.json", "node_modules/x/bad.json", "vendor/bad.json"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(BAD_STOCK, encoding="utf-8")


def _linted(root: Path) -> set[str]:
    result = lint_path(root, config=find_config(root))
    return {Path(d.file).relative_to(root).as_posix() for d in result.diagnostics}


def test_default_excludes_skip_dependency_folders(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert _linted(tmp_path) == {"payloads/bad.json", "vendor/bad.json"}


def test_extend_exclude_adds_to_the_defaults(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.skuguard.lint]\nextend-exclude = ["vendor"]\n')
    assert _linted(tmp_path) == {"payloads/bad.json"}


def test_exclude_replaces_the_defaults(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.skuguard.lint]\nexclude = ["payloads/*"]\n')
    assert _linted(tmp_path) == {"node_modules/x/bad.json", "vendor/bad.json"}
    assert ".*" in DEFAULT_EXCLUDE


def test_a_bad_exclude_value_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.skuguard.lint]\nexclude = "vendor"\n')
    with pytest.raises(ConfigError, match="exclude: expected a list of glob patterns"):
        find_config(tmp_path)


def test_an_unknown_key_still_errors(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.skuguard.lint]\nexcludes = ["vendor"]\n')
    with pytest.raises(ConfigError, match="unknown key 'excludes'"):
        find_config(tmp_path)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_holds_inside_a_work_tree(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / ".gitignore").write_text("vendor/\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, timeout=60)
    assert _linted(tmp_path) == {"payloads/bad.json"}
