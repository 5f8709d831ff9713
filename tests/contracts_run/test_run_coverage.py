"""The coverage phase's share of a run: bounded, deterministic, sent, and judged like the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contracts.run.auth import UNLEASHED_CLIENT_TYPE, owned_headers
from contracts.run.coverage import coverage_cases
from contracts.run.http.request import build_request
from contracts.run.runner import load_schema
from contracts.run.target import SANDBOX_PREFIXES
from contracts.sandbox.server import running_sandbox

BASE = "http://127.0.0.1:9"


def _operation(api: str, operation_id: str) -> Any:
    for result in load_schema(api).get_all_operations():  # type: ignore[arg-type]
        operation = result.ok()
        if operation.definition.raw.get("operationId") == operation_id:
            return operation
    raise AssertionError(f"no operation {operation_id}")


def _wire(api: str, operation_id: str, limit: int) -> list[tuple[str, str, bytes]]:
    operation = _operation(api, operation_id)
    requests = [
        build_request(drawn.case, BASE, {})
        for drawn in coverage_cases(operation, limit, owned_headers(api))
    ]
    return [(r.method, str(r.url), r.content) for r in requests]


@pytest.mark.parametrize(
    ("api", "operation_id"),
    [("norce", "ImportProducts"), ("kaching", "importStock"), ("unleashed", "listStockOnHand")],
)
def test_cases_are_capped_and_the_same_every_time(api: str, operation_id: str) -> None:
    first = _wire(api, operation_id, 12)
    assert 0 < len(first) <= 12
    assert first == _wire(api, operation_id, 12)


def test_both_modes_and_several_kinds_are_taken() -> None:
    cases = coverage_cases(_operation("unleashed", "listStockOnHand"), 20, {})
    modes = {drawn.case.meta.generation.mode.value for drawn in cases}
    kinds = {drawn.case.meta.phase.data.scenario for drawn in cases}
    assert modes == {"positive", "negative"}
    assert len(kinds) >= 5


def test_zero_means_none() -> None:
    assert coverage_cases(_operation("kaching", "importStock"), 0, {}) == []


def test_owned_headers_are_never_mutated() -> None:
    owned = owned_headers("unleashed")
    for operation_id in ("listStockOnHand", "getStockOnHand"):
        for drawn in coverage_cases(_operation("unleashed", operation_id), 40, owned):
            headers = {k.lower(): v for k, v in dict(drawn.case.headers or {}).items()}
            assert headers.get("client-type") == UNLEASHED_CLIENT_TYPE


def _cases(report: dict[str, Any] | None) -> dict[str, int]:
    assert report is not None
    return {operation["operation_id"]: operation["cases"] for operation in report["operations"]}


@pytest.mark.slow
def test_coverage_cases_are_sent_and_the_faithful_sandbox_passes(
    tmp_path: Path, contract: Any
) -> None:
    limit = 15
    expected = len(coverage_cases(_operation("kaching", "importStock"), limit, {}))
    runs = {}
    for name, coverage_max in (("without", 0), ("with", limit)):
        with running_sandbox() as sandbox:
            url = sandbox.base_url + SANDBOX_PREFIXES["kaching"]
            args = ["--api", "kaching", "--base-url", url, "--seed", "3", "--max-examples", "5"]
            runs[name] = contract(tmp_path / name, [*args, "--coverage-max", str(coverage_max)])
    without, with_coverage = runs["without"], runs["with"]
    assert without.exit_code == 0, without.output[-3000:]
    assert with_coverage.exit_code == 0, with_coverage.output[-3000:]
    added = _cases(with_coverage.report)["importStock"] - _cases(without.report)["importStock"]
    assert added == expected


def test_negative_coverage_max_is_a_usage_error(tmp_path: Path, contract: Any) -> None:
    run = contract(tmp_path, ["--api", "kaching", "--coverage-max", "-1"])
    assert run.exit_code == 2
    assert "skuguard: --coverage-max: must be 0 or more, got -1" in run.output
