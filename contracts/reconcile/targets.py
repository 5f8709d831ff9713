"""The target side: Norce ImportOnhands bodies and Ka-ching stock bodies, as files, directories
of batches, or a URL whose GET answers such a body (the sandbox's ``/_sandbox/...`` read-back).

Only absolute imports are compared: a Ka-ching body sent with ``adjustment=true`` holds deltas
(stock events ``external_adjustment``), so a target written ``kaching:FILE?adjustment=true`` is
refused; so is a Norce body whose header (a ``NAME.header.json`` sidecar, as ``skuguard lint``
reads it) does not set OnhandValue.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import parse_qsl, urlsplit

import orjson

from contracts.reconcile import jsonstream, live, xmlstream
from contracts.reconcile.errors import ReconcileError
from contracts.reconcile.mapping import TARGETS, NoVariant, Target
from contracts.reconcile.rows import TargetRow, number, text
from contracts.reconcile.source import recorded_files

NORCE_RECORD = "SkuOnhand"
ONHAND_FIELD_CODE = 3
ONHAND_FIELD_NAME = "OnhandValue"


@dataclass(frozen=True, slots=True)
class TargetSpec:
    target: Target
    where: str

    @property
    def place(self) -> str:
        return f"{self.target}:{self.where}"


def parse_target(spec: str) -> TargetSpec:
    target, sep, where = spec.partition(":")
    if not sep or target not in TARGETS or not where:
        raise ReconcileError(
            "--target", f"{spec!r}: write norce:PATH_OR_URL or kaching:PATH_OR_URL"
        )
    if live.is_url(where):
        query = urlsplit(where).query
    else:
        where, _, query = where.partition("?")
    adjustment = dict(parse_qsl(query)).get("adjustment", "false").lower()
    if adjustment == "true":
        raise ReconcileError(
            f"--target {spec}",
            "adjustment=true imports are deltas (stock events external_adjustment), not counts;"
            " reconcile compares absolute imports only",
        )
    return TargetSpec(target, where)


def target_rows(spec: TargetSpec) -> Iterator[TargetRow]:
    if live.is_url(spec.where):
        with contextlib.closing(live.read_back(spec.where)) as body:
            yield from _body_rows(spec.target, body, spec.place)
        return
    for file in recorded_files(Path(spec.where)):
        if spec.target == "norce":
            _check_header(file)
        try:
            with file.open("rb") as body:
                yield from _body_rows(spec.target, body, f"{spec.target}:{file}")
        except OSError as exc:
            raise ReconcileError(str(file), f"cannot read: {exc.strerror}") from None


def _body_rows(target: Target, body: IO[bytes], place: str) -> Iterator[TargetRow]:
    if target == "kaching":
        yield from kaching_rows(body, place)
    elif xmlstream.is_xml(body):
        for index, record in enumerate(xmlstream.records(body, place, NORCE_RECORD)):
            row = norce_row(record, f"{place}: SkuOnhand {index + 1}")
            if row is not None:
                yield row
    else:
        doc = jsonstream.JsonStream(body, place)
        for index, item in enumerate(jsonstream.items_or_stream(doc)):
            row = norce_row(item, f"{place}: /{index}")
            if row is not None:
                yield row


def norce_row(item: object, place: str) -> TargetRow | None:
    """One on-hand row; ``None`` for an inactive one (IsActive false: not stocked there)."""
    if not isinstance(item, Mapping):
        raise ReconcileError(place, "an on-hand row must be an object")
    active = item.get("IsActive", True)
    if active is False or (isinstance(active, str) and active.lower() == "false"):
        return None
    if item.get(ONHAND_FIELD_NAME) is None:
        raise ReconcileError(place, "OnhandValue is missing: the row sets no quantity")
    return TargetRow(
        product=text(item.get("PartNo"), place, "PartNo"),
        variant=NoVariant,
        location=(
            text(item.get("WarehouseCode"), place, "WarehouseCode"),
            text(item.get("LocationCode"), place, "LocationCode"),
        ),
        qty=number(item.get(ONHAND_FIELD_NAME), place, ONHAND_FIELD_NAME),
    )


def kaching_rows(body: IO[bytes], place: str) -> Iterator[TargetRow]:
    """``{location: {product: count | {variant: count}}}``, one value at a time."""
    doc = jsonstream.JsonStream(body, place)
    if doc.peek() != "{":
        raise doc.fail("a Ka-ching stock body is an object keyed by stock location")
    for location in jsonstream.members(doc):
        if doc.peek() != "{":
            raise doc.fail(f"stock location {location!r} must hold an object of products")
        for batch in jsonstream.object_batches(doc):
            for product, value in batch.items():
                where = f"{place}: /{location}/{product}"
                if isinstance(value, Mapping):
                    for variant, count in value.items():
                        qty = number(count, f"{where}/{variant}", "a stock count")
                        yield TargetRow(product, str(variant), (location, ""), qty)
                else:
                    qty = number(value, where, "a stock count")
                    yield TargetRow(product, NoVariant, (location, ""), qty)
    doc.end()


def _check_header(body_file: Path) -> None:
    sidecar = body_file.with_name(body_file.name.rsplit(".", 1)[0] + ".header.json")
    if not sidecar.is_file():
        return
    try:
        header = orjson.loads(sidecar.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ReconcileError(str(sidecar), f"not a readable JSON header: {exc}") from None
    fields = header.get("SkuOnhandFieldsThatAreSet") if isinstance(header, dict) else None
    named = {f for f in fields if isinstance(f, int | str)} if isinstance(fields, list) else None
    if named is not None and not {ONHAND_FIELD_CODE, ONHAND_FIELD_NAME} & named:
        raise ReconcileError(
            str(sidecar),
            "SkuOnhandFieldsThatAreSet does not hold OnhandValue (3): the import sets no"
            " on-hand quantity to compare",
        )
