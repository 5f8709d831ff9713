"""Breakers of the Ka-ching stock rules (KS…)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from contracts.breakers.registry import Draw, breaks
from contracts.generate import values as v
from contracts.generate.payloads import Payload
from linter.codes import (
    EMPTY_LOCATION,
    FORBIDDEN_ID_CHARACTER,
    FRACTIONAL_COUNT,
    NEGATIVE_COUNT,
    SCHEMA_VIOLATION,
    STOCK_STRUCTURE,
)


def any_product(draw: Draw, payload: Payload) -> tuple[str, str]:
    location = draw(st.sampled_from(sorted(payload.body)))
    product = draw(st.sampled_from(sorted(payload.body[location])))
    return location, product


@breaks(STOCK_STRUCTURE, ("kaching.stock",), also=(SCHEMA_VIOLATION,))
def _too_deep(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    payload.body[location][product] = {"variant": {"size": draw(v.quantity())}}
    return payload


@breaks(FORBIDDEN_ID_CHARACTER, ("kaching.stock",), also=(SCHEMA_VIOLATION,))
def _forbidden_character(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    bad = product + draw(st.sampled_from(tuple("./#$*[]"))) + "1"
    payload.body[location][bad] = payload.body[location].pop(product)
    return payload


@breaks(FRACTIONAL_COUNT, ("kaching.stock",))
def _fractional_count(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    payload.body[location][product] = draw(v.quantity()) + 0.5
    return payload


@breaks(EMPTY_LOCATION, ("kaching.stock",), also=(SCHEMA_VIOLATION,))
def _empty_level(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    payload.body[location][product] = {}
    return payload


@breaks(NEGATIVE_COUNT, ("kaching.stock",), sets_adjustment=True)
def _negative_count(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    payload.body[location][product] = -draw(st.integers(min_value=1, max_value=50))
    return replace(payload, options={})
