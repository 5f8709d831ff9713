"""Breakers of the Unleashed stock-on-hand rules (US…)."""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from contracts.breakers.registry import Draw, breaks
from contracts.generate import values as v
from contracts.generate.payloads import Payload
from linter.codes import (
    AVAILABLE_ABOVE_WITHOUT_ASSEMBLY,
    AVAILABLE_BELOW_ON_HAND_MINUS_ALLOCATED,
    JSON_DATE_FORM,
    PAGINATION_ARITHMETIC,
    SCHEMA_VIOLATION,
    TOTAL_COST_MISMATCH,
)


def _some_row(draw: Draw, payload: Payload) -> dict[str, Any]:
    items = payload.body["Items"]
    assume(bool(items))
    row: dict[str, Any] = draw(st.sampled_from(items))
    return row


@breaks(AVAILABLE_BELOW_ON_HAND_MINUS_ALLOCATED, ("unleashed.stock-on-hand",))
def _available_too_low(draw: Draw, payload: Payload) -> Payload:
    row = _some_row(draw, payload)
    row["AvailableQty"] = row["QtyOnHand"] - row["AllocatedQty"] - draw(st.integers(1, 20))
    return payload


@breaks(AVAILABLE_ABOVE_WITHOUT_ASSEMBLY, ("unleashed.stock-on-hand",))
def _available_too_high(draw: Draw, payload: Payload) -> Payload:
    row = _some_row(draw, payload)
    row["AvailableQty"] = row["QtyOnHand"] - row["AllocatedQty"] + draw(st.integers(1, 20))
    return payload


@breaks(TOTAL_COST_MISMATCH, ("unleashed.stock-on-hand",))
def _total_cost(draw: Draw, payload: Payload) -> Payload:
    row = _some_row(draw, payload)
    row["TotalCost"] = round(row["QtyOnHand"] * row["AvgCost"] + draw(st.integers(5, 500)), 2)
    return payload


@breaks(PAGINATION_ARITHMETIC, ("unleashed.stock-on-hand",))
def _pagination(draw: Draw, payload: Payload) -> Payload:
    payload.body["Pagination"]["NumberOfPages"] += draw(st.integers(1, 3))
    return payload


@breaks(JSON_DATE_FORM, ("unleashed.stock-on-hand",), also=(SCHEMA_VIOLATION,))
def _iso_date(draw: Draw, payload: Payload) -> Payload:
    row = _some_row(draw, payload)
    row["LastModifiedOn"] = draw(v.timestamp())
    return payload
