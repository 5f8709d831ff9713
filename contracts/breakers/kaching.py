"""Breakers of the Ka-ching stock rules (KS…)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from contracts.breakers.registry import Draw, breaks
from contracts.generate import values as v
from contracts.generate.payloads import Payload


def any_product(draw: Draw, payload: Payload) -> tuple[str, str]:
    location = draw(st.sampled_from(sorted(payload.body)))
    product = draw(st.sampled_from(sorted(payload.body[location])))
    return location, product


@breaks("KS001", ("kaching.stock",), also=("SG003",))
def _too_deep(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    payload.body[location][product] = {"variant": {"size": draw(v.quantity())}}
    return payload


@breaks("KS002", ("kaching.stock",), also=("SG003",))
def _forbidden_character(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    bad = product + draw(st.sampled_from(tuple("./#$*[]"))) + "1"
    payload.body[location][bad] = payload.body[location].pop(product)
    return payload


@breaks("KS003", ("kaching.stock",))
def _fractional_count(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    payload.body[location][product] = draw(v.quantity()) + 0.5
    return payload


@breaks("KS004", ("kaching.stock",), also=("SG003",))
def _empty_level(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    payload.body[location][product] = {}
    return payload


@breaks("KS005", ("kaching.stock",), sets_adjustment=True)
def _negative_count(draw: Draw, payload: Payload) -> Payload:
    location, product = any_product(draw, payload)
    payload.body[location][product] = -draw(st.integers(min_value=1, max_value=50))
    return replace(payload, options={})
