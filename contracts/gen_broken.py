"""Payloads that break exactly one linter rule: one small mutation of a valid payload per rule.

Each breaker is registered once (in :mod:`contracts.gen_registry`, whose functions this
module re-exports), for the rule code it breaks and the kinds it supports. A breaker draws a
valid payload, deep-copies it and changes the least it can; enum members are read from the
spec (through :mod:`contracts.gen_norce`), never written as literals. Breakers of the bytes
themselves (syntax, encoding, the header's form) are in :mod:`contracts.gen_bytes`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from contracts import gen_values as v
from contracts.gen_norce import HEADER_SCHEMAS, governed, list_enum
from contracts.gen_registry import (
    Breaker,
    Draw,
    Mutation,
    breakable,
    breaker,
    breaker_or_fail,
    breaks,
    companions,
    needs_adjustment_choice,
)
from contracts.payloads import Payload
from linter import norce_model
from linter.specs import coded_enum, schema

__all__ = [
    "Breaker",
    "Mutation",
    "breakable",
    "breaker",
    "breaker_or_fail",
    "breaks",
    "companions",
    "needs_adjustment_choice",
]

NORCE_BODY_KINDS = tuple(HEADER_SCHEMAS)
NORCE_KINDS = (*NORCE_BODY_KINDS, "norce.header")


# ---------------------------------------------------------------- Norce helpers


def _header(payload: Payload) -> dict[str, Any]:
    """The header a mutation edits: the payload's header, or the body of a norce.header payload."""
    if payload.kind == "norce.header":
        assert isinstance(payload.body, dict)
        return payload.body
    assert payload.header is not None
    return payload.header


def _header_schema(payload: Payload) -> str:
    if payload.kind in HEADER_SCHEMAS:
        return HEADER_SCHEMAS[payload.kind]
    kind = norce_model.header_kind_of(_header(payload))
    return norce_model.header_schema_of_kind(kind)


def _lists(header_schema: str) -> tuple[str, ...]:
    props = schema("norce", header_schema)["properties"]
    return tuple(name for name, node in props.items() if node.get("type") == "array")


def _names(payload: Payload, list_name: str) -> set[str]:
    enum = list_enum(_header_schema(payload), list_name)
    found = set()
    for value in _header(payload).get(list_name, ()):
        member = enum.resolve(value)
        if member is not None:
            found.add(member.name)
    return found


def _add_flag(payload: Payload, list_name: str, name: str, *, twin_too: bool = False) -> None:
    """Flag ``name`` unless it (or, without ``twin_too``, one of its twins) is flagged already."""
    present = _names(payload, list_name)
    enum = list_enum(_header_schema(payload), list_name)
    base = norce_model.twin_base(name, enum) or name
    family = {base, *(base + s for s in norce_model.TWIN_SUFFIXES)}
    if name in present or (not twin_too and family & present):
        return
    _header(payload).setdefault(list_name, []).append(name)


def _items(payload: Payload) -> list[dict[str, Any]]:
    assert isinstance(payload.body, list)
    return payload.body


def _skus(payload: Payload) -> Iterator[dict[str, Any]]:
    for product in _items(payload):
        for variant in product.get("Variants") or ():
            yield from variant.get("Skus") or ()


def _unflagged_property(draw: Draw, payload: Payload, schema_name: str) -> str | None:
    """A governed, non-deprecated property of ``schema_name`` whose flag the header lacks."""
    header_schema = _header_schema(payload)
    gov = governed(schema_name, header_schema)
    enum = list_enum(header_schema, gov.list_name)
    chosen = _names(payload, gov.list_name)
    candidates = sorted(
        prop
        for prop, base in gov.flag_of.items()
        if base in enum.by_name
        and not enum.by_name[base].deprecated
        and base not in chosen
        and not chosen.intersection(gov.twins.get(base, ()))
        and _is_scalar(schema_name, prop)
        and prop not in _IDENTIFIERS
    )
    return draw(st.sampled_from(candidates)) if candidates else None


# Properties that identify an entity besides being settable: present without their flag is fine.
_IDENTIFIERS = frozenset(
    {
        norce_model.CODE_PROPERTY,
        norce_model.MANUFACTURER_CODE_PROPERTY,
        norce_model.MANUFACTURER_PART_NO_PROPERTY,
    }
)


def _is_scalar(schema_name: str, prop: str) -> bool:
    node = schema("norce", schema_name)["properties"][prop]
    types = node.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    return bool(kinds & {"string", "number", "integer", "boolean"}) and node.get("format") in (
        None,
        "int32",
    )


def _scalar_for(schema_name: str, prop: str) -> Any:
    node = schema("norce", schema_name)["properties"][prop]
    types = node.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    if "boolean" in kinds:
        return True
    if "integer" in kinds or "number" in kinds:
        return 1
    return "Extra"


# ---------------------------------------------------------------- Norce header rules

HEADER_KINDS = NORCE_KINDS


@breaks("NH001", HEADER_KINDS, also=("SG003",))
def _unknown_value(draw: Draw, payload: Payload) -> Payload:
    header_schema = _header_schema(payload)
    present = [name for name in _lists(header_schema) if name in _header(payload)]
    list_name = draw(st.sampled_from(present))
    enum = list_enum(header_schema, list_name)
    _header(payload)[list_name].append(max(enum.codes) + draw(st.integers(1, 50)))
    return payload


@breaks("NH003", ("norce.products", "norce.header"))
def _dependency(draw: Draw, payload: Payload) -> Payload:
    header_schema = _header_schema(payload)
    props = schema("norce", header_schema)["properties"]
    options = []
    for name, node in props.items():
        requires = node.get("x-skuguard-requires")
        if requires is None or name in _header(payload) or "x-skuguard-subset-of" in node:
            continue
        if requires["value"] not in _names(payload, requires["list"]) and (
            requires["list"] in _header(payload)
        ):
            options.append(name)
    assume(bool(options))
    name = draw(st.sampled_from(sorted(options)))
    enum = list_enum(header_schema, name)
    member = draw(st.sampled_from([m for m in enum.members if not m.deprecated]))
    _header(payload)[name] = [member.code]
    return payload


@breaks("NH004", ("norce.products", "norce.prices", "norce.header"))
def _ignore_not_subset(draw: Draw, payload: Payload) -> Payload:
    header_schema = _header_schema(payload)
    ignore_list = "IgnoreSkuPriceListFieldsWhenEmpty"
    props = schema("norce", header_schema)["properties"]
    assume(ignore_list in props)
    superset = str(props[ignore_list]["x-skuguard-subset-of"])
    if payload.kind == "norce.products" and superset not in _header(payload):
        _ensure_standard_price(draw, payload)
    assume(superset in _header(payload))
    chosen = _names(payload, superset)
    enum = list_enum(header_schema, ignore_list)
    outside = [m.name for m in enum.members if m.name not in chosen]
    assume(bool(outside))
    _header(payload).setdefault(ignore_list, []).append(draw(st.sampled_from(outside)))
    return payload


@breaks("NH005", HEADER_KINDS)
def _job_id(draw: Draw, payload: Payload) -> Payload:
    _header(payload)["JobId"] = draw(st.integers(min_value=1, max_value=2**31 - 1))
    return payload


@breaks("NH006", HEADER_KINDS)
def _supplier_without_storage(draw: Draw, payload: Payload) -> Payload:
    _header(payload)["SupplierId"] = draw(st.integers(min_value=1, max_value=9999))
    return payload


@breaks("NH007", NORCE_BODY_KINDS)
def _serialization_mismatch(draw: Draw, payload: Payload) -> Payload:
    enum = norce_model.SERIALIZATION_FOR_CONTENT
    others = [code for content, code in enum.items() if content != payload.content_type]
    _header(payload)[norce_model.SERIALIZATION_TYPE] = draw(st.sampled_from(others))
    return payload


@breaks("NH008", HEADER_KINDS)
def _duplicate_value(draw: Draw, payload: Payload) -> Payload:
    present = [n for n in _lists(_header_schema(payload)) if _header(payload).get(n)]
    list_name = draw(st.sampled_from(present))
    values = _header(payload)[list_name]
    values.append(draw(st.sampled_from(values)))
    return payload


def _kinds_with_twins() -> tuple[str, ...]:
    kinds = []
    for kind, header_schema in HEADER_SCHEMAS.items():
        for list_name in _lists(header_schema):
            enum = list_enum(header_schema, list_name)
            if any(norce_model.twin_base(m.name, enum) for m in enum.members):
                kinds.append(kind)
                break
    return (*kinds, "norce.header")


@breaks("NH009", _kinds_with_twins())
def _twin_conflict(draw: Draw, payload: Payload) -> Payload:
    header_schema = _header_schema(payload)
    options = []
    for list_name in _lists(header_schema):
        if list_name not in _header(payload):
            continue
        enum = list_enum(header_schema, list_name)
        chosen = _names(payload, list_name)
        for name in chosen:
            base = norce_model.twin_base(name, enum)
            if base is not None and base not in chosen:
                options.append((list_name, base))
            for suffix in norce_model.TWIN_SUFFIXES:
                if name + suffix in enum.by_name and name + suffix not in chosen:
                    options.append((list_name, name + suffix))
    assume(bool(options))
    list_name, name = draw(st.sampled_from(sorted(options)))
    _add_flag(payload, list_name, name, twin_too=True)
    return payload


@breaks("NH010", ("norce.products", "norce.onhands", "norce.header"))
def _deprecated_flag(draw: Draw, payload: Payload) -> Payload:
    header_schema = _header_schema(payload)
    options = [
        (list_name, member.name)
        for list_name in _lists(header_schema)
        if list_name in _header(payload)
        for member in list_enum(header_schema, list_name).members
        if member.deprecated
    ]
    assume(bool(options))
    list_name, name = draw(st.sampled_from(sorted(options)))
    _add_flag(payload, list_name, name)
    return payload


@breaks("NH011", ("norce.products", "norce.header"))
def _docs_only_flag(draw: Draw, payload: Payload) -> Payload:
    header_schema = _header_schema(payload)
    options = [
        (list_name, member)
        for list_name in _lists(header_schema)
        if list_name in _header(payload)
        for enum_name, member in norce_model.SKU_FIELDS_DOCS_ONLY
        if list_enum(header_schema, list_name).schema_name == enum_name
    ]
    assume(bool(options))
    list_name, name = draw(st.sampled_from(sorted(options)))
    _add_flag(payload, list_name, name)
    return payload


@breaks("NH012", NORCE_KINDS)
def _full_file(draw: Draw, payload: Payload) -> Payload:
    _header(payload)["FullFile"] = True
    if payload.kind == "norce.products" and isinstance(payload.body, list):
        codes = draw(
            st.lists(
                v.code("P"),
                min_size=len(_items(payload)),
                max_size=len(_items(payload)),
                unique=True,
            )
        )
        _add_flag(payload, "ProductFieldsThatAreSet", "Code")
        for product, code in zip(_items(payload), codes, strict=True):
            product["Code"] = code
    return payload


@breaks("NH013", HEADER_KINDS, also=("SG003",))
def _unknown_property(draw: Draw, payload: Payload) -> Payload:
    known = set(schema("norce", _header_schema(payload))["properties"])
    name = draw(st.from_regex(r"\AX[A-Z][a-z]{3,8}\Z").filter(lambda n: n not in known))
    _header(payload)[name] = True
    return payload


# ---------------------------------------------------------------- Norce body rules


def _copy_of_first(payload: Payload) -> None:
    _items(payload).append(copy.deepcopy(_items(payload)[0]))


@breaks("NO001", ("norce.onhands",))
@breaks("NL001", ("norce.prices",))
@breaks("NR002", ("norce.relations",))
def _repeated_row(draw: Draw, payload: Payload) -> Payload:
    _copy_of_first(payload)
    return payload


def _row_schema(payload: Payload) -> str:
    from contracts.gen_norce import operation_body_schema

    return operation_body_schema(HEADER_SCHEMAS[payload.kind])


@breaks("NO004", ("norce.onhands",))
@breaks("NL002", ("norce.prices",))
@breaks("NR003", ("norce.relations",))
@breaks("NP001", ("norce.products",))
def _field_not_flagged(draw: Draw, payload: Payload) -> Payload:
    schema_name = _row_schema(payload)
    prop = _unflagged_property(draw, payload, schema_name)
    assume(prop is not None)
    assert prop is not None
    assume(not (payload.kind == "norce.onhands" and prop in {"MinimumValue", "MaximumValue"}))
    _items(payload)[0][prop] = _scalar_for(schema_name, prop)
    return payload


@breaks("NO002", ("norce.onhands",))
def _minimum_above_maximum(draw: Draw, payload: Payload) -> Payload:
    _add_flag(payload, "SkuOnhandFieldsThatAreSet", "MinimumValue")
    _add_flag(payload, "SkuOnhandFieldsThatAreSet", "MaximumValue")
    high = draw(st.integers(min_value=2, max_value=100))
    for row in _items(payload):
        row.setdefault("MinimumValue", 0)
        row.setdefault("MaximumValue", high)
        if row["MinimumValue"] > row["MaximumValue"]:
            row["MinimumValue"] = row["MaximumValue"]
    _items(payload)[0]["MinimumValue"] = _items(payload)[0]["MaximumValue"] + high
    return payload


@breaks("NO003", ("norce.onhands",))
def _deprecated_onhand_field(draw: Draw, payload: Payload) -> Payload:
    gov = governed("SkuOnhand", HEADER_SCHEMAS["norce.onhands"])
    enum = list_enum(HEADER_SCHEMAS["norce.onhands"], gov.list_name)
    deprecated = sorted(p for p, base in gov.flag_of.items() if enum.by_name[base].deprecated)
    prop = draw(st.sampled_from(deprecated))
    _items(payload)[0][prop] = draw(v.quantity())
    return payload


@breaks("NO006", ("norce.onhands",))
def _negative_onhand(draw: Draw, payload: Payload) -> Payload:
    _add_flag(payload, "SkuOnhandFieldsThatAreSet", "OnhandValue")
    for row in _items(payload):
        row.setdefault("OnhandValue", 1)
    _items(payload)[0]["OnhandValue"] = -draw(st.integers(min_value=1, max_value=50))
    return payload


@breaks("NL005", ("norce.prices",))
def _price_currency(draw: Draw, payload: Payload) -> Payload:
    _items(payload)[0]["CurrencyCode"] = draw(_not_a_currency())
    return payload


def _not_a_currency() -> st.SearchStrategy[str]:
    return st.from_regex(r"\A[A-Z]{4,5}\Z")


@breaks("NL006", ("norce.prices",))
def _rule_value_without_rule(draw: Draw, payload: Payload) -> Payload:
    row = _items(payload)[0]
    row.pop("PriceRule", None)
    row["PriceRuleValue"] = draw(v.money())
    return payload


@breaks("NL007", ("norce.prices",))
def _negative_price(draw: Draw, payload: Payload) -> Payload:
    _items(payload)[0]["QuantityBreak"] = -draw(st.integers(min_value=1, max_value=10))
    return payload


@breaks("NL004", ("norce.prices",))
def _empty_mandatory(draw: Draw, payload: Payload) -> Payload:
    header = _header(payload)
    ignored = sorted(_names(payload, "IgnoreSkuPriceListFieldsWhenEmpty"))
    if not ignored:
        enum = list_enum(HEADER_SCHEMAS["norce.prices"], "IgnoreSkuPriceListFieldsWhenEmpty")
        candidates = sorted(_names(payload, "SkuPriceListFieldsThatAreSet") & set(enum.by_name))
        assume(bool(candidates))
        ignored = [draw(st.sampled_from(candidates))]
        header["IgnoreSkuPriceListFieldsWhenEmpty"] = list(ignored)
    gov = governed("SkuPriceList", HEADER_SCHEMAS["norce.prices"])
    name = draw(st.sampled_from(ignored))
    for prop, base in gov.flag_of.items():
        if base == name:
            _items(payload)[0].pop(prop, None)
    return payload


@breaks("NR001", ("norce.relations",))
def _relation_to_itself(draw: Draw, payload: Payload) -> Payload:
    row = _items(payload)[0]
    row["RelatedPartNo"] = row["PartNo"]
    return payload


@breaks("NR005", ("norce.relations",))
def _relation_culture(draw: Draw, payload: Payload) -> Payload:
    header_schema = HEADER_SCHEMAS["norce.relations"]
    gov = governed("Relation", header_schema)
    culture_gov = governed("RelationCulture", header_schema)
    _add_flag(payload, gov.list_name, gov.flag_of["Cultures"])
    if not _header(payload).get(culture_gov.list_name):
        _header(payload)[culture_gov.list_name] = [culture_gov.flag_of["Name"]]
    flagged = culture_gov.properties_for(sorted(_names(payload, culture_gov.list_name)))
    for row in _items(payload):
        if "Cultures" not in row:
            row["Cultures"] = [{"CultureCode": draw(v.culture()), **{p: "Text" for p in flagged}}]
    _items(payload)[0]["Cultures"][0]["CultureCode"] = draw(_bad_culture())
    return payload


def _bad_culture() -> st.SearchStrategy[str]:
    return st.sampled_from(v.CULTURES).map(lambda c: c.replace("-", "_"))


# ---------------------------------------------------------------- Norce product rules


def _first_sku(payload: Payload) -> dict[str, Any]:
    return next(_skus(payload))


@breaks("NP003", ("norce.products",))
def _code_required(draw: Draw, payload: Payload) -> Payload:
    _add_flag(payload, "ProductFieldsThatAreSet", "Code")
    for product in _items(payload):
        product.setdefault("Code", None)
    codes = draw(
        st.lists(
            v.code("P"), min_size=len(_items(payload)), max_size=len(_items(payload)), unique=True
        )
    )
    for product, code in zip(_items(payload), codes, strict=True):
        product["Code"] = code
    del _items(payload)[0]["Code"]
    return payload


@breaks("NP004", ("norce.products",))
def _sku_not_identifiable(draw: Draw, payload: Payload) -> Payload:
    product = _items(payload)[0]
    variant = product["Variants"][0]
    sku = variant["Skus"][0]
    for prop in ("PartNo", "StandardPrice", "StructureItems"):
        sku.pop(prop, None)
    variant.pop("ManufacturerPartNo", None)
    return payload


@breaks("NP005", ("norce.products",))
def _part_no_repeated(draw: Draw, payload: Payload) -> Payload:
    variant = _items(payload)[0]["Variants"][0]
    variant["Skus"].append(copy.deepcopy(variant["Skus"][0]))
    return payload


def _ensure_standard_price(draw: Draw, payload: Payload) -> None:
    """Make every SKU carry a StandardPrice with PriceSale (flags added as needed)."""
    header_schema = HEADER_SCHEMAS["norce.products"]
    sku_gov = governed("Sku", header_schema)
    price_gov = governed("SkuPriceList", header_schema)
    _add_flag(payload, sku_gov.list_name, sku_gov.flag_of["StandardPrice"])
    _add_flag(payload, price_gov.list_name, price_gov.flag_of["PriceSale"])
    flagged = price_gov.properties_for(sorted(_names(payload, price_gov.list_name)))
    for sku in _skus(payload):
        price = sku.get("StandardPrice")
        if not isinstance(price, dict):
            price = {"PartNo": sku["PartNo"], "PriceListCode": "STD", "CurrencyCode": "SEK"}
            sku["StandardPrice"] = price
        for prop in flagged:
            if prop not in price:
                price[prop] = draw(v.money()) if prop.startswith(("Price", "Cost")) else 1
        price.setdefault("PriceSale", draw(v.money()))


@breaks("NP006", ("norce.products",))
def _price_part_no_mismatch(draw: Draw, payload: Payload) -> Payload:
    _ensure_standard_price(draw, payload)
    sku = _first_sku(payload)
    sku["StandardPrice"]["PartNo"] = sku["PartNo"] + "-X"
    return payload


def _clone_product(payload: Payload) -> dict[str, Any]:
    clone = copy.deepcopy(_items(payload)[0])
    for variant in clone.get("Variants") or ():
        if "ManufacturerPartNo" in variant:
            variant["ManufacturerPartNo"] += "-B"
        for sku in variant.get("Skus") or ():
            sku["PartNo"] += "-B"
            if isinstance(sku.get("StandardPrice"), dict):
                sku["StandardPrice"]["PartNo"] = sku["PartNo"]
            for item in sku.get("StructureItems") or ():
                item["StructurePartNo"] = sku["PartNo"]
    return clone


@breaks("NP007", ("norce.products",))
def _product_code_repeated(draw: Draw, payload: Payload) -> Payload:
    _add_flag(payload, "ProductFieldsThatAreSet", "Code")
    codes = draw(
        st.lists(
            v.code("P"), min_size=len(_items(payload)), max_size=len(_items(payload)), unique=True
        )
    )
    for product, code in zip(_items(payload), codes, strict=True):
        product["Code"] = code
    _items(payload).append(_clone_product(payload))
    return payload


@breaks("NP008", ("norce.products",))
def _product_culture(draw: Draw, payload: Payload) -> Payload:
    header_schema = HEADER_SCHEMAS["norce.products"]
    product_gov = governed("Product", header_schema)
    culture_gov = governed("ProductCulture", header_schema)
    _add_flag(payload, product_gov.list_name, product_gov.flag_of["Cultures"])
    if not _header(payload).get(culture_gov.list_name):
        _header(payload)[culture_gov.list_name] = [culture_gov.flag_of["Name"]]
    flagged = culture_gov.properties_for(sorted(_names(payload, culture_gov.list_name)))
    for product in _items(payload):
        if not product.get("Cultures"):
            product["Cultures"] = [{"CultureCode": "sv-SE", **{p: "Text" for p in flagged}}]
    _items(payload)[0]["Cultures"][0]["CultureCode"] = draw(_bad_culture())
    return payload


@breaks("NP009", ("norce.products",))
def _product_currency(draw: Draw, payload: Payload) -> Payload:
    _ensure_standard_price(draw, payload)
    _first_sku(payload)["StandardPrice"]["CurrencyCode"] = draw(_not_a_currency())
    return payload


@breaks("NP010", ("norce.products",))
def _product_rule_value(draw: Draw, payload: Payload) -> Payload:
    _ensure_standard_price(draw, payload)
    price = _first_sku(payload)["StandardPrice"]
    price.pop("PriceRule", None)
    price["PriceRuleValue"] = draw(v.money())
    return payload


@breaks("NP017", ("norce.products",), also=("SG003",))
def _product_price_rule(draw: Draw, payload: Payload) -> Payload:
    _ensure_standard_price(draw, payload)
    rules = coded_enum("norce", norce_model.PRICE_RULE_ENUM).codes
    outside = draw(st.sampled_from([min(rules) - 1, max(rules) + 1, max(rules) + 7]))
    _first_sku(payload)["StandardPrice"]["PriceRule"] = outside
    return payload


@breaks("NP011", ("norce.products",))
def _product_negative_price(draw: Draw, payload: Payload) -> Payload:
    _ensure_standard_price(draw, payload)
    _first_sku(payload)["StandardPrice"]["PriceSale"] = -draw(v.money()) - 1
    return payload


@breaks("NP012", ("norce.products",))
def _sku_negative_quantity(draw: Draw, payload: Payload) -> Payload:
    prop = draw(st.sampled_from(norce_model.SKU_QUANTITY_PROPERTIES))
    _add_flag(
        payload, "SkuFieldsThatAreSet", governed("Sku", HEADER_SCHEMAS[payload.kind]).flag_of[prop]
    )
    for sku in _skus(payload):
        sku.setdefault(prop, 1)
    _first_sku(payload)[prop] = -draw(st.integers(min_value=1, max_value=100))
    return payload


@breaks("NP013", ("norce.products",))
def _product_empty_mandatory(draw: Draw, payload: Payload) -> Payload:
    _ensure_standard_price(draw, payload)
    _add_flag(payload, "IgnoreSkuPriceListFieldsWhenEmpty", "PriceSale")
    del _first_sku(payload)["StandardPrice"]["PriceSale"]
    return payload


_SIMPLE_PARAMETRIC_VALUES = tuple(
    p for p in norce_model.PARAMETRIC_VALUE_PROPERTIES if _is_scalar("ParametricValue", p)
)


@breaks("NP014", ("norce.products",))
def _parametric_kind(draw: Draw, payload: Payload) -> Payload:
    header_schema = HEADER_SCHEMAS["norce.products"]
    gov = governed("Product", header_schema)
    _add_flag(payload, gov.list_name, gov.flag_of["ProductParametrics"])
    for product in _items(payload):
        product.setdefault("ProductParametrics", [{"ParametricCode": "PAR-1", "ValueInteger": 1}])
    kinds = draw(st.sets(st.sampled_from(_SIMPLE_PARAMETRIC_VALUES), min_size=2, max_size=3))
    parametric: dict[str, Any] = {"ParametricCode": draw(v.code("PAR"))}
    for prop in sorted(kinds):
        parametric[prop] = _scalar_for("ParametricValue", prop)
    _items(payload)[0]["ProductParametrics"].append(parametric)
    return payload


@breaks("NP015", ("norce.products",))
def _ean_check_digit(draw: Draw, payload: Payload) -> Payload:
    sku_gov = governed("Sku", HEADER_SCHEMAS["norce.products"])
    _add_flag(payload, sku_gov.list_name, sku_gov.flag_of["EanCode"])
    for sku in _skus(payload):
        sku.setdefault("EanCode", draw(v.ean13()))
    good = draw(v.ean13())
    wrong = (int(good[-1]) + draw(st.integers(min_value=1, max_value=9))) % 10
    _first_sku(payload)["EanCode"] = good[:-1] + str(wrong)
    return payload


@breaks("NP016", ("norce.products",))
def _deprecated_body_field(draw: Draw, payload: Payload) -> Payload:
    props = sorted(norce_model.deprecated_body_properties("product", "Sku"))
    prop = draw(st.sampled_from(props))
    _first_sku(payload)[prop] = 1
    return payload


# ---------------------------------------------------------------- schema


@breaks("SG003", (*NORCE_KINDS, "kaching.stock", "unleashed.stock-on-hand"))
def _schema_violation(draw: Draw, payload: Payload) -> Payload:
    if payload.kind == "norce.header":
        header = _header(payload)
        header["AccountId"] = str(header["AccountId"]) + draw(st.sampled_from(["a", "x", " "]))
        return payload
    if payload.kind == "kaching.stock":
        location, product = _any_product(draw, payload)
        payload.body[location][""] = payload.body[location].pop(product)
        return payload
    if payload.kind == "unleashed.stock-on-hand":
        pagination = payload.body["Pagination"]
        pagination["PageSize"] = str(pagination["PageSize"])
        return payload
    known = set(schema("norce", _row_schema(payload))["properties"])
    name = draw(st.from_regex(r"\AX[A-Z][a-z]{3,8}\Z").filter(lambda n: n not in known))
    _items(payload)[0][name] = "unexpected"
    return payload


# ---------------------------------------------------------------- Ka-ching


def _any_product(draw: Draw, payload: Payload) -> tuple[str, str]:
    location = draw(st.sampled_from(sorted(payload.body)))
    product = draw(st.sampled_from(sorted(payload.body[location])))
    return location, product


@breaks("KS001", ("kaching.stock",), also=("SG003",))
def _too_deep(draw: Draw, payload: Payload) -> Payload:
    location, product = _any_product(draw, payload)
    payload.body[location][product] = {"variant": {"size": draw(v.quantity())}}
    return payload


@breaks("KS002", ("kaching.stock",), also=("SG003",))
def _forbidden_character(draw: Draw, payload: Payload) -> Payload:
    location, product = _any_product(draw, payload)
    bad = product + draw(st.sampled_from(tuple("./#$*[]"))) + "1"
    payload.body[location][bad] = payload.body[location].pop(product)
    return payload


@breaks("KS003", ("kaching.stock",))
def _fractional_count(draw: Draw, payload: Payload) -> Payload:
    location, product = _any_product(draw, payload)
    payload.body[location][product] = draw(v.quantity()) + 0.5
    return payload


@breaks("KS004", ("kaching.stock",), also=("SG003",))
def _empty_level(draw: Draw, payload: Payload) -> Payload:
    location, product = _any_product(draw, payload)
    payload.body[location][product] = {}
    return payload


@breaks("KS005", ("kaching.stock",), sets_adjustment=True)
def _negative_count(draw: Draw, payload: Payload) -> Payload:
    location, product = _any_product(draw, payload)
    payload.body[location][product] = -draw(st.integers(min_value=1, max_value=50))
    return replace(payload, options={})


# ---------------------------------------------------------------- Unleashed


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
