"""The breaker of the schema rule SG003, for every kind: one value the spec's schema forbids."""

from __future__ import annotations

from hypothesis import strategies as st

from contracts.breakers.kaching import any_product
from contracts.breakers.norce import payload as norce
from contracts.breakers.registry import Draw, breaks
from contracts.generate.payloads import Payload
from linter.codes import (
    SCHEMA_VIOLATION,
)
from linter.specs import schema


@breaks(SCHEMA_VIOLATION, (*norce.NORCE_KINDS, "kaching.stock", "unleashed.stock-on-hand"))
def _schema_violation(draw: Draw, payload: Payload) -> Payload:
    if payload.kind == "norce.header":
        header = norce.header_of(payload)
        header["AccountId"] = str(header["AccountId"]) + draw(st.sampled_from(["a", "x", " "]))
        return payload
    if payload.kind == "kaching.stock":
        location, product = any_product(draw, payload)
        payload.body[location][""] = payload.body[location].pop(product)
        return payload
    if payload.kind == "unleashed.stock-on-hand":
        pagination = payload.body["Pagination"]
        pagination["PageSize"] = str(pagination["PageSize"])
        return payload
    known = set(schema("norce", norce.row_schema(payload))["properties"])
    name = draw(st.from_regex(r"\AX[A-Z][a-z]{3,8}\Z").filter(lambda n: n not in known))
    norce.items(payload)[0][name] = "unexpected"
    return payload
