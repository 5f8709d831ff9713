"""The Norce shortcut is built only for documents big enough to repay building it."""

from __future__ import annotations

from typing import Any
from unittest import mock

import orjson
import pytest

from linter import engine, lint_bytes
from linter.rules.norce import fast as norce_fast

HEADER = {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3]}


def body(rows: int) -> bytes:
    items = [
        {"PartNo": f"S{i}", "WarehouseCode": "W", "LocationCode": "L", "OnhandValue": i % 7}
        for i in range(rows)
    ]
    items[rows // 2]["OnhandValue"] = -1  # one finding, so there is something to compare
    return orjson.dumps(items, option=orjson.OPT_INDENT_2)


def lint_counting(data: bytes) -> tuple[list[Any], int]:
    built: list[int] = []
    original = norce_fast.fast_path_for

    def counting(*args: Any) -> Any:
        built.append(1)
        return original(*args)

    with mock.patch.object(norce_fast, "fast_path_for", counting):
        found = lint_bytes(data, kind="norce.onhands", header=orjson.dumps(HEADER))
    return found, len(built)


@pytest.fixture(autouse=True)
def no_shortcut_built_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_SHORTCUT_BUILT", set())


def test_a_small_document_builds_no_shortcut() -> None:
    small = body(20)
    assert len(small) < engine.FAST_PATH_MIN_BYTES
    _, built = lint_counting(small)
    assert built == 0


def test_once_one_is_built_small_documents_use_it_too() -> None:
    lint_counting(body(1000))
    found, built = lint_counting(body(20))
    assert built == 1
    assert found


def test_a_large_document_builds_it_and_reports_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    large = body(1000)
    assert len(large) >= engine.FAST_PATH_MIN_BYTES
    found, built = lint_counting(large)
    assert built == 1
    monkeypatch.setattr(engine, "FAST_PATH_MIN_BYTES", 10**12)
    monkeypatch.setattr(engine, "_SHORTCUT_BUILT", set())
    slow, never = lint_counting(large)
    assert never == 0
    assert found == slow
    assert found
