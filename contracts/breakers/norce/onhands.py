"""Breakers of the Norce on-hand rules (NO…)."""

from __future__ import annotations

from hypothesis import strategies as st

from contracts.breakers.norce import payload as norce
from contracts.breakers.registry import Draw, breaks
from contracts.generate import values as v
from contracts.generate.norce_header import HEADER_SCHEMAS, governed, list_enum
from contracts.generate.payloads import Payload
from linter.codes import (
    ONHAND_DEPRECATED_FIELD,
    ONHAND_MINIMUM_ABOVE_MAXIMUM,
    ONHAND_NEGATIVE_QUANTITY,
)


@breaks(ONHAND_MINIMUM_ABOVE_MAXIMUM, ("norce.onhands",))
def _minimum_above_maximum(draw: Draw, payload: Payload) -> Payload:
    norce.add_flag(payload, "SkuOnhandFieldsThatAreSet", "MinimumValue")
    norce.add_flag(payload, "SkuOnhandFieldsThatAreSet", "MaximumValue")
    high = draw(st.integers(min_value=2, max_value=100))
    for row in norce.items(payload):
        row.setdefault("MinimumValue", 0)
        row.setdefault("MaximumValue", high)
        if row["MinimumValue"] > row["MaximumValue"]:
            row["MinimumValue"] = row["MaximumValue"]
    norce.items(payload)[0]["MinimumValue"] = norce.items(payload)[0]["MaximumValue"] + high
    return payload


@breaks(ONHAND_DEPRECATED_FIELD, ("norce.onhands",))
def _deprecated_onhand_field(draw: Draw, payload: Payload) -> Payload:
    gov = governed("SkuOnhand", HEADER_SCHEMAS["norce.onhands"])
    enum = list_enum(HEADER_SCHEMAS["norce.onhands"], gov.list_name)
    deprecated = sorted(p for p, base in gov.flag_of.items() if enum.by_name[base].deprecated)
    prop = draw(st.sampled_from(deprecated))
    norce.items(payload)[0][prop] = draw(v.quantity())
    return payload


@breaks(ONHAND_NEGATIVE_QUANTITY, ("norce.onhands",))
def _negative_onhand(draw: Draw, payload: Payload) -> Payload:
    norce.add_flag(payload, "SkuOnhandFieldsThatAreSet", "OnhandValue")
    for row in norce.items(payload):
        row.setdefault("OnhandValue", 1)
    norce.items(payload)[0]["OnhandValue"] = -draw(st.integers(min_value=1, max_value=50))
    return payload
