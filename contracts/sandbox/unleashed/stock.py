"""Unleashed StockOnHand derived from products, warehouses and stock transactions.

Transaction kinds: ``receipt``, ``sale`` and ``adjustment`` move QtyOnHand; ``allocation``
moves AllocatedQty; ``purchase`` (open purchase orders) moves OnPurchase. AvgCost is the
quantity-weighted unit cost of the costed inbound transactions; TotalCost is
QtyOnHand x AvgCost; AvailableQty is QtyOnHand - AllocatedQty, plus the quantity that can
be assembled when ``isAssembled`` is true.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

ON_HAND_KINDS = frozenset({"receipt", "sale", "adjustment"})


@dataclass(slots=True)
class StockRow:
    product_guid: str
    product_code: str
    description: str
    group: str | None
    source_id: str | None
    warehouse_guid: str | None = None
    warehouse_code: str | None = None
    warehouse_name: str | None = None
    qty_on_hand: float = 0.0
    allocated: float = 0.0
    on_purchase: float = 0.0
    assemblable: float = 0.0
    cost_qty: float = 0.0
    cost_value: float = 0.0
    last_modified: datetime | None = None
    last_sale: datetime | None = None
    warehouses: set[str] = field(default_factory=set)

    @property
    def avg_cost(self) -> float:
        return self.cost_value / self.cost_qty if self.cost_qty else 0.0

    @property
    def total_cost(self) -> float:
        return self.qty_on_hand * self.avg_cost

    def available(self, assembled: bool) -> float:
        return self.qty_on_hand - self.allocated + (self.assemblable if assembled else 0.0)


@dataclass(frozen=True, slots=True)
class Query:
    as_at: datetime | None = None
    warehouse_code: str | None = None
    warehouse_name: str | None = None
    product_ids: Sequence[str] | None = None
    per_warehouse: bool = False


_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_when(text: str) -> datetime:
    """``YYYY-MM-DD`` or an ISO date-time, with or without offset; returned naive, in UTC."""
    cleaned = _FRACTION.sub(r"\1", text.strip())
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    value = datetime.fromisoformat(cleaned)
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None)


def stock_rows(conn: sqlite3.Connection, query: Query) -> list[StockRow]:
    """One row per product (or per product and warehouse) that has transactions."""
    sql = (
        "SELECT t.date, t.kind, t.qty, t.unit_cost, p.guid, p.code, p.description, p.grp,"
        " p.source_id, w.guid AS wguid, w.code AS wcode, w.name AS wname"
        " FROM unleashed_transactions t"
        " JOIN unleashed_products p ON p.guid = t.product_guid"
        " JOIN unleashed_warehouses w ON w.guid = t.warehouse_guid WHERE 1 = 1"
    )
    args: list[object] = []
    if query.warehouse_code is not None:
        sql += " AND w.code = ?"
        args.append(query.warehouse_code)
    if query.warehouse_name is not None:
        sql += " AND w.name = ?"
        args.append(query.warehouse_name)
    if query.product_ids is not None:
        ids = [p.lower() for p in query.product_ids]
        sql += f" AND p.guid IN ({', '.join('?' for _ in ids)})"
        args.extend(ids)
    rows: dict[tuple[str, str], StockRow] = {}
    for rec in conn.execute(sql, args):
        when = parse_when(rec["date"])
        if query.as_at is not None and when > query.as_at:
            continue
        key = (rec["guid"], rec["wguid"] if query.per_warehouse else "")
        row = rows.get(key)
        if row is None:
            row = rows[key] = StockRow(
                product_guid=rec["guid"],
                product_code=rec["code"],
                description=rec["description"],
                group=rec["grp"],
                source_id=rec["source_id"],
            )
            if query.per_warehouse:
                row.warehouse_guid = rec["wguid"]
                row.warehouse_code = rec["wcode"]
                row.warehouse_name = rec["wname"]
        _apply(row, rec["kind"], float(rec["qty"]), rec["unit_cost"], when)
        row.warehouses.add(rec["wguid"])
    _add_assemblable(conn, rows.values(), query.per_warehouse)
    return list(rows.values())


def _apply(row: StockRow, kind: str, qty: float, unit_cost: float | None, when: datetime) -> None:
    if kind in ON_HAND_KINDS:
        row.qty_on_hand += qty
        if qty > 0 and unit_cost is not None:
            row.cost_qty += qty
            row.cost_value += qty * float(unit_cost)
    elif kind == "allocation":
        row.allocated += qty
    elif kind == "purchase":
        row.on_purchase += qty
    if kind == "sale" and (row.last_sale is None or when > row.last_sale):
        row.last_sale = when
    if row.last_modified is None or when > row.last_modified:
        row.last_modified = when


def _add_assemblable(conn: sqlite3.Connection, rows: Iterable[StockRow], per_wh: bool) -> None:
    by_product: dict[str, dict[str, float]] = {}
    for rec in conn.execute("SELECT product_guid, warehouse_guid, qty FROM unleashed_assemblable"):
        by_product.setdefault(rec["product_guid"], {})[rec["warehouse_guid"]] = float(rec["qty"])
    for row in rows:
        found = by_product.get(row.product_guid, {})
        if per_wh:
            row.assemblable = found.get(row.warehouse_guid or "", 0.0)
        else:
            row.assemblable = sum(q for wh, q in found.items() if wh in row.warehouses)
