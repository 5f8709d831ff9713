"""Payload files as pytest items (``--skuguard-lint``), run in a throwaway repository.

Every run is a subprocess (``runpytest_subprocess``): numpy, under the linter, cannot be
loaded twice in one process, and pytester's in-process runs would load it again.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ONHAND = {"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "STORE", "OnhandValue": 5}
ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'
BAD_ONHAND_LINE = json.dumps(dict(ONHAND, OnhandValue="x"))
PACKAGE_JSON = '{"name": "shop-frontend", "version": "1.0.0", "dependencies": {}}'
WARNING_STOCK = '{"store-1": {"mug": 2.5}}\n'
PLAIN_TEST = "def test_plain():\n    assert 1 + 1 == 2\n"
BASE = ("-p", "no:cacheprovider", "-p", "no:randomly")

LINT_ITEMS = {
    "payloads/bad.json::skuguard-lint",
    "payloads/good.json::skuguard-lint",
    "payloads/stock.json::skuguard-lint",
}


@pytest.fixture
def repo(pytester: pytest.Pytester) -> Path:
    """Two Norce on-hand bodies with sidecar headers (one good, one with an error on line 2),
    a Ka-ching stock file with a warning only, an ordinary package.json and a plain test."""
    root = pytester.path
    payloads = root / "payloads"
    payloads.mkdir()
    (payloads / "good.json").write_text(json.dumps([ONHAND]) + "\n")
    (payloads / "good.header.json").write_text(ONHAND_HEADER)
    (payloads / "bad.json").write_text(f"[\n{BAD_ONHAND_LINE}\n]\n")
    (payloads / "bad.header.json").write_text(ONHAND_HEADER)
    (payloads / "stock.json").write_text(WARNING_STOCK)
    (root / "package.json").write_text(PACKAGE_JSON)
    (root / "test_plain.py").write_text(PLAIN_TEST)
    return root


def _collected(result: pytest.RunResult) -> set[str]:
    return {line for line in result.outlines if "::" in line and " " not in line}


def _summary(result: pytest.RunResult) -> set[str]:
    return {line for line in result.outlines if line.startswith(("PASSED ", "FAILED "))}


def test_under_xdist_a_bad_payload_fails_as_its_own_item(
    pytester: pytest.Pytester, repo: Path
) -> None:
    result = pytester.runpytest_subprocess(*BASE, "--skuguard-lint", "-n", "2", "-rA")
    result.assert_outcomes(passed=3, failed=1)
    assert _summary(result) >= {
        "PASSED payloads/good.json::skuguard-lint",
        "PASSED payloads/stock.json::skuguard-lint",
        "PASSED test_plain.py::test_plain",
    }
    assert any(
        line.startswith("FAILED payloads/bad.json::skuguard-lint") for line in _summary(result)
    )
    result.stdout.fnmatch_lines(
        [
            "payloads/bad.json:2:*: error SG003 does not match the SkuOnhand schema*",
            "2 | *OnhandValue*",
            "*^",
            "1 error in 1 file",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "package.json" not in result.stdout.str()


def test_collects_what_lint_dir_would_pick(pytester: pytest.Pytester, repo: Path) -> None:
    without = pytester.runpytest_subprocess(*BASE, "--collect-only", "-q")
    assert _collected(without) == {"test_plain.py::test_plain"}
    vendored = repo / "payloads" / "vendored"
    vendored.mkdir()
    (vendored / "copy.json").write_text(json.dumps([ONHAND]))
    (repo / "payloads" / "notes.xml").write_text("<notes><note>not a payload</note></notes>")
    (repo / "payloads" / "empty.json").write_text("[]")
    before = pytester.runpytest_subprocess(*BASE, "--skuguard-lint", "--collect-only", "-q")
    assert _collected(before) == {
        *LINT_ITEMS,
        "payloads/vendored/copy.json::skuguard-lint",
        "test_plain.py::test_plain",
    }
    (repo / "pyproject.toml").write_text(
        "[tool.skuguard.lint]\n"
        'extend-exclude = ["payloads/vendored"]\n'
        'kinds = { "payloads/empty.json" = "norce.onhands" }\n'
    )
    result = pytester.runpytest_subprocess(*BASE, "--skuguard-lint", "--collect-only", "-q")
    assert _collected(result) == {
        *LINT_ITEMS,
        "payloads/empty.json::skuguard-lint",
        "test_plain.py::test_plain",
    }


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitignored_payloads_are_not_collected(pytester: pytest.Pytester, repo: Path) -> None:
    subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=60)
    (repo / ".gitignore").write_text("payloads/bad.json\n")
    result = pytester.runpytest_subprocess(*BASE, "--skuguard-lint", "--collect-only", "-q")
    assert _collected(result) == {*LINT_ITEMS, "test_plain.py::test_plain"} - {
        "payloads/bad.json::skuguard-lint"
    }
    named = pytester.runpytest_subprocess(
        *BASE, "--skuguard-lint", "--collect-only", "-q", "payloads/bad.json"
    )
    assert _collected(named) == {"payloads/bad.json::skuguard-lint"}


def test_ini_keys_turn_it_on_limit_the_paths_and_make_it_strict(
    pytester: pytest.Pytester, repo: Path
) -> None:
    other = repo / "other"
    other.mkdir()
    (other / "rows.json").write_text(f"[\n{BAD_ONHAND_LINE}\n]\n")
    pytester.makepyprojecttoml(
        """
        [tool.pytest.ini_options]
        skuguard_lint = true
        skuguard_lint_strict = true
        skuguard_lint_paths = ["payloads"]
        """
    )
    result = pytester.runpytest_subprocess(*BASE, "-rA")
    result.assert_outcomes(passed=2, failed=2)
    summary = _summary(result)
    assert "PASSED payloads/good.json::skuguard-lint" in summary
    assert any(line.startswith("FAILED payloads/stock.json::skuguard-lint") for line in summary)
    assert not any("other/" in line for line in summary)
    result.stdout.fnmatch_lines(["payloads/stock.json:1:14: warning KS003 *"])


def test_warnings_pass_unless_strict_and_are_shown(pytester: pytest.Pytester, repo: Path) -> None:
    lenient = pytester.runpytest_subprocess(*BASE, "--skuguard-lint", "-rP", "payloads/stock.json")
    lenient.assert_outcomes(passed=1)
    lenient.stdout.fnmatch_lines(["*skuguard lint*", "payloads/stock.json:1:14: warning KS003 *"])
    strict = pytester.runpytest_subprocess(
        *BASE, "--skuguard-lint", "--skuguard-lint-strict", "payloads/stock.json"
    )
    strict.assert_outcomes(failed=1)


def test_marker_selects_the_payload_items(pytester: pytest.Pytester, repo: Path) -> None:
    only = pytester.runpytest_subprocess(
        *BASE, "--skuguard-lint", "--collect-only", "-q", "-m", "skuguard_lint"
    )
    assert _collected(only) == LINT_ITEMS
    others = pytester.runpytest_subprocess(
        *BASE, "--strict-markers", "--skuguard-lint", "-m", "not skuguard_lint"
    )
    others.assert_outcomes(passed=1, deselected=3)


def test_sidecar_header_is_linted_with_its_body(pytester: pytest.Pytester, repo: Path) -> None:
    (repo / "payloads" / "good.header.json").write_text('{"AccountId":1}')
    result = pytester.runpytest_subprocess(*BASE, "--skuguard-lint", "-rA", "payloads")
    result.assert_outcomes(passed=1, failed=2)
    assert any(line.startswith("FAILED payloads/good.json::") for line in _summary(result))
    result.stdout.fnmatch_lines(["payloads/good.header.json:1:*: error SG003 *"])


def test_a_named_file_of_no_payload_kind_fails_in_one_line(
    pytester: pytest.Pytester, repo: Path
) -> None:
    result = pytester.runpytest_subprocess(*BASE, "--skuguard-lint", "package.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["skuguard: package.json: cannot tell the payload kind*"])
    assert "Traceback" not in result.stdout.str()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"pytest.ini": "[pytest]\nskuguard_lint_paths = nowhere\n"},
            "ERROR: skuguard: ini key skuguard_lint_paths: */nowhere: no such file or directory",
        ),
        (
            {"pyproject.toml": '[tool.skuguard.lint]\nselect = ["XX9"]\n'},
            "ERROR: skuguard: *XX9*",
        ),
    ],
)
def test_bad_settings_are_usage_errors(
    pytester: pytest.Pytester, repo: Path, files: dict[str, str], message: str
) -> None:
    for name, text in files.items():
        (repo / name).write_text(text)
    result = pytester.runpytest_subprocess(*BASE, "--skuguard-lint")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "Traceback" not in result.stderr.str()


def test_help_lists_the_lint_options(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["  --skuguard-lint *collect payload files*"])
    result.stdout.fnmatch_lines(["  --skuguard-lint-strict*"])
    for key, kind in (
        ("skuguard_lint", "bool"),
        ("skuguard_lint_strict", "bool"),
        ("skuguard_lint_paths", "paths"),
    ):
        result.stdout.fnmatch_lines([f"  {key} ({kind}):*"])
