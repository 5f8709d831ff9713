"""The package installs, answers --version and --help, and ships its specs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from contracts.cli.main import main
from linter import specs


def test_version_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("skuguard ")


def test_help_lists_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "contracts.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: skuguard" in done.stdout


@pytest.mark.parametrize("api", sorted(specs.SPEC_FILES))
def test_spec_loads_through_package_resources(api: specs.Api) -> None:
    spec = specs.load_spec(api)
    assert spec["openapi"].startswith("3.")
    with specs.spec_file(api) as path:
        assert path.name == specs.SPEC_FILES[api]
