"""Installed but unused, the plugin changes nothing and imports nothing heavy."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

pytest_plugins = ["pytester"]

HEAVY_MODULES = (
    "schemathesis",
    "hypothesis",
    "starlette",
    "uvicorn",
    "httpx",
    "jsonschema",
    "yaml",
    "numpy",
    "pydantic",
    "linter",
    "contracts.sandbox",
    "contracts.run.runner",
)

PROBE = f"""
import json, sys
import contracts.pytest.plugin
import contracts
heavy = {HEAVY_MODULES!r}
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""

USER_CONFTEST = """
import pytest


def pytest_report_header(config):
    return f"skuguard plugin loaded: {config.pluginmanager.has_plugin('skuguard')}"


@pytest.fixture
def sku():
    return "SKU-1"
"""

USER_TESTS = """
import pytest


def test_plain(sku):
    assert sku == "SKU-1"


@pytest.mark.parametrize("count", [0, 1, 7])
def test_parametrized(count):
    assert count >= 0


@pytest.mark.skip(reason="not today")
def test_skipped():
    raise AssertionError


@pytest.mark.xfail(reason="known", strict=True)
def test_expected_failure():
    raise AssertionError


@pytest.mark.slowish
class TestGroup:
    def test_method(self, tmp_path):
        assert tmp_path.is_dir()


def add(a, b):
    '''
    >>> add(2, 3)
    5
    '''
    return a + b
"""

USER_PYPROJECT = """
[tool.pytest.ini_options]
addopts = "--strict-markers --strict-config --doctest-modules"
markers = ["slowish: a marker of the user's own"]
"""

RESULT_LINE = re.compile(r"^(\S+::\S+) (PASSED|FAILED|SKIPPED|XFAIL|XPASS|ERROR)\b")


def test_importing_the_plugin_imports_nothing_heavy() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == []


def _verbose_results(result: pytest.RunResult) -> dict[str, str]:
    found = {}
    for line in result.outlines:
        match = RESULT_LINE.match(line)
        if match:
            found[match[1]] = match[2]
    return found


def test_installed_but_unused_changes_nothing(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(USER_CONFTEST)
    pytester.makepyfile(test_user=USER_TESTS)
    pytester.makepyprojecttoml(USER_PYPROJECT)

    with_plugin = pytester.runpytest_subprocess("-v", "-p", "no:cacheprovider")
    without = pytester.runpytest_subprocess("-v", "-p", "no:cacheprovider", "-p", "no:skuguard")

    with_plugin.stdout.fnmatch_lines(["skuguard plugin loaded: True"])
    without.stdout.fnmatch_lines(["skuguard plugin loaded: False"])
    assert with_plugin.ret == without.ret == pytest.ExitCode.OK
    assert with_plugin.parseoutcomes() == without.parseoutcomes()
    results = _verbose_results(with_plugin)
    assert results == _verbose_results(without)
    assert list(results) == [
        "test_user.py::test_user.add",
        "test_user.py::test_plain",
        "test_user.py::test_parametrized[0]",
        "test_user.py::test_parametrized[1]",
        "test_user.py::test_parametrized[7]",
        "test_user.py::test_skipped",
        "test_user.py::test_expected_failure",
        "test_user.py::TestGroup::test_method",
    ]
