"""The --skuguard-* options: flags, ini keys, precedence, and clear usage errors."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SHOW_SETTINGS = """
def test_show(skuguard_settings):
    print("SETTINGS", repr(skuguard_settings))
"""


def _settings_line(result: pytest.RunResult) -> str:
    lines = [line[line.index("SETTINGS ") :] for line in result.outlines if "SETTINGS " in line]
    assert len(lines) == 1, result.stdout.str()
    return lines[0]


def test_defaults_need_no_configuration(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_show=SHOW_SETTINGS)
    result = pytester.runpytest("-s", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK
    assert _settings_line(result) == (
        "SETTINGS PluginSettings(base_url=None, api=None, fixtures=None, "
        "max_examples=25, seed=0, fault=None)"
    )


def test_ini_keys_are_read_and_flags_win(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_show=SHOW_SETTINGS)
    (pytester.path / "fixtures.toml").write_text('[kaching]\nstock_locations = ["store-1"]\n')
    pytester.makepyprojecttoml(
        """
        [tool.pytest.ini_options]
        skuguard_base_url = "http://127.0.0.1:9/kaching/"
        skuguard_api = "kaching"
        skuguard_fixtures = "fixtures.toml"
        skuguard_max_examples = "7"
        skuguard_seed = "3"
        """
    )
    result = pytester.runpytest("-s", "-p", "no:cacheprovider", "--skuguard-seed", "11")
    assert result.ret == pytest.ExitCode.OK
    line = _settings_line(result)
    assert "base_url='http://127.0.0.1:9/kaching'" in line
    assert "api='kaching'" in line
    assert f"fixtures={pytester.path / 'fixtures.toml'!r}" in line
    assert "max_examples=7, seed=11" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--skuguard-max-examples", "many"],
            "skuguard: --skuguard-max-examples: expected an integer, got 'many'",
        ),
        (
            ["--skuguard-max-examples", "0"],
            "skuguard: --skuguard-max-examples: must be at least 1*",
        ),
        (["--skuguard-seed", "-1"], "skuguard: --skuguard-seed: must be at least 0, got -1"),
        (["--skuguard-api", "shopify"], "skuguard: --skuguard-api: unknown API 'shopify'*"),
        (["--skuguard-base-url", "localhost:8080"], "skuguard: --skuguard-base-url: expected*"),
        (["--skuguard-fault", "no-such-fault"], "skuguard: --skuguard-fault: unknown fault*"),
        (["--skuguard-fixtures", "nowhere.toml"], "skuguard: --skuguard-fixtures: *no such file"),
    ],
)
def test_bad_values_are_usage_errors(
    pytester: pytest.Pytester, args: list[str], message: str
) -> None:
    pytester.makepyfile(test_show=SHOW_SETTINGS)
    result = pytester.runpytest("-p", "no:cacheprovider", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {message}"])
    assert "Traceback" not in result.stderr.str()


def test_bad_ini_value_names_the_ini_key(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_show=SHOW_SETTINGS)
    pytester.makeini("[pytest]\nskuguard_seed = soon\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: skuguard: ini key skuguard_seed: expected an integer, got 'soon'"]
    )


def test_help_lists_every_option(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["skuguard: commerce import API contracts:"])
    for flag in ("base-url", "api", "fixtures", "max-examples", "seed", "fault"):
        result.stdout.fnmatch_lines([f"  --skuguard-{flag}=*"])
        result.stdout.fnmatch_lines([f"  skuguard_{flag.replace('-', '_')} (string):*"])
