"""Both sides placed on Unleashed keys in an on-disk SQLite table, compared with SQL joins.

Memory stays bounded (SQLite's page cache, rows inserted in batches), whatever the row count.
Rows are keyed (target, WarehouseCode, ProductCode, Ka-ching variant or ''); a key seen twice
on one side keeps its last value, as a later import overwrites an earlier one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

from contracts.reconcile.mapping import NoVariant, StockMapping, Target
from contracts.reconcile.rows import SourceRow, TargetRow

Kind = Literal["missing", "extra", "quantity", "unmapped"]
KINDS: tuple[Kind, ...] = ("missing", "extra", "quantity", "unmapped")
BATCH = 20_000
CACHE_KIB = 32 * 1024
EPSILON = 1e-9  # decimal quantities parsed from text differ by rounding only

_SCHEMA = """
CREATE TABLE expected (target TEXT, location TEXT, product TEXT, variant TEXT, qty REAL,
    PRIMARY KEY (target, location, product, variant)) WITHOUT ROWID;
CREATE TABLE actual (target TEXT, location TEXT, product TEXT, variant TEXT, qty REAL,
    PRIMARY KEY (target, location, product, variant)) WITHOUT ROWID;
CREATE TABLE unplaced (target TEXT, location TEXT, product TEXT, variant TEXT,
    source_qty REAL, target_qty REAL);
"""
_PAIRS = """
pairs (target, location, product, variant, sq, tq) AS (
    SELECT e.target, e.location, e.product, e.variant, e.qty, a.qty
    FROM expected e LEFT JOIN actual a USING (target, location, product, variant)
    UNION ALL
    SELECT a.target, a.location, a.product, a.variant, NULL, a.qty FROM actual a
    WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.target = a.target
        AND e.location = a.location AND e.product = a.product AND e.variant = a.variant)
)"""
_DIFFS = (
    "WITH"
    + _PAIRS
    + """,
diffs (target, kind, product, variant, location, sq, tq) AS (
    SELECT target, CASE WHEN tq IS NULL THEN 'missing' WHEN sq IS NULL THEN 'extra'
        ELSE 'quantity' END, product, variant, location, sq, tq FROM pairs
    WHERE (tq IS NULL AND sq > 0) OR (sq IS NULL AND tq != 0)
        OR (sq IS NOT NULL AND tq IS NOT NULL AND abs(sq - tq) > :tolerance)
    UNION ALL
    SELECT target, 'unmapped', product, variant, location, source_qty, target_qty
    FROM unplaced
)"""
)


class Difference(NamedTuple):
    target: Target
    kind: Kind
    product: str
    variant: str | None
    location: str
    source_qty: float | int | None
    target_qty: float | int | None


@dataclass(slots=True)
class Summary:
    compared: int = 0
    counts: dict[Kind, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def differing(self) -> int:
        return sum(self.counts.values())


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


class Comparison:
    """Collects both sides of every target, then answers summaries and sorted differences."""

    def __init__(self, db_path: Path, mapping: StockMapping, tolerance: float) -> None:
        self._conn = sqlite3.connect(db_path)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "temp_store = FILE"):
            self._conn.execute(f"PRAGMA {pragma}")
        self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._conn.executescript(_SCHEMA)
        self._mapping = mapping
        self._tolerance = tolerance + EPSILON
        self.source_rows = 0
        self.target_rows: dict[Target, int] = {}

    def close(self) -> None:
        self._conn.close()

    def _flush(
        self, expected: list[tuple[object, ...]], unplaced: list[tuple[object, ...]], table: str
    ) -> None:
        with self._conn:
            self._conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?,?,?,?,?)", expected)
            self._conn.executemany("INSERT INTO unplaced VALUES (?,?,?,?,?,?)", unplaced)
        expected.clear()
        unplaced.clear()

    def add_source(self, rows: Iterable[SourceRow], targets: Iterable[Target]) -> None:
        """What each target should hold: every source row placed through the mapping."""
        mapping = self._mapping
        plan = [(t, mapping.quantity(t) == "AvailableQty") for t in dict.fromkeys(targets)]
        placed: list[tuple[object, ...]] = []
        unplaced: list[tuple[object, ...]] = []
        for row in rows:
            self.source_rows += 1
            known = mapping.knows_warehouse(row.warehouse)
            for target, available in plan:
                qty = row.available if available else row.on_hand
                variant = mapping.kaching_key(row.product)[1] if target == "kaching" else ""
                if not known:
                    if qty != 0:
                        unplaced.append((target, row.warehouse, row.product, variant, qty, None))
                    continue
                if target == "norce":
                    carried = mapping.norce_location(row.warehouse) is not None
                else:
                    carried = mapping.kaching_location(row.warehouse) is not None
                if carried:
                    placed.append((target, row.warehouse, row.product, variant, qty))
            if len(placed) >= BATCH:
                self._flush(placed, unplaced, "expected")
        self._flush(placed, unplaced, "expected")

    def add_target(self, target: Target, rows: Iterable[TargetRow]) -> None:
        """What a target holds, placed back on Unleashed keys where the mapping can."""
        mapping = self._mapping
        placed: list[tuple[object, ...]] = []
        unplaced: list[tuple[object, ...]] = []
        count = 0
        for row in rows:
            count += 1
            if target == "norce":
                warehouse = mapping.norce_warehouses.get(row.location)
                product = mapping.product_of_norce(row.product)
                own_location = "/".join(row.location)
            else:
                warehouse = mapping.kaching_warehouses.get(row.location[0])
                product = mapping.product_of_kaching(row.product, row.variant)
                own_location = row.location[0]
            if warehouse is not None and product is not None:
                placed.append((target, warehouse, product, row.variant, row.qty))
            elif row.qty != 0:
                unplaced.append(
                    (
                        target,
                        warehouse or own_location,
                        product or row.product,
                        row.variant,
                        None,
                        row.qty,
                    )
                )
            if len(placed) >= BATCH:
                self._flush(placed, unplaced, "actual")
        self._flush(placed, unplaced, "actual")
        self.target_rows[target] = self.target_rows.get(target, 0) + count

    def summaries(self, targets: Iterable[Target]) -> dict[Target, Summary]:
        """Counts per target; also keeps the differences for :meth:`differences`."""
        self._conn.execute("DROP TABLE IF EXISTS found")
        self._conn.execute(
            "CREATE TABLE found AS " + _DIFFS + " SELECT * FROM diffs",
            {"tolerance": self._tolerance},
        )
        found: dict[Target, Summary] = {t: Summary() for t in targets}
        for table in ("expected", "actual"):
            sql = f"SELECT target, count(*) FROM {table} GROUP BY target"
            for target, count in self._conn.execute(sql):
                found.setdefault(target, Summary()).compared += count
        both = (
            "SELECT target, count(*) FROM expected"
            " JOIN actual USING (target, location, product, variant) GROUP BY target"
        )
        for target, count in self._conn.execute(both):
            found[target].compared -= count
        by_kind = "SELECT target, kind, count(*) FROM found GROUP BY target, kind"
        for target, kind, count in self._conn.execute(by_kind):
            found.setdefault(target, Summary()).counts[kind] = count
        return found

    def differences(self) -> Iterator[Difference]:
        """The differences :meth:`summaries` found, sorted by target, location, product,
        variant (no variant first), then kind."""
        ordered = (
            "SELECT target, kind, product, variant, location, sq, tq FROM found"
            " ORDER BY target, location, product, variant, kind"
        )
        for target, kind, product, variant, location, sq, tq in self._conn.execute(ordered):
            yield Difference(
                target,
                kind,
                product,
                variant if variant != NoVariant else None,
                location,
                _num(sq),
                _num(tq),
            )
