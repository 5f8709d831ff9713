"""The plugin's lint fixture and assert_valid_payload, used from a throwaway repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import linter
import linter._api
from contracts import assert_valid_payload

# `import linter` is lazy now; pytester's inline runs restore sys.modules afterwards, and numpy
# (under the readers) cannot be loaded twice in one process, so the readers are loaded here.

pytest_plugins = ["pytester"]

GOOD_STOCK = {"store-1": {"sku-1": 7, "sku-2": {"sku-2-red": 1, "sku-2-blue": 0}}}
BAD_STOCK = {"store-1": {"sku-1": "seven"}}
WARNING_STOCK = {"store-1": {"sku-1": 2.5}}

USER_TESTS = f"""
import json
from pathlib import Path

import pytest

from contracts import assert_valid_payload

GOOD = {GOOD_STOCK!r}
BAD = {BAD_STOCK!r}
WARNING = {WARNING_STOCK!r}
FIELDS = {{"code", "severity", "message", "file", "line", "column", "pointer"}}


def test_fixture_good(skuguard_lint):
    assert skuguard_lint(GOOD, kind="kaching.stock") == []


def test_fixture_bad(skuguard_lint):
    diagnostics = skuguard_lint(BAD, kind="kaching.stock")
    assert diagnostics
    assert all(set(d) == FIELDS for d in diagnostics)
    assert {{d["pointer"] for d in diagnostics}} == {{"/store-1/sku-1"}}
    assert {{d["severity"] for d in diagnostics}} == {{"error"}}


def test_fixture_file(skuguard_lint, tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(GOOD))
    bad.write_text(json.dumps(BAD))
    assert skuguard_lint(good, kind="kaching.stock") == []
    found = skuguard_lint(str(bad), kind="kaching.stock")
    assert found and found[0]["file"] == str(bad) and found[0]["line"] == 1


def test_fixture_bytes(skuguard_lint):
    assert skuguard_lint(json.dumps(GOOD).encode(), kind="kaching.stock") == []


def test_helper_good():
    assert_valid_payload(GOOD, kind="kaching.stock")


def test_helper_warning_passes_unless_strict():
    assert_valid_payload(WARNING, kind="kaching.stock")
    with pytest.raises(AssertionError, match="KS003 warning"):
        assert_valid_payload(WARNING, kind="kaching.stock", strict=True)


def test_helper_bad():
    assert_valid_payload(BAD, kind="kaching.stock")
"""


def test_lint_fixture_and_helper_in_a_user_repo(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_payloads=USER_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ test_helper_bad _*",
            "E * payload is not a valid kaching.stock: * error*, 0 warnings, 0 infos*",
            "E * KS001 error   /store-1/sku-1: *",
            "*FAILED test_payloads.py::test_helper_bad - AssertionError: payload is not a*",
        ]
    )
    # The failure points at the user's call, not into skuguard.
    result.stdout.fnmatch_lines(['*>*assert_valid_payload(BAD, kind="kaching.stock")'])
    assert "contracts/pytest/assertions.py" not in result.stdout.str()


def test_helper_message_locates_header_and_file_diagnostics(tmp_path: Path) -> None:
    with pytest.raises(AssertionError) as raised:
        assert_valid_payload(
            [{"PartNo": 1}], kind="norce.products", header={"ProductFieldsThatAreSet": [999]}
        )
    message = str(raised.value)
    assert "NH001 error   header /ProductFieldsThatAreSet/0: 999 " in message
    assert "/0: " in message

    payload = tmp_path / "stock.json"
    payload.write_text(json.dumps(BAD_STOCK))
    with pytest.raises(AssertionError, match=r"KS001 error   /store-1/sku-1: .*stock\.json:1:"):
        assert_valid_payload(payload, kind="kaching.stock")


def test_helper_rejects_unlintable_input_clearly(tmp_path: Path) -> None:
    with pytest.raises(linter.LintUsageError, match=r"^skuguard: .*missing\.json: no such file"):
        assert_valid_payload(tmp_path / "missing.json", kind="kaching.stock")
    with pytest.raises(linter.LintUsageError, match=r"unknown kind 'kaching\.stocks'"):
        assert_valid_payload(GOOD_STOCK, kind="kaching.stocks")
    with pytest.raises(linter.LintUsageError, match="kind= is required"):
        assert_valid_payload(GOOD_STOCK)
