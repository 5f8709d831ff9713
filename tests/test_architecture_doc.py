"""docs/architecture.md opens with the package tree, one line per package, and it is true."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _documented() -> list[str]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(.*?)```", text, re.S)
    assert block, "architecture.md has no tree block"
    return [line.split()[0].rstrip("/") for line in block.group(1).splitlines() if line.strip()]


def _packages() -> list[str]:
    found = ["openapi"]
    for top in ("linter", "contracts"):
        for init in sorted((ROOT / top).rglob("__init__.py")):
            found.append(init.parent.relative_to(ROOT).as_posix())
    return found


def test_the_tree_lists_every_package_once_and_nothing_else() -> None:
    documented = _documented()
    assert len(documented) == len(set(documented))
    assert sorted(documented) == sorted(_packages())


def test_the_tree_comes_first() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert text.index("```text") < text.index("\n## ")
