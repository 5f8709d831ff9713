"""Shared test helpers: run ``skuguard contract`` in-process against a sandbox."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contracts.cli.main import main


@dataclass(frozen=True)
class ContractRun:
    exit_code: int
    output: str
    report: dict[str, Any] | None
    workdir: Path

    def failing_checks(self) -> set[str]:
        assert self.report is not None
        return {
            failure["check"]
            for operation in self.report["operations"]
            for failure in operation["failures"]
        }


class ContractRunner:
    """Runs ``skuguard contract ARGS`` in-process, reports written under ``workdir``."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def __call__(self, workdir: Path, args: Sequence[str]) -> ContractRun:
        return _run(self._capsys, workdir, args)


@pytest.fixture
def contract(capsys: pytest.CaptureFixture[str]) -> ContractRunner:
    return ContractRunner(capsys)


def _run(capsys: pytest.CaptureFixture[str], workdir: Path, args: Sequence[str]) -> ContractRun:
    report = workdir / "report.json"
    code = main(
        [
            "contract",
            *args,
            "--report-json",
            str(report),
            "--replay-dir",
            str(workdir / "replays"),
        ]
    )
    captured = capsys.readouterr()
    loaded = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    return ContractRun(code, captured.out + captured.err, loaded, workdir)
