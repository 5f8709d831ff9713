"""The sandbox fixture and generated contract suites, run in throwaway repositories.

Each repository runs in a pytest subprocess, so the plugin loads through its
entry point, exactly as in a user's environment.
"""

from __future__ import annotations

import pytest

from contracts.sandbox.server import bind, running_sandbox

pytest_plugins = ["pytester"]

SANDBOX_TESTS = """
import pytest

SEEN = []


def kaching_params(credentials):
    return {
        "account": credentials.kaching_account,
        "integration": credentials.kaching_integration,
        "apikey": credentials.kaching_apikey,
    }


def test_import_stock(skuguard_sandbox):
    SEEN.append(skuguard_sandbox.base_url)
    assert skuguard_sandbox.base_url.startswith("http://127.0.0.1:")
    assert skuguard_sandbox.url("kaching") == skuguard_sandbox.base_url + "/kaching"
    assert skuguard_sandbox.url("norce").endswith("/norce/commerce/connect/4.0")
    reply = skuguard_sandbox.client.post(
        "/kaching/imports/stock",
        params=kaching_params(skuguard_sandbox.credentials),
        json={"store-1": {"PLUGIN-SKU": 5}},
    )
    assert reply.status_code == 200, reply.text
    stock = skuguard_sandbox.client.get("/_sandbox/kaching/stock").json()
    assert stock["store-1"]["PLUGIN-SKU"] == 5


def test_reset_before_each_test_same_server(skuguard_sandbox):
    assert SEEN == [skuguard_sandbox.base_url]
    stock = skuguard_sandbox.client.get("/_sandbox/kaching/stock").json()
    assert "PLUGIN-SKU" not in stock.get("store-1", {})
"""

# One module, two suites: the faithful sandbox must pass, the faulty one must fail.
CONTRACT_TESTS = """
from contracts import contract_tests

test_kaching = contract_tests("kaching")
test_kaching_faulty = contract_tests("kaching", fault="kaching-status-missing")
"""

CONTRACT_OPTIONS = (
    "-p",
    "no:cacheprovider",
    "--skuguard-max-examples",
    "3",
    "--skuguard-seed",
    "7",
)
KNOWN_APIKEY = "plugin-test-apikey-5f1c"


def test_sandbox_fixture_serves_resets_and_stops(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sandbox=SANDBOX_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def _check_contract_run(result: pytest.RunResult) -> None:
    result.assert_outcomes(passed=2, failed=2)
    outcomes = {
        line.split(" ")[1]: line.split(" ")[0]
        for line in result.outlines
        if line.startswith(("PASSED ", "FAILED "))
    }
    assert outcomes == {
        "test_contracts.py::test_kaching[importStock]": "PASSED",
        "test_contracts.py::test_kaching[deleteStock]": "PASSED",
        "test_contracts.py::test_kaching_faulty[importStock]": "FAILED",
        "test_contracts.py::test_kaching_faulty[deleteStock]": "FAILED",
    }
    result.stdout.fnmatch_lines(
        [
            "*skuguard contract: kaching DELETE /imports/stock violated * check(s)*(seed 7, *",
            "*response_schema_conformance on kaching DELETE /imports/stock",
            '*"status" is a required property*',
            "*seed: 7",
            "*replay: skuguard contract --replay *kaching-deleteStock-*.json",
            "*curl: curl -X DELETE *",
        ]
    )
    output = result.stdout.str() + result.stderr.str()
    assert KNOWN_APIKEY not in output
    assert "Traceback" not in output


@pytest.mark.slow
def test_contract_suite_passes_clean_and_fails_on_a_seeded_fault(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKUGUARD_KACHING_APIKEY", KNOWN_APIKEY)
    pytester.makepyfile(test_contracts=CONTRACT_TESTS)
    result = pytester.runpytest_subprocess(*CONTRACT_OPTIONS, "-rA")
    _check_contract_run(result)


# Records, after each contract test, which xdist worker ran it against which sandbox.
RECORDING_CONFTEST = """
import os

import pytest


@pytest.fixture(autouse=True)
def _record_sandbox(request):
    yield
    if "skuguard_target" in request.fixturenames:
        root = request.getfixturevalue("skuguard_target").root("kaching")
        with open(os.environ["SKUGUARD_TEST_RECORD"], "a", encoding="utf-8") as record:
            record.write(f"{os.environ['PYTEST_XDIST_WORKER']} {root}\\n")
"""


@pytest.mark.slow
def test_contract_suite_under_xdist(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = pytester.path / "record.txt"
    monkeypatch.setenv("SKUGUARD_KACHING_APIKEY", KNOWN_APIKEY)
    monkeypatch.setenv("SKUGUARD_TEST_RECORD", str(record))
    pytester.makeconftest(RECORDING_CONFTEST)
    pytester.makepyfile(test_contracts=CONTRACT_TESTS)
    result = pytester.runpytest_subprocess(*CONTRACT_OPTIONS, "-rA", "-n", "2")
    result.stdout.fnmatch_lines(["*2 workers [[]4 items[]]*"])
    _check_contract_run(result)
    lines = record.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    roots_by_worker: dict[str, set[str]] = {}
    for line in lines:
        worker, root = line.split(" ")
        roots_by_worker.setdefault(worker, set()).add(root)
    # Both workers ran tests, each against its own sandbox, on different ports.
    assert sorted(roots_by_worker) == ["gw0", "gw1"]
    assert all(len(roots) == 1 for roots in roots_by_worker.values())
    assert roots_by_worker["gw0"] != roots_by_worker["gw1"]


REMOTE_TESTS = """
from contracts import contract_tests

test_kaching = contract_tests("kaching", operations=["deleteStock"])
test_kaching_faulty = contract_tests(
    "kaching", operations=["deleteStock"], fault="kaching-status-missing"
)
test_unleashed = contract_tests("unleashed", operations=["listStockOnHand"])
"""


@pytest.mark.slow
def test_contract_suite_against_a_base_url(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_remote=REMOTE_TESTS)
    with running_sandbox(fault="kaching-status-missing") as sandbox:
        result = pytester.runpytest_subprocess(
            *CONTRACT_OPTIONS,
            "-rA",
            "--skuguard-base-url",
            sandbox.kaching,
            "--skuguard-api",
            "kaching",
        )
    # The given URL is used (its fault shows), a seeded fault needs the embedded sandbox,
    # and another API than the URL serves is skipped.
    result.assert_outcomes(failed=1, skipped=2)
    result.stdout.fnmatch_lines(
        [
            "SKIPPED * fault kaching-status-missing needs the embedded sandbox*",
            "SKIPPED * --skuguard-base-url serves kaching, not unleashed",
            "FAILED test_remote.py::test_kaching[[]deleteStock[]] - *",
        ]
    )
    result.stdout.fnmatch_lines([f'*curl: curl -X DELETE "{sandbox.kaching}/imports/stock?*'])


def test_unreachable_base_url_fails_with_one_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_remote="from contracts import contract_tests\n\n"
        + ('test_kaching = contract_tests("kaching", operations=["deleteStock"])\n')
    )
    closed = bind("127.0.0.1", 0)  # a port nothing listens on once closed
    port = closed.getsockname()[1]
    closed.close()
    result = pytester.runpytest_subprocess(
        *CONTRACT_OPTIONS, "--skuguard-base-url", f"http://127.0.0.1:{port}"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*skuguard: http://127.0.0.1:{port}: unreachable*"])
    assert "Traceback" not in result.stdout.str()
