"""The sandbox's SQLite database: schema, seed loading, reset and one-transaction writes.

The database is a file in WAL mode: the ``--db`` path, or one in a temporary directory the
store owns and removes. One writer connection, behind a lock, makes every change in one
``BEGIN IMMEDIATE`` transaction, so a rejected or failed request leaves nothing
half-written; each thread reads through a connection of its own, from a snapshot, so
readers never wait for a writer. A Norce import is staged first (:meth:`Store.staging`):
its rows are worked out on private copies of the tables it changes, in a scratch file,
while the writer stays free; then the rows it changed are copied over in one short
transaction.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kaching_locations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kaching_stock (
    location TEXT NOT NULL, product TEXT NOT NULL, variant TEXT NOT NULL DEFAULT '',
    count REAL NOT NULL, PRIMARY KEY (location, product, variant));
CREATE TABLE IF NOT EXISTS kaching_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, location TEXT NOT NULL, product TEXT NOT NULL,
    variant TEXT NOT NULL, type TEXT NOT NULL, value REAL);
CREATE TABLE IF NOT EXISTS norce_price_lists (code TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS norce_products (key TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS norce_skus (part_no TEXT PRIMARY KEY, product_key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS norce_onhands (
    part_no TEXT NOT NULL, warehouse_code TEXT NOT NULL, location_code TEXT NOT NULL,
    doc TEXT NOT NULL, PRIMARY KEY (part_no, warehouse_code, location_code));
CREATE TABLE IF NOT EXISTS norce_prices (
    part_no TEXT NOT NULL, price_list_code TEXT NOT NULL, quantity_break INTEGER NOT NULL,
    doc TEXT NOT NULL, PRIMARY KEY (part_no, price_list_code, quantity_break));
CREATE TABLE IF NOT EXISTS norce_relations (
    part_no TEXT NOT NULL, related_part_no TEXT NOT NULL, relation_type_code TEXT NOT NULL,
    doc TEXT NOT NULL, PRIMARY KEY (part_no, related_part_no, relation_type_code));
CREATE TABLE IF NOT EXISTS norce_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL, status_id INTEGER NOT NULL,
    totals INTEGER NOT NULL, inserts INTEGER NOT NULL, updates INTEGER NOT NULL,
    fail INTEGER NOT NULL, start TEXT NOT NULL, stop TEXT, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS norce_job_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, job_id INTEGER NOT NULL, severity_id INTEGER NOT NULL,
    message TEXT NOT NULL, imported_row TEXT, timestamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unleashed_warehouses (
    guid TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unleashed_products (
    guid TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
    grp TEXT, source_id TEXT);
CREATE TABLE IF NOT EXISTS unleashed_transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, product_guid TEXT NOT NULL,
    warehouse_guid TEXT NOT NULL, date TEXT NOT NULL, kind TEXT NOT NULL,
    qty REAL NOT NULL, unit_cost REAL);
CREATE TABLE IF NOT EXISTS unleashed_assemblable (
    product_guid TEXT NOT NULL, warehouse_guid TEXT NOT NULL, qty REAL NOT NULL,
    PRIMARY KEY (product_guid, warehouse_guid));
"""

# Data tables in delete order; ``meta`` and sqlite_sequence are handled separately.
DATA_TABLES: tuple[str, ...] = (
    "kaching_events",
    "kaching_stock",
    "kaching_locations",
    "norce_job_log",
    "norce_jobs",
    "norce_relations",
    "norce_prices",
    "norce_onhands",
    "norce_skus",
    "norce_products",
    "norce_price_lists",
    "unleashed_assemblable",
    "unleashed_transactions",
    "unleashed_products",
    "unleashed_warehouses",
)

# Norce job ids start here so that they look like real ones and stay well inside int32.
FIRST_JOB_ID = 1000
TRANSACTION_KINDS: frozenset[str] = frozenset(
    {"receipt", "sale", "adjustment", "allocation", "purchase"}
)


class SeedError(ValueError):
    """The seed data is not of the documented shape."""


class Connection(sqlite3.Connection):
    """A connection the store can keep a weak reference to (to close it with the store)."""


@dataclass
class Stage:
    """A Norce import worked out before it is written.

    ``conn`` sees the database as it was when the stage began, except that ``tables`` are
    private, writable copies in a scratch file; triggers note every row it inserts or
    updates, and :meth:`Store.transaction` copies just those rows in one statement each.
    """

    conn: Connection
    path: Path
    tables: tuple[str, ...]


def _table_ddl() -> dict[str, str]:
    ddl: dict[str, str] = {}
    for statement in SCHEMA.split(";"):
        words = statement.split()
        if words[:5] == ["CREATE", "TABLE", "IF", "NOT", "EXISTS"]:
            ddl[words[5]] = " ".join(words[6:])
    return ddl


TABLE_COLUMNS = _table_ddl()
BUSY_TIMEOUT_MS = 30_000


class Store:
    """The writer, the per-thread readers, and the locks that order writes."""

    def __init__(self, db_path: Path | None = None) -> None:
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        if db_path is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="skuguard-sandbox-")
            db_path = Path(self._tempdir.name) / "sandbox.db"
        self.path = db_path.resolve()
        # A --db file keeps every acknowledged write even through a power cut (FULL). The
        # throw-away file dies with the process; its commits still reach the OS (OFF skips
        # only the fsyncs), so nothing acknowledged is lost while the process lives.
        self._synchronous = "OFF" if self._tempdir is not None else "FULL"
        self._write_lock = threading.RLock()  # re-entry fails loudly in BEGIN, not a hang
        self._norce_lock = threading.Lock()
        self._local = threading.local()
        self._readers: weakref.WeakSet[Connection] = weakref.WeakSet()
        self._closed = False
        self._scratch: tempfile.TemporaryDirectory[str] | None = None  # for stages, made lazily
        self._stages = 0
        self._writer = self._connect(str(self.path), uri=False)
        self._writer.execute("PRAGMA journal_mode = WAL")
        with self._write_lock:
            self._writer.executescript(f"BEGIN; {SCHEMA} COMMIT;")

    def _connect(self, target: str, *, uri: bool, factory: type[Connection] = Connection) -> Any:
        conn = sqlite3.connect(
            target, uri=uri, factory=factory, check_same_thread=False, isolation_level=None
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA synchronous = {self._synchronous}")
        return conn

    def close(self) -> None:
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            for conn in list(self._readers):
                conn.close()
            self._writer.close()
        if self._scratch is not None:
            self._scratch.cleanup()
        if self._tempdir is not None:
            self._tempdir.cleanup()

    @contextlib.contextmanager
    def transaction(self, stage: Stage | None = None) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        With a ``stage``, the rows it changed are written first, in the same transaction.
        """
        if stage is not None and stage.conn.in_transaction:
            stage.conn.execute("COMMIT")  # the writer reads the scratch file: end its writing
        with self._write_lock:
            if stage is not None:
                self._writer.execute("ATTACH DATABASE ? AS stage", (str(stage.path),))
            try:
                self._writer.execute("BEGIN IMMEDIATE")
                try:
                    if stage is not None:
                        self._copy_stage(self._writer, stage)
                    yield self._writer
                except BaseException:
                    self._writer.execute("ROLLBACK")
                    raise
                self._writer.execute("COMMIT")
            finally:
                if stage is not None:
                    self._writer.execute("DETACH DATABASE stage")

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """This thread's reader, inside one read transaction (a consistent snapshot)."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect(str(self.path), uri=False)
            self._local.conn = conn
            self._readers.add(conn)
        depth: int = getattr(self._local, "depth", 0)
        if depth == 0:
            conn.execute("BEGIN")
        self._local.depth = depth + 1
        try:
            yield conn
        finally:
            self._local.depth = depth
            if depth == 0 and conn.in_transaction:
                conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def norce_import(self) -> Iterator[None]:
        """Held while a Norce import is staged and written: one at a time, and no reset
        between, so the tables a stage copied are still the ones its rows are copied back to."""
        with self._norce_lock:
            yield

    @contextlib.contextmanager
    def staging(self, tables: Sequence[str]) -> Iterator[Stage]:
        """A :class:`Stage` of ``tables``; call inside :meth:`norce_import`, and write it with
        ``transaction(stage)`` before the ``norce_import`` block ends."""
        self._stages += 1
        path = self._scratch_dir() / f"stage-{self._stages}.db"
        # Opened as a URI, so that the ATTACH below reads ``mode=ro`` as an option whatever
        # SQLite's build default for URIs is.
        conn: Connection = self._connect(path.as_uri(), uri=True)
        stage = Stage(conn, path, tuple(tables))
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("ATTACH DATABASE ? AS live", (f"{self.path.as_uri()}?mode=ro",))
            conn.execute("CREATE TABLE changed (tbl TEXT, rid INTEGER, PRIMARY KEY (tbl, rid))")
            conn.execute("BEGIN")
            for table in stage.tables:
                conn.execute(f"CREATE TABLE main.{table} {TABLE_COLUMNS[table]}")
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM live.{table}")
                for event in ("INSERT", "UPDATE"):
                    conn.execute(
                        f"CREATE TRIGGER main.{table}_{event.lower()} AFTER {event} ON {table}"
                        f" BEGIN INSERT OR IGNORE INTO changed VALUES ('{table}', new.rowid); END"
                    )
            yield stage
        finally:
            conn.close()
            path.unlink(missing_ok=True)

    def _scratch_dir(self) -> Path:
        if self._tempdir is not None:
            return Path(self._tempdir.name)
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="skuguard-stage-")
        return Path(self._scratch.name)

    def _copy_stage(self, conn: sqlite3.Connection, stage: Stage) -> None:
        for table in stage.tables:
            names = [row["name"] for row in conn.execute(f"PRAGMA main.table_info({table})")]
            columns = ", ".join(names)
            conn.execute(
                f"INSERT OR REPLACE INTO main.{table} ({columns}) SELECT {columns}"
                f" FROM stage.{table} WHERE rowid IN"
                " (SELECT rid FROM stage.changed WHERE tbl = ?)",
                (table,),
            )

    def is_seeded(self) -> bool:
        with self.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'seeded'").fetchone()
        return row is not None

    def reset(self, seed: Mapping[str, Any]) -> None:
        """Delete every row and load ``seed`` again, in one transaction."""
        with self.norce_import(), self.transaction() as conn:
            for table in DATA_TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM meta")
            conn.execute("DELETE FROM sqlite_sequence")
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('norce_jobs', ?)",
                (FIRST_JOB_ID - 1,),
            )
            _load_seed(conn, seed)
            conn.execute("INSERT INTO meta (key, value) VALUES ('seeded', '1')")


def load_seed_file(path: Path | None) -> dict[str, Any]:
    """Read a seed file (JSON), or the built-in seed when ``path`` is ``None``."""
    source = Path(__file__).with_name("seed_data.json") if path is None else path
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SeedError(f"{source}: cannot read: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SeedError(f"{source}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise SeedError(f"{source}: the top level must be an object")
    return data


def _section(seed: Mapping[str, Any], api: str) -> Mapping[str, Any]:
    part = seed.get(api, {})
    if not isinstance(part, Mapping):
        raise SeedError(f"seed /{api}: must be an object")
    return part


def _rows(part: Mapping[str, Any], api: str, name: str) -> list[Mapping[str, Any]]:
    rows = part.get(name, [])
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise SeedError(f"seed /{api}/{name}: must be a list of objects")
    return rows


def _load_seed(conn: sqlite3.Connection, seed: Mapping[str, Any]) -> None:
    try:
        _load_kaching(conn, _section(seed, "kaching"))
        _load_norce(conn, _section(seed, "norce"))
        _load_unleashed(conn, _section(seed, "unleashed"))
    except (KeyError, TypeError) as exc:
        raise SeedError(f"seed: missing or ill-typed field {exc}") from None
    except sqlite3.IntegrityError as exc:
        raise SeedError(f"seed: inconsistent data: {exc}") from None


def _load_kaching(conn: sqlite3.Connection, part: Mapping[str, Any]) -> None:
    for loc in _rows(part, "kaching", "locations"):
        conn.execute(
            "INSERT INTO kaching_locations (id, name) VALUES (?, ?)",
            (str(loc["id"]), str(loc.get("name", loc["id"]))),
        )
    for row in _rows(part, "kaching", "stock"):
        conn.execute(
            "INSERT INTO kaching_stock (location, product, variant, count) VALUES (?, ?, ?, ?)",
            (str(row["location"]), str(row["product"]), row.get("variant") or "", row["count"]),
        )


def _load_norce(conn: sqlite3.Connection, part: Mapping[str, Any]) -> None:
    for code in part.get("price_lists", []):
        conn.execute("INSERT INTO norce_price_lists (code) VALUES (?)", (str(code),))
    for product in _rows(part, "norce", "products"):
        key = product_key_for_seed(product)
        conn.execute(
            "INSERT INTO norce_products (key, doc) VALUES (?, ?)", (key, json.dumps(product))
        )
        for variant in product.get("Variants", []):
            for sku in variant.get("Skus", []):
                conn.execute(
                    "INSERT INTO norce_skus (part_no, product_key) VALUES (?, ?)",
                    (str(sku["PartNo"]), key),
                )


def product_key_for_seed(product: Mapping[str, Any]) -> str:
    if product.get("Code"):
        return f"code:{product['Code']}"
    variant = product["Variants"][0]
    return f"mpn:{product['ManufacturerCode']}/{variant['ManufacturerPartNo']}"


def _load_unleashed(conn: sqlite3.Connection, part: Mapping[str, Any]) -> None:
    warehouses: dict[str, str] = {}
    for wh in _rows(part, "unleashed", "warehouses"):
        warehouses[str(wh["code"])] = str(wh["guid"])
        conn.execute(
            "INSERT INTO unleashed_warehouses (guid, code, name) VALUES (?, ?, ?)",
            (str(wh["guid"]).lower(), str(wh["code"]), str(wh["name"])),
        )
    products: dict[str, str] = {}
    for p in _rows(part, "unleashed", "products"):
        products[str(p["code"])] = str(p["guid"]).lower()
        conn.execute(
            "INSERT INTO unleashed_products (guid, code, description, grp, source_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                str(p["guid"]).lower(),
                str(p["code"]),
                str(p["description"]),
                p.get("group"),
                p.get("source_id"),
            ),
        )
    for tx in _rows(part, "unleashed", "transactions"):
        if tx["kind"] not in TRANSACTION_KINDS:
            raise SeedError(
                f"seed: transaction kind {tx['kind']!r} not one of {sorted(TRANSACTION_KINDS)}"
            )
        conn.execute(
            "INSERT INTO unleashed_transactions"
            " (product_guid, warehouse_guid, date, kind, qty, unit_cost)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                products[str(tx["product"])],
                warehouses[str(tx["warehouse"])].lower(),
                str(tx["date"]),
                tx["kind"],
                float(tx["qty"]),
                tx.get("unit_cost"),
            ),
        )
    for row in _rows(part, "unleashed", "assemblable"):
        conn.execute(
            "INSERT INTO unleashed_assemblable (product_guid, warehouse_guid, qty)"
            " VALUES (?, ?, ?)",
            (
                products[str(row["product"])],
                warehouses[str(row["warehouse"])].lower(),
                float(row["qty"]),
            ),
        )
