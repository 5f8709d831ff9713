"""Breakers of the Norce product rules (NP…)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from contracts.breakers.norce import payload as norce
from contracts.breakers.registry import Draw, breaks
from contracts.generate import values as v
from contracts.generate.norce_header import HEADER_SCHEMAS, governed
from contracts.generate.payloads import Payload
from linter import norce_model
from linter.codes import (
    PARAMETRIC_VALUE_KIND,
    PRODUCT_CODE_REPEATED,
    PRODUCT_CODE_REQUIRED,
    PRODUCT_CULTURE_CODE_FORMAT,
    PRODUCT_CURRENCY_CODE,
    PRODUCT_DEPRECATED_FIELD,
    PRODUCT_NEGATIVE_PRICE,
    PRODUCT_PRICE_EMPTY_MANDATORY,
    PRODUCT_PRICE_RULE_RANGE,
    PRODUCT_PRICE_RULE_VALUE_WITHOUT_RULE,
    SCHEMA_VIOLATION,
    SKU_EAN_CHECK_DIGIT,
    SKU_FLAGGED_ENUM_UNSET,
    SKU_NEGATIVE_QUANTITY,
    SKU_NOT_IDENTIFIABLE,
    SKU_PART_NO_REPEATED,
    STANDARD_PRICE_PART_NO_MISMATCH,
)
from linter.specs import coded_enum


@breaks(PRODUCT_CODE_REQUIRED, ("norce.products",))
def _code_required(draw: Draw, payload: Payload) -> Payload:
    norce.code_every_product(draw, payload)
    del norce.items(payload)[0]["Code"]
    return payload


@breaks(SKU_NOT_IDENTIFIABLE, ("norce.products",))
def _sku_not_identifiable(draw: Draw, payload: Payload) -> Payload:
    product = norce.items(payload)[0]
    variant = product["Variants"][0]
    sku = variant["Skus"][0]
    for prop in ("PartNo", "StandardPrice", "StructureItems"):
        sku.pop(prop, None)
    variant.pop("ManufacturerPartNo", None)
    return payload


@breaks(SKU_PART_NO_REPEATED, ("norce.products",))
def _part_no_repeated(draw: Draw, payload: Payload) -> Payload:
    variant = norce.items(payload)[0]["Variants"][0]
    variant["Skus"].append(copy.deepcopy(variant["Skus"][0]))
    return payload


@breaks(STANDARD_PRICE_PART_NO_MISMATCH, ("norce.products",))
def _price_part_no_mismatch(draw: Draw, payload: Payload) -> Payload:
    norce.ensure_standard_price(draw, payload)
    sku = norce.first_sku(payload)
    sku["StandardPrice"]["PartNo"] = sku["PartNo"] + "-X"
    return payload


def _clone_product(payload: Payload) -> dict[str, Any]:
    clone = copy.deepcopy(norce.items(payload)[0])
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


@breaks(PRODUCT_CODE_REPEATED, ("norce.products",))
def _product_code_repeated(draw: Draw, payload: Payload) -> Payload:
    norce.code_every_product(draw, payload)
    norce.items(payload).append(_clone_product(payload))
    return payload


@breaks(PRODUCT_CULTURE_CODE_FORMAT, ("norce.products",))
def _product_culture(draw: Draw, payload: Payload) -> Payload:
    header_schema = HEADER_SCHEMAS["norce.products"]
    product_gov = governed("Product", header_schema)
    culture_gov = governed("ProductCulture", header_schema)
    norce.add_flag(payload, product_gov.list_name, product_gov.flag_of["Cultures"])
    if not norce.header_of(payload).get(culture_gov.list_name):
        norce.header_of(payload)[culture_gov.list_name] = [culture_gov.flag_of["Name"]]
    flagged = culture_gov.properties_for(sorted(norce.names(payload, culture_gov.list_name)))
    for product in norce.items(payload):
        if not product.get("Cultures"):
            product["Cultures"] = [{"CultureCode": "sv-SE", **{p: "Text" for p in flagged}}]
    norce.items(payload)[0]["Cultures"][0]["CultureCode"] = draw(norce.bad_culture())
    return payload


@breaks(PRODUCT_CURRENCY_CODE, ("norce.products",))
def _product_currency(draw: Draw, payload: Payload) -> Payload:
    norce.ensure_standard_price(draw, payload)
    norce.first_sku(payload)["StandardPrice"]["CurrencyCode"] = draw(norce.not_a_currency())
    return payload


@breaks(PRODUCT_PRICE_RULE_VALUE_WITHOUT_RULE, ("norce.products",))
def _product_rule_value(draw: Draw, payload: Payload) -> Payload:
    norce.ensure_standard_price(draw, payload)
    price = norce.first_sku(payload)["StandardPrice"]
    price.pop("PriceRule", None)
    price["PriceRuleValue"] = draw(v.money())
    return payload


@breaks(PRODUCT_PRICE_RULE_RANGE, ("norce.products",), also=(SCHEMA_VIOLATION,))
def _product_price_rule(draw: Draw, payload: Payload) -> Payload:
    norce.ensure_standard_price(draw, payload)
    rules = coded_enum("norce", norce_model.PRICE_RULE_ENUM).codes
    outside = draw(st.sampled_from([min(rules) - 1, max(rules) + 1, max(rules) + 7]))
    norce.first_sku(payload)["StandardPrice"]["PriceRule"] = outside
    return payload


@breaks(PRODUCT_NEGATIVE_PRICE, ("norce.products",))
def _product_negative_price(draw: Draw, payload: Payload) -> Payload:
    norce.ensure_standard_price(draw, payload)
    norce.first_sku(payload)["StandardPrice"]["PriceSale"] = -draw(v.money()) - 1
    return payload


@breaks(SKU_NEGATIVE_QUANTITY, ("norce.products",))
def _sku_negative_quantity(draw: Draw, payload: Payload) -> Payload:
    prop = draw(st.sampled_from(norce_model.SKU_QUANTITY_PROPERTIES))
    norce.add_flag(
        payload, "SkuFieldsThatAreSet", governed("Sku", HEADER_SCHEMAS[payload.kind]).flag_of[prop]
    )
    for sku in norce.skus(payload):
        sku.setdefault(prop, 1)
    norce.first_sku(payload)[prop] = -draw(st.integers(min_value=1, max_value=100))
    return payload


@breaks(PRODUCT_PRICE_EMPTY_MANDATORY, ("norce.products",))
def _product_empty_mandatory(draw: Draw, payload: Payload) -> Payload:
    norce.ensure_standard_price(draw, payload)
    norce.add_flag(payload, "IgnoreSkuPriceListFieldsWhenEmpty", "PriceSale")
    del norce.first_sku(payload)["StandardPrice"]["PriceSale"]
    return payload


_SIMPLE_PARAMETRIC_VALUES = tuple(
    p for p in norce_model.PARAMETRIC_VALUE_PROPERTIES if norce.is_scalar("ParametricValue", p)
)


@breaks(PARAMETRIC_VALUE_KIND, ("norce.products",))
def _parametric_kind(draw: Draw, payload: Payload) -> Payload:
    header_schema = HEADER_SCHEMAS["norce.products"]
    gov = governed("Product", header_schema)
    norce.add_flag(payload, gov.list_name, gov.flag_of["ProductParametrics"])
    for product in norce.items(payload):
        product.setdefault("ProductParametrics", [{"ParametricCode": "PAR-1", "ValueInteger": 1}])
    kinds = draw(st.sets(st.sampled_from(_SIMPLE_PARAMETRIC_VALUES), min_size=2, max_size=3))
    parametric: dict[str, Any] = {"ParametricCode": draw(v.code("PAR"))}
    for prop in sorted(kinds):
        parametric[prop] = norce.scalar_for("ParametricValue", prop)
    norce.items(payload)[0]["ProductParametrics"].append(parametric)
    return payload


@breaks(SKU_EAN_CHECK_DIGIT, ("norce.products",))
def _ean_check_digit(draw: Draw, payload: Payload) -> Payload:
    sku_gov = governed("Sku", HEADER_SCHEMAS["norce.products"])
    norce.add_flag(payload, sku_gov.list_name, sku_gov.flag_of["EanCode"])
    for sku in norce.skus(payload):
        sku.setdefault("EanCode", draw(v.ean13()))
    good = draw(v.ean13())
    wrong = (int(good[-1]) + draw(st.integers(min_value=1, max_value=9))) % 10
    norce.first_sku(payload)["EanCode"] = good[:-1] + str(wrong)
    return payload


@breaks(PRODUCT_DEPRECATED_FIELD, ("norce.products",))
def _deprecated_body_field(draw: Draw, payload: Payload) -> Payload:
    props = sorted(norce_model.deprecated_body_properties("product", "Sku"))
    prop = draw(st.sampled_from(props))
    norce.first_sku(payload)[prop] = 1
    return payload


@breaks(SKU_FLAGGED_ENUM_UNSET, ("norce.products",))
def _sku_flagged_enum_unset(draw: Draw, payload: Payload) -> Payload:
    prop = draw(st.sampled_from(sorted(norce_model.body_node(norce_model.SKU_SCHEMA).unset_enums)))
    norce.add_flag(
        payload, "SkuFieldsThatAreSet", governed("Sku", HEADER_SCHEMAS[payload.kind]).flag_of[prop]
    )
    for sku in norce.skus(payload):
        sku.setdefault(prop, 1)
    norce.first_sku(payload)[prop] = 0
    return payload
