"""Breakers of the Unleashed stock-on-hand rules (US…)."""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from contracts.breakers.registry import Draw, breaks
from contracts.generate import values as v
from contracts.generate.payloads import Payload


def _some_row(draw: Draw, payload: Payload) -> dict[str, Any]:
    items = payload.body["Items"]
    assume(bool(items))
    row: dict[str, Any] = draw(st.sampled_from(items))
    return row


@breaks("US001", ("unleashed.stock-on-hand",))
def _available_too_low(draw: Draw, payload: Payload) -> Payload:
    row = _some_row(draw, payload)
    row["AvailableQty"] = row["QtyOnHand"] - row["AllocatedQty"] - draw(st.integers(1, 20))
    return payload


@breaks("US002", ("unleashed.stock-on-hand",))
def _available_too_high(draw: Draw, payload: Payload) -> Payload:
    row = _some_row(draw, payload)
    row["AvailableQty"] = row["QtyOnHand"] - row["AllocatedQty"] + draw(st.integers(1, 20))
    return payload


@breaks("US003", ("unleashed.stock-on-hand",))
def _total_cost(draw: Draw, payload: Payload) -> Payload:
    row = _some_row(draw, payload)
    row["TotalCost"] = round(row["QtyOnHand"] * row["AvgCost"] + draw(st.integers(5, 500)), 2)
    return payload


@breaks("US004", ("unleashed.stock-on-hand",))
def _pagination(draw: Draw, payload: Payload) -> Payload:
    payload.body["Pagination"]["NumberOfPages"] += draw(st.integers(1, 3))
    return payload


@breaks("US005", ("unleashed.stock-on-hand",), also=("SG003",))
def _iso_date(draw: Draw, payload: Payload) -> Payload:
    row = _some_row(draw, payload)
    row["LastModifiedOn"] = draw(v.timestamp())
    return payload
