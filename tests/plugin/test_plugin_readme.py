"""The "Use it in your test suite" example runs verbatim in a throwaway repository.

The example is read from README.md's section of that title. Each fenced block whose first
line is a comment naming a file (``# pyproject.toml``) is written to that file,
unchanged; other blocks (shell) are prose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
SECTION_TITLE = "Use it in your test suite"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
FILE_COMMENT = re.compile(r"^#\s*([\w.-]+\.(?:py|toml|ini|cfg))\s*$")


def section(text: str, title: str) -> str | None:
    """The body of the ``##`` section titled ``title``, up to the next ``##`` heading."""
    match = re.search(rf"^##\s+{re.escape(title)}\s*$", text, re.MULTILINE)
    if match is None:
        return None
    rest = text[match.end() :]
    following = re.search(r"^##\s", rest, re.MULTILINE)
    return rest[: following.start()] if following else rest


def example_source() -> tuple[Path, str]:
    readme = ROOT / "README.md"
    found = section(readme.read_text(encoding="utf-8"), SECTION_TITLE)
    if found is None:
        raise AssertionError(f"no section {SECTION_TITLE!r} in README.md")
    return readme, found


def example_files(text: str) -> dict[str, str]:
    files: dict[str, str] = {}
    for block in FENCE.findall(text):
        first_line = block.split("\n", 1)[0]
        named = FILE_COMMENT.match(first_line)
        if named:
            assert named[1] not in files, f"{named[1]} appears twice in the example"
            files[named[1]] = block
    return files


def test_example_files_are_found() -> None:
    source, text = example_source()
    files = example_files(text)
    assert {"pyproject.toml", "test_stock_export.py"} <= set(files), source
    assert "contract_tests(" in files["test_stock_export.py"]


@pytest.mark.slow
def test_readme_example_runs_verbatim(pytester: pytest.Pytester) -> None:
    _, text = example_source()
    files = example_files(text)
    for name, content in files.items():
        (pytester.path / name).write_text(content, encoding="utf-8")
    test_modules = [name for name in files if name.startswith("test_") and name.endswith(".py")]
    # Fewer examples than the example's own setting keep this test quick; nothing else changes.
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--skuguard-max-examples", "3", *test_modules
    )
    result.stdout.fnmatch_lines(["configfile: pyproject.toml"])
    result.assert_outcomes(passed=6)
