"""Breakers shared by the Norce row kinds: a repeated row, a field set without its flag."""

from __future__ import annotations

import copy

from hypothesis import assume

from contracts.breakers.norce import payload as norce
from contracts.breakers.registry import Draw, breaks
from contracts.generate.payloads import Payload
from linter.codes import (
    ONHAND_FIELD_NOT_FLAGGED,
    ONHAND_ROW_REPEATED,
    PRICE_FIELD_NOT_FLAGGED,
    PRICE_ROW_REPEATED,
    PRODUCT_FIELD_NOT_FLAGGED,
    RELATION_FIELD_NOT_FLAGGED,
    RELATION_REPEATED,
)


def _copy_of_first(payload: Payload) -> None:
    norce.items(payload).append(copy.deepcopy(norce.items(payload)[0]))


@breaks(ONHAND_ROW_REPEATED, ("norce.onhands",))
@breaks(PRICE_ROW_REPEATED, ("norce.prices",))
@breaks(RELATION_REPEATED, ("norce.relations",))
def _repeated_row(draw: Draw, payload: Payload) -> Payload:
    _copy_of_first(payload)
    return payload


@breaks(ONHAND_FIELD_NOT_FLAGGED, ("norce.onhands",))
@breaks(PRICE_FIELD_NOT_FLAGGED, ("norce.prices",))
@breaks(RELATION_FIELD_NOT_FLAGGED, ("norce.relations",))
@breaks(PRODUCT_FIELD_NOT_FLAGGED, ("norce.products",))
def _field_not_flagged(draw: Draw, payload: Payload) -> Payload:
    schema_name = norce.row_schema(payload)
    prop = norce.unflagged_property(draw, payload, schema_name)
    assume(prop is not None)
    assert prop is not None
    assume(not (payload.kind == "norce.onhands" and prop in {"MinimumValue", "MaximumValue"}))
    norce.items(payload)[0][prop] = norce.scalar_for(schema_name, prop)
    return payload
