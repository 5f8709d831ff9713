"""Check every prose-only Norce name against the spec (a test calls :func:`verify_constants`)."""

from __future__ import annotations

from linter.norce_model.body import body_node, list_enum
from linter.norce_model.header import header_fields
from linter.norce_model.names import (
    CODE_PROPERTY,
    COMMON_HEADER_PROPERTIES,
    CURRENCY_PROPERTY,
    EAN_PROPERTY,
    HEADER_KINDS,
    IDENTIFIER_PROPERTIES,
    IMPORT_OPERATIONS,
    LOCATION_CODE_PROPERTY,
    MANUFACTURER_CODE_PROPERTY,
    MANUFACTURER_PART_NO_PROPERTY,
    ONHAND_QUANTITY_PROPERTIES,
    ONHAND_SCHEMA,
    PARAMETRIC_SCHEMA,
    PARAMETRIC_VALUE_PROPERTIES,
    PART_NO_PROPERTY,
    PRICE_AMOUNT_PROPERTIES,
    PRICE_LIST_CODE_PROPERTY,
    PRICE_RULE_ENUM,
    PRICE_RULE_PROPERTY,
    PRICE_RULE_VALUE_PROPERTY,
    PRICE_SCHEMA,
    PRODUCT_SCHEMA,
    QUANTITY_BREAK_PROPERTY,
    RELATED_PART_NO_PROPERTY,
    RELATION_SCHEMA,
    RELATION_TYPE_PROPERTY,
    SERIALIZATION_ENUM,
    SERIALIZATION_FOR_CONTENT,
    SKU_FIELDS_DOCS_ONLY,
    SKU_QUANTITY_PROPERTIES,
    SKU_SCHEMA,
    STANDARD_PRICE_PROPERTY,
    VARIANT_CULTURE_LIST,
    VARIANT_CULTURE_WITHOUT_CLIENT_SETTING,
    VARIANT_SCHEMA,
    WAREHOUSE_CODE_PROPERTY,
)
from linter.norce_model.spec import body_item_schema, header_schema_for_body, header_schema_of_kind
from linter.specs import SpecError, coded_enum


def verify_constants() -> list[str]:
    """Every prose-only name above that the spec does not confirm; empty when all hold."""
    problems: list[str] = []
    for kind in IMPORT_OPERATIONS:
        try:
            header = header_schema_for_body(kind)
        except SpecError as exc:
            problems.append(str(exc))
            continue
        if header not in HEADER_KINDS:
            problems.append(f"{kind}: header schema {header} not in HEADER_KINDS")
    for header_kind in HEADER_KINDS.values():
        problems += [
            f"{header_schema_of_kind(header_kind)} has no property {p}"
            for p in COMMON_HEADER_PROPERTIES
            if p not in header_fields(header_kind)
        ]
    for enum_name, member in SKU_FIELDS_DOCS_ONLY:
        if member not in coded_enum("norce", enum_name).by_name:
            problems.append(f"{enum_name} has no member {member}")
    serialization = coded_enum("norce", SERIALIZATION_ENUM)
    for content, code in SERIALIZATION_FOR_CONTENT.items():
        if code not in serialization.by_code:
            problems.append(f"{SERIALIZATION_ENUM} has no code {code} for {content}")
    variant_culture = list_enum("product", VARIANT_CULTURE_LIST)
    if variant_culture is None:
        problems.append(f"ProductHeader has no enum list {VARIANT_CULTURE_LIST}")
    else:
        problems += [
            f"{variant_culture.schema_name} has no member {name}"
            for name in sorted(VARIANT_CULTURE_WITHOUT_CLIENT_SETTING - set(variant_culture.names))
        ]
    coded_enum("norce", PRICE_RULE_ENUM)
    wanted: dict[str, tuple[str, ...]] = {
        PRODUCT_SCHEMA: (CODE_PROPERTY, MANUFACTURER_CODE_PROPERTY),
        VARIANT_SCHEMA: (MANUFACTURER_PART_NO_PROPERTY,),
        SKU_SCHEMA: (
            PART_NO_PROPERTY,
            STANDARD_PRICE_PROPERTY,
            EAN_PROPERTY,
            *SKU_QUANTITY_PROPERTIES,
        ),
        PRICE_SCHEMA: (
            PART_NO_PROPERTY,
            PRICE_LIST_CODE_PROPERTY,
            QUANTITY_BREAK_PROPERTY,
            CURRENCY_PROPERTY,
            PRICE_RULE_PROPERTY,
            PRICE_RULE_VALUE_PROPERTY,
            *PRICE_AMOUNT_PROPERTIES,
        ),
        PARAMETRIC_SCHEMA: PARAMETRIC_VALUE_PROPERTIES,
        ONHAND_SCHEMA: (
            PART_NO_PROPERTY,
            WAREHOUSE_CODE_PROPERTY,
            LOCATION_CODE_PROPERTY,
            *ONHAND_QUANTITY_PROPERTIES,
        ),
        RELATION_SCHEMA: (PART_NO_PROPERTY, RELATED_PART_NO_PROPERTY, RELATION_TYPE_PROPERTY),
    }
    for schema_name, props in wanted.items():
        try:
            node = body_node(schema_name)
        except SpecError as exc:
            problems.append(str(exc))
            continue
        problems += [
            f"{schema_name} has no property {p}" for p in props if p not in node.properties
        ]
    for schema_name, props in IDENTIFIER_PROPERTIES.items():
        node = body_node(schema_name)
        problems += [
            f"{schema_name} has no identifier {p}" for p in props if p not in node.properties
        ]
    if body_item_schema("norce.products") != PRODUCT_SCHEMA:
        problems.append("ImportProducts body items are not Product")
    if body_item_schema("norce.onhands") != ONHAND_SCHEMA:
        problems.append("ImportOnhands body items are not SkuOnhand")
    if body_item_schema("norce.relations") != RELATION_SCHEMA:
        problems.append("ImportRelations body items are not Relation")
    if body_item_schema("norce.prices") != PRICE_SCHEMA:
        problems.append("ImportSkuPriceLists body items are not SkuPriceList")
    return problems
