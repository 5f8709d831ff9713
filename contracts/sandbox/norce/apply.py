"""Applying accepted Norce import items to the database, as the header's flags say.

A property governed by a header flag (``x-skuguard-flag`` in the spec) is written only when
its flag is in the object's list (``x-skuguard-fields-list``); a ``…CreateOnly`` twin writes
it only when the entity is created by this import. Key properties carry no flag and are
always read. Rows whose part number (or price list) Norce does not know are ignored, as
documented, and leave a log line.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from linter import norce_model
from linter.norce_model import HeaderSettings

log = logging.getLogger("skuguard.sandbox.norce")

CREATE_ONLY = "CreateOnly"
NESTED_KEYS: tuple[str, ...] = ("PartNo", "ManufacturerPartNo", "CultureCode", "Code")


@dataclass
class Outcome:
    """What applying one import did, for the job record and its log."""

    inserts: int = 0
    updates: int = 0
    fail: int = 0
    ignored: int = 0
    log: list[tuple[str, str, Any]] = field(default_factory=list)  # (severity name, text, row)

    def note(self, severity: str, text: str, row: Any = None) -> None:
        self.log.append((severity, text, row))

    def written(self, *, created: bool) -> None:
        """Count one stored row as an insert or an update."""
        if created:
            self.inserts += 1
        else:
            self.updates += 1


@dataclass(frozen=True, slots=True)
class Writer:
    settings: HeaderSettings
    overwrite_unset: bool = False

    def may_write(self, schema: str, prop: str, creating: bool) -> bool:
        node = norce_model.body_node(schema)
        flag = node.flags.get(prop)
        if flag is None or node.fields_list is None or self.overwrite_unset:
            return True
        listed = self.settings.lists.get(node.fields_list, frozenset())
        if flag in listed:
            return True
        return creating and f"{flag}{CREATE_ONLY}" in listed

    def merge(
        self, old: Mapping[str, Any] | None, new: Mapping[str, Any], schema: str
    ) -> dict[str, Any]:
        creating = old is None
        result: dict[str, Any] = dict(old or {})
        node = norce_model.body_node(schema)
        for prop, value in new.items():
            if not self.may_write(schema, prop, creating):
                continue
            child = node.children.get(prop)
            if child is None or value is None:
                result[prop] = value
            elif child[0]:
                result[prop] = self._merge_list(result.get(prop), value, child[1])
            else:
                previous = result.get(prop)
                result[prop] = self.merge(
                    previous if isinstance(previous, Mapping) else None, value, child[1]
                )
        return result

    def _merge_list(self, old: Any, new: list[Any], schema: str) -> list[Any]:
        props = norce_model.body_node(schema).properties
        key = next((k for k in NESTED_KEYS if k in props), None)
        if key is None or not isinstance(old, list):
            return [self.merge(None, item, schema) for item in new]
        merged = [dict(item) for item in old if isinstance(item, Mapping)]
        for item in new:
            match = next(
                (i for i, o in enumerate(merged) if key in item and o.get(key) == item.get(key)),
                None,
            )
            if match is None:
                merged.append(self.merge(None, item, schema))
            else:
                merged[match] = self.merge(merged[match], item, schema)
        return merged


def _row_text(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True)[:2000]


def _known_part(conn: sqlite3.Connection, part_no: Any) -> bool:
    row = conn.execute("SELECT 1 FROM norce_skus WHERE part_no = ?", (str(part_no),)).fetchone()
    return row is not None


def _ignore(outcome: Outcome, text: str, item: Any, *, logged: bool) -> None:
    outcome.ignored += 1
    log.info("ignored row: %s", text)
    if logged:
        outcome.note("Warning", text, item)


# --- products ------------------------------------------------------------------------------


def _skus_of(product: Mapping[str, Any]) -> list[str]:
    return [
        str(sku["PartNo"])
        for variant in product.get("Variants") or []
        for sku in variant.get("Skus") or []
        if isinstance(sku, Mapping) and sku.get("PartNo")
    ]


def _find_product(conn: sqlite3.Connection, item: Mapping[str, Any]) -> str | None:
    for part_no in _skus_of(item):
        row = conn.execute(
            "SELECT product_key FROM norce_skus WHERE part_no = ?", (part_no,)
        ).fetchone()
        if row is not None:
            return str(row["product_key"])
    candidates = []
    if item.get("Code"):
        candidates.append(f"code:{item['Code']}")
    for variant in item.get("Variants") or []:
        if item.get("ManufacturerCode") and variant.get("ManufacturerPartNo"):
            candidates.append(f"mpn:{item['ManufacturerCode']}/{variant['ManufacturerPartNo']}")
    for key in candidates:
        if conn.execute("SELECT 1 FROM norce_products WHERE key = ?", (key,)).fetchone():
            return key
    return None


def _new_product_key(item: Mapping[str, Any]) -> str | None:
    """A key for a new product; ``None`` when the documented create requirements are not met."""
    variants = item.get("Variants") or []
    has_mpn = any(v.get("ManufacturerPartNo") for v in variants)
    if not (item.get("ManufacturerCode") and has_mpn and _skus_of(item)):
        return None
    if item.get("Code"):
        return f"code:{item['Code']}"
    first = next(v for v in variants if v.get("ManufacturerPartNo"))
    return f"mpn:{item['ManufacturerCode']}/{first['ManufacturerPartNo']}"


def apply_products(
    conn: sqlite3.Connection, items: list[tuple[int, Any]], writer: Writer, outcome: Outcome
) -> None:
    schema = norce_model.body_item_schema("norce.products")
    for index, item in items:
        key = _find_product(conn, item)
        old: dict[str, Any] | None = None
        if key is not None:
            row = conn.execute("SELECT doc FROM norce_products WHERE key = ?", (key,)).fetchone()
            old = json.loads(row["doc"])
        else:
            key = _new_product_key(item)
            if key is None:
                outcome.fail += 1
                outcome.note(
                    "Error",
                    f"item {index}: product not found, and creating one needs ManufacturerCode, a"
                    " variant ManufacturerPartNo and a SKU PartNo",
                    item,
                )
                continue
        merged = writer.merge(old, item, schema)
        conn.execute(
            "INSERT INTO norce_products (key, doc) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET doc = excluded.doc",
            (key, json.dumps(merged, ensure_ascii=False)),
        )
        for part_no in _skus_of(merged):
            conn.execute(
                "INSERT OR REPLACE INTO norce_skus (part_no, product_key) VALUES (?, ?)",
                (part_no, key),
            )
        outcome.written(created=old is None)


# --- keyed rows: on-hands, prices, relations -------------------------------------------------


def _nothing_kept(item: Mapping[str, Any]) -> AbstractSet[str]:
    return frozenset()


@dataclass(frozen=True, slots=True)
class KeyedImport:
    """One import of rows stored in ``table`` under ``key_columns``; calling it applies items.

    ``rejection`` says why a row is ignored (the text of its log line), or None to store it.
    ``kept`` names the properties of a row that must not overwrite what is stored. Under
    FullFile, rows of an imported scope (``scope_columns``, some of the key columns) that the
    import leaves out become inactive.
    """

    kind: str
    table: str
    key_columns: tuple[str, ...]
    key_values: Callable[[Mapping[str, Any]], tuple[Any, ...]]
    rejection: Callable[[sqlite3.Connection, Writer, int, Mapping[str, Any]], str | None]
    scope_columns: tuple[str, ...] = ()
    kept: Callable[[Mapping[str, Any]], AbstractSet[str]] = _nothing_kept

    def __call__(
        self,
        conn: sqlite3.Connection,
        items: list[tuple[int, Any]],
        writer: Writer,
        outcome: Outcome,
        *,
        log_ignored: bool = True,
    ) -> None:
        schema = norce_model.body_item_schema(self.kind)
        seen: set[tuple[Any, ...]] = set()
        scopes: set[tuple[Any, ...]] = set()
        for index, item in items:
            reason = self.rejection(conn, writer, index, item)
            if reason is not None:
                _ignore(outcome, reason, item, logged=log_ignored)
                continue
            keys = dict(zip(self.key_columns, self.key_values(item), strict=True))
            _upsert(conn, self.table, keys, item, schema, writer, outcome, self.kept(item))
            seen.add(tuple(keys.values()))
            scopes.add(tuple(keys[c] for c in self.scope_columns))
        if self.scope_columns and writer.settings.full_file:
            self._deactivate_missing(conn, seen, scopes)

    def _deactivate_missing(
        self, conn: sqlite3.Connection, seen: set[tuple[Any, ...]], scopes: set[tuple[Any, ...]]
    ) -> None:
        keys = ", ".join(self.key_columns)
        where = " AND ".join(f"{c} = ?" for c in self.scope_columns)
        cond = " AND ".join(f"{c} = ?" for c in self.key_columns)
        for scope in scopes:
            query = f"SELECT {keys}, doc FROM {self.table} WHERE {where}"
            for row in conn.execute(query, scope).fetchall():
                key = tuple(row[c] for c in self.key_columns)
                if key in seen:
                    continue
                doc = json.loads(row["doc"])
                doc["IsActive"] = False
                conn.execute(
                    f"UPDATE {self.table} SET doc = ? WHERE {cond}", (json.dumps(doc), *key)
                )


def _upsert(
    conn: sqlite3.Connection,
    table: str,
    keys: Mapping[str, Any],
    item: Mapping[str, Any],
    schema: str,
    writer: Writer,
    outcome: Outcome,
    kept: AbstractSet[str],
) -> None:
    where = " AND ".join(f"{k} = ?" for k in keys)
    row = conn.execute(f"SELECT doc FROM {table} WHERE {where}", tuple(keys.values())).fetchone()
    old = json.loads(row["doc"]) if row is not None else None
    incoming = {k: v for k, v in item.items() if k not in kept}
    merged = writer.merge(old, incoming, schema)
    columns = ", ".join(keys)
    marks = ", ".join("?" for _ in keys)
    conn.execute(
        f"INSERT INTO {table} ({columns}, doc) VALUES ({marks}, ?)"
        f" ON CONFLICT ({columns}) DO UPDATE SET doc = excluded.doc",
        (*keys.values(), json.dumps(merged, ensure_ascii=False)),
    )
    outcome.written(created=old is None)


def _onhand_rejection(
    conn: sqlite3.Connection, writer: Writer, index: int, item: Mapping[str, Any]
) -> str | None:
    if not _known_part(conn, item["PartNo"]):
        return f"item {index}: PartNo {item['PartNo']!r} is not in Norce; on-hand row ignored"
    return None


PRICE_AMOUNTS = norce_model.PRICE_AMOUNT_PROPERTIES
IGNORE_LIST = "IgnoreSkuPriceListFieldsWhenEmpty"


def _price_rejection(
    conn: sqlite3.Connection, writer: Writer, index: int, item: Mapping[str, Any]
) -> str | None:
    if not _known_part(conn, item["PartNo"]):
        return f"item {index}: PartNo {item['PartNo']!r} is not in Norce; price row ignored"
    known_list = conn.execute(
        "SELECT 1 FROM norce_price_lists WHERE code = ?", (item["PriceListCode"],)
    ).fetchone()
    if known_list is None:
        return (
            f"item {index}: price list {item['PriceListCode']!r} is not in Norce; price row ignored"
        )
    node = norce_model.body_node(norce_model.body_item_schema("norce.prices"))
    by_flag = {flag: prop for prop, flag in node.flags.items()}
    mandatory = writer.settings.lists.get(IGNORE_LIST, frozenset())
    empty = [f for f in sorted(mandatory) if item.get(by_flag.get(f, f)) in (None, 0)]
    if empty:
        return (
            f"item {index}: {', '.join(empty)} empty and listed in {IGNORE_LIST}; price row ignored"
        )
    return None


def _price_amounts_kept(item: Mapping[str, Any]) -> AbstractSet[str]:
    """Price values that are null or 0 do not overwrite (documented)."""
    return {p for p in PRICE_AMOUNTS if item.get(p) in (None, 0)}


def _relation_rejection(
    conn: sqlite3.Connection, writer: Writer, index: int, item: Mapping[str, Any]
) -> str | None:
    missing = [p for p in (item["PartNo"], item["RelatedPartNo"]) if not _known_part(conn, p)]
    if missing:
        return f"item {index}: PartNo {missing[0]!r} is not in Norce; relation ignored"
    return None


apply_onhands = KeyedImport(
    kind="norce.onhands",
    table="norce_onhands",
    key_columns=("part_no", "warehouse_code", "location_code"),
    key_values=lambda item: (item["PartNo"], item["WarehouseCode"], item["LocationCode"]),
    rejection=_onhand_rejection,
    scope_columns=("warehouse_code", "location_code"),
)
apply_prices = KeyedImport(
    kind="norce.prices",
    table="norce_prices",
    key_columns=("part_no", "price_list_code", "quantity_break"),
    key_values=lambda item: (
        item["PartNo"],
        item["PriceListCode"],
        int(item.get("QuantityBreak") or 1),
    ),
    rejection=_price_rejection,
    scope_columns=("price_list_code",),
    kept=_price_amounts_kept,
)
apply_relations = KeyedImport(
    kind="norce.relations",
    table="norce_relations",
    key_columns=("part_no", "related_part_no", "relation_type_code"),
    key_values=lambda item: (item["PartNo"], item["RelatedPartNo"], item["RelationTypeCode"]),
    rejection=_relation_rejection,
)


def row_text(item: Any) -> str:
    return _row_text(item)
