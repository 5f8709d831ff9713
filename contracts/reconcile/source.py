"""The Unleashed side: StockOnHand rows from recorded responses (files, directories of pages;
JSON or XML) or live from an API root, every page of every mapped warehouse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

from contracts.reconcile import jsonstream, xmlstream
from contracts.reconcile.errors import ReconcileError
from contracts.reconcile.rows import SourceRow, number, text

LIVE_PAGE_SIZE = 1000  # the largest pageSize the Pagination doc allows
RECORD = "StockOnHand"


def recorded_files(path: Path) -> list[Path]:
    """A file, or the *.json and *.xml files under a directory (header sidecars skipped)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ReconcileError(str(path), "no such file or directory")
    found = sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in (".json", ".xml") and ".header." not in p.name
    )
    if not found:
        raise ReconcileError(str(path), "no *.json or *.xml file in this directory")
    return found


def recorded_rows(path: Path) -> Iterator[SourceRow]:
    for file in recorded_files(path):
        try:
            with file.open("rb") as stream:
                yield from page_rows(stream, str(file))
        except OSError as exc:
            raise ReconcileError(str(file), f"cannot read: {exc.strerror}") from None


def page_rows(stream: IO[bytes], place: str) -> Iterator[SourceRow]:
    """The rows of one recorded StockOnHand reply (a list page, or one product)."""
    if xmlstream.is_xml(stream):
        for index, record in enumerate(xmlstream.records(stream, place, RECORD)):
            yield source_row(record, f"{place}: StockOnHand {index + 1}")
        return
    doc = jsonstream.JsonStream(stream, place)
    if doc.peek() == "[":
        for index, item in enumerate(jsonstream.array_items(doc)):
            yield source_row(item, f"{place}: /{index}")
        doc.end()
        return
    single: dict[str, object] = {}
    listed = False
    for key in jsonstream.members(doc):
        if key == "Items":
            listed = True
            for index, item in enumerate(jsonstream.array_items(doc)):
                yield source_row(item, f"{place}: /Items/{index}")
        else:
            single[key] = doc.value()
    doc.end()
    if not listed:
        if "ProductCode" not in single:
            raise ReconcileError(place, "not a StockOnHand reply: no Items and no ProductCode")
        yield source_row(single, place)


def source_row(item: object, place: str) -> SourceRow:
    if not isinstance(item, Mapping):
        raise ReconcileError(place, "a StockOnHand row must be an object")
    return SourceRow(
        product=text(item.get("ProductCode"), place, "ProductCode"),
        warehouse=text(item.get("WarehouseCode"), place, "WarehouseCode", empty=True),
        available=number(item.get("AvailableQty"), place, "AvailableQty"),
        on_hand=number(item.get("QtyOnHand"), place, "QtyOnHand"),
    )


def live_queries(warehouses: Iterable[str], as_at: str | None) -> Iterator[tuple[str, str]]:
    """(warehouse, query string) per warehouse: the list is per warehouse only when filtered,
    as the StockOnHand doc's warehouseCode filter says; unfiltered rows are totals."""
    for code in sorted(warehouses):
        params = {"warehouseCode": code, "pageSize": str(LIVE_PAGE_SIZE)}
        if as_at is not None:
            params["asAtDate"] = as_at
        yield code, urlencode(params)


def live_page_rows(body: object, place: str, warehouse: str) -> tuple[list[SourceRow], int]:
    """The rows of one live page and its NumberOfPages; an empty WarehouseCode is the queried
    warehouse (the query asked for that warehouse only)."""
    if not isinstance(body, Mapping) or not isinstance(body.get("Items"), list):
        raise ReconcileError(place, "the reply has no Items list")
    pagination = body.get("Pagination")
    pages = pagination.get("NumberOfPages") if isinstance(pagination, Mapping) else None
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < 0:
        raise ReconcileError(place, "the reply has no Pagination.NumberOfPages")
    rows = []
    for index, item in enumerate(body["Items"]):
        row = source_row(item, f"{place}: /Items/{index}")
        rows.append(row if row.warehouse else row._replace(warehouse=warehouse))
    return rows, pages
