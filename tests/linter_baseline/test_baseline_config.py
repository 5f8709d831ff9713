"""``[tool.skuguard.lint] baseline = "…"``: honoured, overridden by --baseline, checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.linter_baseline.catalog import entries, product, skuguard, write_catalog


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.skuguard.lint]\nbaseline = "lint/.skuguard-baseline.json"\n', encoding="utf-8"
    )
    (tmp_path / "lint").mkdir()
    (tmp_path / "data").mkdir()
    write_catalog(tmp_path / "data" / "catalog.json", [product(n) for n in range(5)])
    return tmp_path


def test_config_baseline_is_written_and_honoured(project: Path) -> None:
    written = skuguard("lint", "data", "--update-baseline", cwd=project)
    assert written.returncode == 0, written.stderr
    baseline = project / "lint" / ".skuguard-baseline.json"
    assert {e["file"] for e in entries(baseline)} == {"../data/catalog.json"}
    done = skuguard("lint", "data", cwd=project)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "no problems in 1 file (5 in baseline)"
    inner = skuguard("lint", "catalog.json", cwd=project / "data")
    assert inner.returncode == 0, inner.stdout + inner.stderr


def test_command_line_baseline_overrides_the_config(project: Path) -> None:
    assert skuguard("lint", "data", "--update-baseline", cwd=project).returncode == 0
    empty = project / "empty.json"
    empty.write_text('{\n "findings": [],\n "version": 1\n}\n', encoding="utf-8")
    done = skuguard("lint", "data", "--baseline", "empty.json", "--format", "json", cwd=project)
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["baselined"] == 0


def test_precommit_file_list_with_the_baseline_file_in_it(project: Path) -> None:
    """pre-commit passes every changed file, the baseline itself among them."""
    assert skuguard("lint", "data", "--update-baseline", cwd=project).returncode == 0
    done = skuguard("lint", "data/catalog.json", "lint/.skuguard-baseline.json", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    alone = skuguard("lint", "lint/.skuguard-baseline.json", cwd=project)
    assert alone.returncode == 0, alone.stderr


def test_isolated_ignores_the_config_baseline(project: Path) -> None:
    assert skuguard("lint", "data", "--update-baseline", cwd=project).returncode == 0
    done = skuguard("lint", "data", "--isolated", cwd=project)
    assert done.returncode == 1
    assert "in baseline" not in done.stdout


@pytest.mark.parametrize("value", ["3", '""', "[]"])
def test_a_bad_config_value_is_one_line_and_exit_2(project: Path, value: str) -> None:
    (project / "pyproject.toml").write_text(f"[tool.skuguard.lint]\nbaseline = {value}\n")
    done = skuguard("lint", "data", cwd=project)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "baseline: expected the path of a baseline file" in done.stderr
