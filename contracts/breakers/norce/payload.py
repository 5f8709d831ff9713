"""Reading and editing the parts of a Norce payload that breakers change: its header, flag
lists, rows and SKUs, read from the spec the way the generators write them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

from contracts.breakers.registry import Draw
from contracts.generate import values as v
from contracts.generate.norce_header import (
    HEADER_SCHEMAS,
    governed,
    list_enum,
    operation_body_schema,
)
from contracts.generate.payloads import Payload
from linter import norce_model
from linter.specs import schema

NORCE_BODY_KINDS = tuple(HEADER_SCHEMAS)
NORCE_KINDS = (*NORCE_BODY_KINDS, "norce.header")


def header_of(payload: Payload) -> dict[str, Any]:
    """The header a mutation edits: the payload's header, or the body of a norce.header payload."""
    if payload.kind == "norce.header":
        assert isinstance(payload.body, dict)
        return payload.body
    assert payload.header is not None
    return payload.header


def header_schema_of(payload: Payload) -> str:
    if payload.kind in HEADER_SCHEMAS:
        return HEADER_SCHEMAS[payload.kind]
    kind = norce_model.header_kind_of(header_of(payload))
    return norce_model.header_schema_of_kind(kind)


def lists(header_schema: str) -> tuple[str, ...]:
    props = schema("norce", header_schema)["properties"]
    return tuple(name for name, node in props.items() if node.get("type") == "array")


def names(payload: Payload, list_name: str) -> set[str]:
    enum = list_enum(header_schema_of(payload), list_name)
    found = set()
    for value in header_of(payload).get(list_name, ()):
        member = enum.resolve(value)
        if member is not None:
            found.add(member.name)
    return found


def add_flag(payload: Payload, list_name: str, name: str, *, twin_too: bool = False) -> None:
    """Flag ``name`` unless it (or, without ``twin_too``, one of its twins) is flagged already."""
    present = names(payload, list_name)
    enum = list_enum(header_schema_of(payload), list_name)
    base = norce_model.twin_base(name, enum) or name
    family = {base, *(base + s for s in norce_model.TWIN_SUFFIXES)}
    if name in present or (not twin_too and family & present):
        return
    header_of(payload).setdefault(list_name, []).append(name)


def items(payload: Payload) -> list[dict[str, Any]]:
    assert isinstance(payload.body, list)
    return payload.body


def skus(payload: Payload) -> Iterator[dict[str, Any]]:
    for product in items(payload):
        for variant in product.get("Variants") or ():
            yield from variant.get("Skus") or ()


def unflagged_property(draw: Draw, payload: Payload, schema_name: str) -> str | None:
    """A governed, non-deprecated property of ``schema_name`` whose flag the header lacks."""
    header_schema = header_schema_of(payload)
    gov = governed(schema_name, header_schema)
    enum = list_enum(header_schema, gov.list_name)
    chosen = names(payload, gov.list_name)
    candidates = sorted(
        prop
        for prop, base in gov.flag_of.items()
        if base in enum.by_name
        and not enum.by_name[base].deprecated
        and base not in chosen
        and not chosen.intersection(gov.twins.get(base, ()))
        and is_scalar(schema_name, prop)
        and prop not in IDENTIFIERS
    )
    return draw(st.sampled_from(candidates)) if candidates else None


# Properties that identify an entity besides being settable: present without their flag is fine.
IDENTIFIERS = frozenset(
    {
        norce_model.CODE_PROPERTY,
        norce_model.MANUFACTURER_CODE_PROPERTY,
        norce_model.MANUFACTURER_PART_NO_PROPERTY,
    }
)


def is_scalar(schema_name: str, prop: str) -> bool:
    node = schema("norce", schema_name)["properties"][prop]
    types = node.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    return bool(kinds & {"string", "number", "integer", "boolean"}) and node.get("format") in (
        None,
        "int32",
    )


def scalar_for(schema_name: str, prop: str) -> Any:
    node = schema("norce", schema_name)["properties"][prop]
    types = node.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    if "boolean" in kinds:
        return True
    if "integer" in kinds or "number" in kinds:
        return 1
    return "Extra"


def row_schema(payload: Payload) -> str:
    return operation_body_schema(HEADER_SCHEMAS[payload.kind])


def code_every_product(draw: Draw, payload: Payload) -> None:
    """Flag ``Code`` and give every product its own code."""
    add_flag(payload, "ProductFieldsThatAreSet", "Code")
    products = items(payload)
    codes = draw(st.lists(v.code("P"), min_size=len(products), max_size=len(products), unique=True))
    for product, code in zip(products, codes, strict=True):
        product["Code"] = code


def first_sku(payload: Payload) -> dict[str, Any]:
    return next(skus(payload))


def ensure_standard_price(draw: Draw, payload: Payload) -> None:
    """Make every SKU carry a StandardPrice with PriceSale (flags added as needed)."""
    header_schema = HEADER_SCHEMAS["norce.products"]
    sku_gov = governed("Sku", header_schema)
    price_gov = governed("SkuPriceList", header_schema)
    add_flag(payload, sku_gov.list_name, sku_gov.flag_of["StandardPrice"])
    add_flag(payload, price_gov.list_name, price_gov.flag_of["PriceSale"])
    flagged = price_gov.properties_for(sorted(names(payload, price_gov.list_name)))
    for sku in skus(payload):
        price = sku.get("StandardPrice")
        if not isinstance(price, dict):
            price = {"PartNo": sku["PartNo"], "PriceListCode": "STD", "CurrencyCode": "SEK"}
            sku["StandardPrice"] = price
        for prop in flagged:
            if prop not in price:
                price[prop] = draw(v.money()) if prop.startswith(("Price", "Cost")) else 1
        price.setdefault("PriceSale", draw(v.money()))


def not_a_currency() -> st.SearchStrategy[str]:
    return st.from_regex(r"\A[A-Z]{4,5}\Z")


def bad_culture() -> st.SearchStrategy[str]:
    return st.sampled_from(v.CULTURES).map(lambda c: c.replace("-", "_"))
