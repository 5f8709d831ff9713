"""The built wheel, not the checkout, answers --version, imports, and carries the specs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import contracts

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("skuguard-*.whl")
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def _run_from_wheel(site: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=site.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_wheel_ships_specs_and_packages(unpacked_wheel: Path) -> None:
    out = _run_from_wheel(
        unpacked_wheel,
        "import contracts, linter\n"
        "from linter import specs\n"
        "print(linter.__file__)\n"
        "for api in sorted(specs.SPEC_FILES):\n"
        "    print(api, specs.load_spec(api)['openapi'])\n",
    )
    lines = out.splitlines()
    assert lines[0].startswith(str(unpacked_wheel)), "imported the checkout, not the wheel"
    assert [line.split()[0] for line in lines[1:]] == ["kaching", "norce", "unleashed"]


def test_wheel_console_entry_prints_version(unpacked_wheel: Path) -> None:
    out = _run_from_wheel(
        unpacked_wheel,
        "import sys\nfrom contracts.cli.main import main\nsys.exit(main(['--version']))",
    )
    assert out.strip() == f"skuguard {contracts.__version__}"
