"""Clean flat rows cost close to parsing them: they are judged in runs, never one by one.

Timings are unreliable on a shared machine, so these tests count the work instead: how many
items reach the engine's per-item path, how many jsonschema-rs calls a clean document takes,
and that the scan and the duplicate-key check stay vectorised for flat rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import orjson
import pytest

from linter import engine, lint_bytes
from linter.read import duplicates, regions
from linter.read.frames import BATCH_ITEMS
from linter.rules.norce import fast as norce_fast

ROWS = 3 * BATCH_ITEMS + 17
HEADERS = {
    "norce.onhands": {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3, 8, 9]},
    "norce.prices": {
        "AccountId": 1,
        "FullFile": False,
        "SkuPriceListFieldsThatAreSet": ["PriceSale", "IsActive"],
    },
    "norce.relations": {"AccountId": 1, "FullFile": False, "RelationFieldsThatAreSet": [1]},
}


@pytest.fixture(autouse=True)
def fast_path_at_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """These documents are small; the shortcut must still run on them to be compared."""
    monkeypatch.setattr(engine, "FAST_PATH_MIN_BYTES", 0)


def row(kind: str, i: int) -> dict[str, Any]:
    if kind == "norce.onhands":
        key = {"PartNo": f"S{i // 2}", "WarehouseCode": f"W{i % 2}", "LocationCode": "L"}
        return key | {"OnhandValue": i % 9, "MinimumValue": 1, "MaximumValue": 4}
    if kind == "norce.prices":
        return {"PartNo": f"S{i}", "PriceListCode": "B", "PriceSale": 5.5, "IsActive": True}
    return {
        "PartNo": f"S{i}",
        "RelatedPartNo": f"S{i + 1}",
        "RelationTypeCode": "A",
        "IsActive": True,
    }


@contextmanager
def counted(target: Any, name: str) -> Iterator[list[int]]:
    calls: list[int] = []
    original = getattr(target, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    with mock.patch.object(target, name, counting):
        yield calls


@pytest.mark.parametrize("kind", sorted(HEADERS))
def test_a_clean_document_reaches_the_engine_with_no_item(kind: str) -> None:
    body = orjson.dumps([row(kind, i) for i in range(ROWS)])
    made: list[norce_fast.FastPath] = []
    original = norce_fast.fast_path_for

    def record(*args: Any) -> norce_fast.FastPath | None:
        found = original(*args)
        if found is not None:
            made.append(found)
        return found

    with (
        mock.patch.object(norce_fast, "fast_path_for", record),
        counted(engine, "_item_findings") as full_lints,
        counted(regions, "ItemRun") as runs,
        counted(duplicates, "duplicate_key_pointers") as exact_duplicates,
    ):
        found = lint_bytes(body, kind=kind, header=orjson.dumps(HEADERS[kind]).decode())
    assert found == []
    (path,) = made
    assert path.accepted == ROWS
    assert path.refused == []
    assert full_lints == []
    assert len(runs) == -(-ROWS // BATCH_ITEMS)
    assert exact_duplicates == []


def test_one_bad_row_costs_a_few_pieces_not_the_whole_run() -> None:
    kind = "norce.onhands"
    rows = [row(kind, i) for i in range(ROWS)]
    rows[BATCH_ITEMS + 5]["OnhandValue"] = -1
    body = orjson.dumps(rows)
    made: list[norce_fast.FastPath] = []
    original = norce_fast.fast_path_for

    def record(*args: Any) -> norce_fast.FastPath | None:
        found = original(*args)
        if found is not None:
            made.append(found)
        return found

    with (
        mock.patch.object(norce_fast, "fast_path_for", record),
        counted(norce_fast.FastPath, "_accept_one") as one_by_one,
    ):
        found = lint_bytes(body, kind=kind, header=orjson.dumps(HEADERS[kind]).decode())
    assert [(d.code, d.pointer) for d in found] == [("NO006", f"/{BATCH_ITEMS + 5}/OnhandValue")]
    (path,) = made
    assert path.refused == [BATCH_ITEMS + 5]
    assert path.accepted == ROWS - 1
    assert len(one_by_one) <= max(norce_fast._STEPS[1:-1])


def test_the_flat_row_shortcut_proves_no_duplicate_key_only_when_it_holds() -> None:
    flat = b'{"a":1,"b":"x"},{"c":2}'
    assert duplicates.top_level_members([{"a": 1, "b": "x"}, {"c": 2}]) == 3
    assert not duplicates.may_hide_duplicates(flat, 0, len(flat), orjson.loads(b"[" + flat + b"]"))
    repeated = b'{"a":1,"a":2},{"c":2}'
    parsed = orjson.loads(b"[" + repeated + b"]")
    assert duplicates.may_hide_duplicates(repeated, 0, len(repeated), parsed)
    nested = b'{"a":{"b":1,"b":2}}'
    assert duplicates.may_hide_duplicates(nested, 0, len(nested), [orjson.loads(nested)])
    assert duplicates.top_level_members([[{"a": 1}], "x"]) is None
