"""Only documented expectations fail a run: servers that answer the way the documents also
allow exit 0 (what they did is listed as observations), ``--strict-assumptions`` counts those,
the Norce Job service is found where it lives (or skipped with one notice), and a root that is
not the API exits 2. Everything over real loopback HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contracts.sandbox.server import running_sandbox
from tests.contracts_run.servers import html_page, other_error_bodies, proxy, serving

CONNECT = "/norce/commerce/connect/4.0"
SMALL = ["--seed", "7", "--max-examples", "5", "--coverage-max", "5"]


def _pass_through(path: str) -> str:
    return path


def _observed(report: dict[str, Any]) -> set[str]:
    return {item["check"] for op in report["operations"] for item in op["observations"]}


def test_other_error_bodies_and_statuses_are_observed_not_violations(
    tmp_path: Path, contract: Any
) -> None:
    with (
        running_sandbox() as sandbox,
        serving(proxy(sandbox.base_url, other_error_bodies, hidden=_pass_through)) as root,
    ):
        args = ["--api", "kaching", "--base-url", root + "/kaching", *SMALL]
        run = contract(tmp_path / "lenient", args)
        strict = contract(tmp_path / "strict", [*args, "--strict-assumptions"])
    assert run.exit_code == 0, run.output
    assert run.failing_checks() == set()
    assert run.report is not None
    observed = _observed(run.report)
    assert observed & {"response_schema_conformance", "status_code_conformance"}, observed
    assert "observation(s): behaviour the documents leave open" in run.output
    assert strict.exit_code == 1, strict.output
    assert observed <= strict.failing_checks()


def _job_service_elsewhere(path: str) -> str | None:
    """Job/Get and Job/GetLog are not beside the Product service but under /elsewhere."""
    if "/Job/" in path and not path.startswith("/elsewhere"):
        return None
    if path.startswith("/elsewhere"):
        return CONNECT + path.removeprefix("/elsewhere")
    return path


def _no_rewrite(path: str, status: int, body: bytes) -> None:
    return None


def test_job_service_elsewhere_is_skipped_with_one_notice_then_found_with_job_url(
    tmp_path: Path, contract: Any
) -> None:
    with (
        running_sandbox() as sandbox,
        serving(proxy(sandbox.base_url, _no_rewrite, hidden=_job_service_elsewhere)) as root,
    ):
        args = ["--api", "norce", "--base-url", root + CONNECT, *SMALL]
        args += ["--checks", "norce_job_consistent,norce_job_log_accounts,norce_job_id_int32"]
        skipped = contract(tmp_path / "skipped", args)
        found = contract(tmp_path / "found", [*args, "--job-url", root + "/elsewhere"])
    assert skipped.exit_code == 0, skipped.output
    notices = [line for line in skipped.output.splitlines() if "job checks skipped" in line]
    assert len(notices) == 1, skipped.output
    assert "--job-url" in notices[0]
    assert f"{root}{CONNECT}/api/Job/Get (404)" in notices[0]
    assert found.exit_code == 0, found.output
    assert "job checks skipped" not in found.output


def test_job_service_under_api_is_discovered(tmp_path: Path, contract: Any) -> None:
    def only_api_form(path: str) -> str | None:
        if path.startswith(CONNECT + "/Job/"):
            return None
        return path

    with (
        running_sandbox() as sandbox,
        serving(proxy(sandbox.base_url, _no_rewrite, hidden=only_api_form)) as root,
    ):
        args = ["--api", "norce", "--base-url", root + CONNECT, *SMALL]
        run = contract(tmp_path, [*args, "--checks", "norce_job_consistent"])
    assert run.exit_code == 0, run.output
    assert "job checks skipped" not in run.output


def _error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("skuguard: ")]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def test_root_without_the_api_prefix_exits_2(tmp_path: Path, contract: Any) -> None:
    with running_sandbox() as sandbox:
        run = contract(tmp_path, ["--api", "kaching", "--base-url", sandbox.base_url, *SMALL])
        root = sandbox.base_url
    assert run.exit_code == 2, run.output
    assert _error_line(run.output) == (
        f"skuguard: {root}: no Ka-ching stock import here (every request got 404); check --base-url"
    )


def test_root_serving_html_exits_2(tmp_path: Path, contract: Any) -> None:
    with serving(html_page()) as root:
        run = contract(tmp_path, ["--api", "unleashed", "--base-url", root, *SMALL])
    assert run.exit_code == 2, run.output
    line = _error_line(run.output)
    assert line.startswith(f"skuguard: {root}: no Unleashed StockOnHand here (")
    assert line.endswith("check --base-url")


def test_list_checks_prints_every_check_with_its_source(tmp_path: Path, contract: Any) -> None:
    from contracts.checks.registry import all_checks

    run = contract(tmp_path, ["--list-checks"])
    assert run.exit_code == 0
    for entry in all_checks():
        assert f"{entry.name}  [" in run.output
    assert 'source: seed: kaching-stock-import.txt: "It is not possible' in run.output
    assert "source: assumed" in run.output
