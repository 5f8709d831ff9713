"""Cross-item Norce rules stay memory-bounded and find duplicates far apart."""

from __future__ import annotations

import tracemalloc

import orjson

from linter import lint_bytes
from linter.rules.norce.values import FirstSeen


def test_first_seen_costs_a_bounded_number_of_bytes_per_key() -> None:
    keys = 30_000
    tracker = FirstSeen(merge_every=1024)  # its fixed 2 MB bit filter is not per key
    # Modules load lazily on the first merge; load them before measuring, so only keys count.
    warm_up = FirstSeen(merge_every=2)
    for i in range(4):
        warm_up.seen_before(("warm-up", i), i)
    tracemalloc.start()
    try:
        for i in range(keys):
            tracker.seen_before((f"P{i:07d}", "WAREHOUSE-01", "LOCATION-01"), i)
        used, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A 64-bit hash and a 64-bit position per key: the keys' strings are not kept.
    assert used / keys < 40
    assert len(tracker) == keys


def test_first_seen_finds_keys_before_and_after_merges() -> None:
    tracker = FirstSeen(merge_every=8)
    for i in range(100):
        assert tracker.seen_before((i % 37,), i) == (None if i < 37 else i % 37)
    assert tracker.seen_before(("new",), 100) is None
    assert tracker.seen_before(("new",), 101) == 100


def test_duplicates_far_apart_in_a_large_onhand_file() -> None:
    rows = [
        {"PartNo": f"P{i:06d}", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": i % 7}
        for i in range(20_000)
    ]
    rows.append(
        {"PartNo": "P000003", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 1}
    )
    header = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'
    diagnostics = lint_bytes(orjson.dumps(rows), kind="norce.onhands", header=header)
    assert [(d.code, d.pointer) for d in diagnostics] == [("NO001", "/20000")]
    assert "/3" in diagnostics[0].message
    assert diagnostics[0].line == 1
    assert diagnostics[0].column > 1
