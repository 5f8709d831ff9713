"""The store's staged writes on a real SQLite file: a stage is invisible until its one
transaction commits, readers never wait for it, and a failed stage leaves nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from contracts.sandbox.store import Store, load_seed_file

ROW = "INSERT INTO norce_onhands (part_no, warehouse_code, location_code, doc) VALUES (?,?,?,?)"


def _count(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute("SELECT count(*) FROM norce_onhands").fetchone()[0])


def _count_elsewhere(store: Store) -> int:
    """The count as another thread (with its own reader) sees it, within 5 s."""
    seen: list[int] = []
    reader = threading.Thread(target=lambda: seen.append(_count(store)))
    started = time.monotonic()
    reader.start()
    reader.join(5)
    assert seen, "a reader waited for the writer"
    assert time.monotonic() - started < 5
    return seen[0]


@pytest.mark.parametrize("db", [None, "x.db"])
def test_a_stage_is_invisible_until_its_transaction_commits(tmp_path: Path, db: str | None) -> None:
    store = Store(None if db is None else tmp_path / db)
    try:
        store.reset(load_seed_file(None))
        before = _count(store)
        with store.norce_import(), store.staging(("norce_onhands",)) as stage:
            for i in range(2000):
                stage.conn.execute(ROW, ("TEE-S", f"W{i}", "L1", "{}"))
            stage.conn.execute(
                "UPDATE norce_onhands SET doc = '{\"x\": 1}' WHERE warehouse_code = 'W7'"
            )
            assert _count(store) == before
            assert _count_elsewhere(store) == before
            with store.transaction(stage) as conn:
                assert conn.execute("SELECT count(*) FROM norce_onhands").fetchone()[0] == (
                    before + 2000
                )
                assert _count_elsewhere(store) == before  # not committed yet
        assert _count(store) == before + 2000
        assert _count_elsewhere(store) == before + 2000
        with store.reading() as conn:
            doc = conn.execute(
                "SELECT doc FROM norce_onhands WHERE warehouse_code = 'W7'"
            ).fetchone()[0]
        assert doc == '{"x": 1}'
        assert not list(tmp_path.glob("**/stage-*")), "the stage file is left"
        assert not list(store.path.parent.glob("stage-*"))
    finally:
        store.close()


def test_a_failed_stage_leaves_nothing_and_the_next_one_works(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.db")
    try:
        store.reset(load_seed_file(None))
        before = _count(store)

        def fail_midway() -> None:
            with store.norce_import(), store.staging(("norce_onhands",)) as stage:
                stage.conn.execute(ROW, ("TEE-S", "W1", "L1", "{}"))
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            fail_midway()
        assert _count(store) == before
        with store.norce_import(), store.staging(("norce_onhands",)) as stage:
            stage.conn.execute(ROW, ("TEE-S", "W2", "L1", "{}"))
            with store.transaction(stage):
                pass
        assert _count(store) == before + 1
    finally:
        store.close()


def test_a_stage_cannot_write_the_live_tables(tmp_path: Path) -> None:
    """Tables not staged are read-only through the stage: nothing bypasses the writer."""
    store = Store(tmp_path / "x.db")
    try:
        store.reset(load_seed_file(None))
        with (
            store.norce_import(),
            store.staging(("norce_onhands",)) as stage,
            pytest.raises(Exception, match="readonly"),
        ):
            stage.conn.execute("INSERT INTO norce_skus (part_no, product_key) VALUES ('Z', 'k')")
    finally:
        store.close()


def test_the_temporary_database_is_removed_on_close() -> None:
    store = Store()
    folder = store.path.parent
    assert store.path.exists()
    store.close()
    assert not folder.exists()
