"""Check every prose-only Norce name against the spec (a test calls :func:`verify_constants`)."""

from __future__ import annotations

from linter.coded_enums import coded_enum
from linter.norce_model import names
from linter.norce_model.body import body_node, list_enum
from linter.norce_model.header import header_fields
from linter.norce_model.spec import body_item_schema, header_schema_for_body, header_schema_of_kind
from linter.specs import SpecError


def verify_constants() -> list[str]:
    """Every prose-only name in :mod:`linter.norce_model.names` the spec does not confirm."""
    problems: list[str] = []
    for kind in names.IMPORT_OPERATIONS:
        try:
            header = header_schema_for_body(kind)
        except SpecError as exc:
            problems.append(str(exc))
            continue
        if header not in names.HEADER_KINDS:
            problems.append(f"{kind}: header schema {header} not in HEADER_KINDS")
    for header_kind in names.HEADER_KINDS.values():
        problems += [
            f"{header_schema_of_kind(header_kind)} has no property {p}"
            for p in names.COMMON_HEADER_PROPERTIES
            if p not in header_fields(header_kind)
        ]
    for enum_name, member in names.SKU_FIELDS_DOCS_ONLY:
        if member not in coded_enum("norce", enum_name).by_name:
            problems.append(f"{enum_name} has no member {member}")
    serialization = coded_enum("norce", names.SERIALIZATION_ENUM)
    for content, code in names.SERIALIZATION_FOR_CONTENT.items():
        if code not in serialization.by_code:
            problems.append(f"{names.SERIALIZATION_ENUM} has no code {code} for {content}")
    variant_culture = list_enum("product", names.VARIANT_CULTURE_LIST)
    if variant_culture is None:
        problems.append(f"ProductHeader has no enum list {names.VARIANT_CULTURE_LIST}")
    else:
        problems += [
            f"{variant_culture.schema_name} has no member {name}"
            for name in sorted(
                names.VARIANT_CULTURE_WITHOUT_CLIENT_SETTING - set(variant_culture.names)
            )
        ]
    coded_enum("norce", names.PRICE_RULE_ENUM)
    wanted: dict[str, tuple[str, ...]] = {
        names.PRODUCT_SCHEMA: (names.CODE_PROPERTY, names.MANUFACTURER_CODE_PROPERTY),
        names.VARIANT_SCHEMA: (names.MANUFACTURER_PART_NO_PROPERTY,),
        names.SKU_SCHEMA: (
            names.PART_NO_PROPERTY,
            names.STANDARD_PRICE_PROPERTY,
            names.EAN_PROPERTY,
            *names.SKU_QUANTITY_PROPERTIES,
        ),
        names.PRICE_SCHEMA: (
            names.PART_NO_PROPERTY,
            names.PRICE_LIST_CODE_PROPERTY,
            names.QUANTITY_BREAK_PROPERTY,
            names.CURRENCY_PROPERTY,
            names.PRICE_RULE_PROPERTY,
            names.PRICE_RULE_VALUE_PROPERTY,
            *names.PRICE_AMOUNT_PROPERTIES,
        ),
        names.PARAMETRIC_SCHEMA: names.PARAMETRIC_VALUE_PROPERTIES,
        names.ONHAND_SCHEMA: (
            names.PART_NO_PROPERTY,
            names.WAREHOUSE_CODE_PROPERTY,
            names.LOCATION_CODE_PROPERTY,
            *names.ONHAND_QUANTITY_PROPERTIES,
        ),
        names.RELATION_SCHEMA: (
            names.PART_NO_PROPERTY,
            names.RELATED_PART_NO_PROPERTY,
            names.RELATION_TYPE_PROPERTY,
        ),
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
    for schema_name, props in names.IDENTIFIER_PROPERTIES.items():
        node = body_node(schema_name)
        problems += [
            f"{schema_name} has no identifier {p}" for p in props if p not in node.properties
        ]
    if body_item_schema("norce.products") != names.PRODUCT_SCHEMA:
        problems.append("ImportProducts body items are not Product")
    if body_item_schema("norce.onhands") != names.ONHAND_SCHEMA:
        problems.append("ImportOnhands body items are not SkuOnhand")
    if body_item_schema("norce.relations") != names.RELATION_SCHEMA:
        problems.append("ImportRelations body items are not Relation")
    if body_item_schema("norce.prices") != names.PRICE_SCHEMA:
        problems.append("ImportSkuPriceLists body items are not SkuPriceList")
    return problems
