"""docs/rules.md is what ``python -m linter.docs`` writes from the registry today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linter import docs
from linter.registry import all_rules


def test_docs_rules_md_is_current() -> None:
    committed = docs.DEFAULT_PATH.read_text(encoding="utf-8")
    assert committed == docs.render(), "docs/rules.md is stale: run `python -m linter.docs`"


def test_every_rule_has_a_section_with_its_examples() -> None:
    page = docs.render()
    for registered in all_rules():
        section = page.split(f"## {registered.code} `{registered.name}`", 1)
        assert len(section) == 2, registered.code
        body = section[1].split("\n## ", 1)[0]
        assert registered.summary in body
        assert "Bad:" in body
        assert "Good:" in body


def test_module_writes_the_page(tmp_path: Path) -> None:
    target = tmp_path / "rules.md"
    subprocess.run(
        [sys.executable, "-m", "linter.docs", str(target)], check=True, capture_output=True
    )
    assert target.read_text(encoding="utf-8") == docs.render()


def test_check_writes_nothing_and_tells_stale_from_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "rules.md"
    target.write_text("old\n", encoding="utf-8")
    assert docs.main([str(target), "--check"]) == 1
    assert target.read_text(encoding="utf-8") == "old\n"
    assert not (tmp_path / "--check").exists()
    docs.main([str(target)])
    assert docs.main([str(target), "--check"]) == 0
