"""Norce header lists and body flags, read from the Norce spec.

Everything here is derived from ``openapi/norce-connect-product-4.0.yaml`` through
:mod:`linter.specs`: which header type an import operation takes, which list
properties a header has and which enum each list holds, the dependencies between
lists (``x-skuguard-requires`` / ``x-skuguard-subset-of``), and which body property
each flag governs (``x-skuguard-fields-list`` / ``x-skuguard-flag``).

The few names the docs state only in prose live in the constants block below;
:func:`verify_constants` checks each one against the spec (a test calls it).

The models are loaded on first access (the names below are cheap and loaded at once), so a
module that needs only a constant, or a Ka-ching lint, does not build the Norce models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from linter.norce_model.names import (
    ACCOUNT_ID,
    CODE_PROPERTY,
    COMMON_HEADER_PROPERTIES,
    CULTURE_CODE_PROPERTY,
    CURRENCY_PROPERTY,
    EAN_PROPERTY,
    FULL_FILE,
    HEADER_KINDS,
    HEADER_PARAMETER,
    IDENTIFIER_PROPERTIES,
    IMPORT_OPERATIONS,
    JOB_ID,
    LOCATION_CODE_PROPERTY,
    MANUFACTURER_CODE_PROPERTY,
    MANUFACTURER_PART_NO_PROPERTY,
    MAXIMUM_PROPERTY,
    MINIMUM_PROPERTY,
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
    SERIALIZATION_TYPE,
    SKU_FIELDS_DOCS_ONLY,
    SKU_QUANTITY_PROPERTIES,
    SKU_SCHEMA,
    STANDARD_PRICE_PROPERTY,
    STORAGE_NAME,
    SUPPLIER_ID,
    TWIN_SUFFIXES,
    VARIANT_CULTURE_LIST,
    VARIANT_CULTURE_SCHEMA,
    VARIANT_CULTURE_WITHOUT_CLIENT_SETTING,
    VARIANT_SCHEMA,
    WAREHOUSE_CODE_PROPERTY,
)

if TYPE_CHECKING:
    from linter.norce_model.body import (
        BodyNode,
        body_node,
        body_schemas,
        deprecated_body_properties,
        is_dotnet_default,
        list_enum,
    )
    from linter.norce_model.header import (
        HeaderField,
        HeaderSettings,
        header_fields,
        header_kind_of,
        header_kinds_declaring,
        header_required,
        header_settings,
        name_suggestion,
        resolve_value,
        twin_base,
    )
    from linter.norce_model.items import item_properties
    from linter.norce_model.spec import (
        body_item_schema,
        header_kind_for_body,
        header_schema_for_body,
        header_schema_of_kind,
    )
    from linter.norce_model.verify import verify_constants

_LAZY: dict[str, str] = {
    "BodyNode": "linter.norce_model.body",
    "body_node": "linter.norce_model.body",
    "body_schemas": "linter.norce_model.body",
    "deprecated_body_properties": "linter.norce_model.body",
    "is_dotnet_default": "linter.norce_model.body",
    "list_enum": "linter.norce_model.body",
    "HeaderField": "linter.norce_model.header",
    "HeaderSettings": "linter.norce_model.header",
    "header_fields": "linter.norce_model.header",
    "header_kind_of": "linter.norce_model.header",
    "header_kinds_declaring": "linter.norce_model.header",
    "header_required": "linter.norce_model.header",
    "header_settings": "linter.norce_model.header",
    "name_suggestion": "linter.norce_model.header",
    "resolve_value": "linter.norce_model.header",
    "twin_base": "linter.norce_model.header",
    "item_properties": "linter.norce_model.items",
    "body_item_schema": "linter.norce_model.spec",
    "header_kind_for_body": "linter.norce_model.spec",
    "header_schema_for_body": "linter.norce_model.spec",
    "header_schema_of_kind": "linter.norce_model.spec",
    "verify_constants": "linter.norce_model.verify",
}

__all__ = [
    "ACCOUNT_ID",
    "CODE_PROPERTY",
    "COMMON_HEADER_PROPERTIES",
    "CULTURE_CODE_PROPERTY",
    "CURRENCY_PROPERTY",
    "EAN_PROPERTY",
    "FULL_FILE",
    "HEADER_KINDS",
    "HEADER_PARAMETER",
    "IDENTIFIER_PROPERTIES",
    "IMPORT_OPERATIONS",
    "JOB_ID",
    "LOCATION_CODE_PROPERTY",
    "MANUFACTURER_CODE_PROPERTY",
    "MANUFACTURER_PART_NO_PROPERTY",
    "MAXIMUM_PROPERTY",
    "MINIMUM_PROPERTY",
    "ONHAND_QUANTITY_PROPERTIES",
    "ONHAND_SCHEMA",
    "PARAMETRIC_SCHEMA",
    "PARAMETRIC_VALUE_PROPERTIES",
    "PART_NO_PROPERTY",
    "PRICE_AMOUNT_PROPERTIES",
    "PRICE_LIST_CODE_PROPERTY",
    "PRICE_RULE_ENUM",
    "PRICE_RULE_PROPERTY",
    "PRICE_RULE_VALUE_PROPERTY",
    "PRICE_SCHEMA",
    "PRODUCT_SCHEMA",
    "QUANTITY_BREAK_PROPERTY",
    "RELATED_PART_NO_PROPERTY",
    "RELATION_SCHEMA",
    "RELATION_TYPE_PROPERTY",
    "SERIALIZATION_ENUM",
    "SERIALIZATION_FOR_CONTENT",
    "SERIALIZATION_TYPE",
    "SKU_FIELDS_DOCS_ONLY",
    "SKU_QUANTITY_PROPERTIES",
    "SKU_SCHEMA",
    "STANDARD_PRICE_PROPERTY",
    "STORAGE_NAME",
    "SUPPLIER_ID",
    "TWIN_SUFFIXES",
    "VARIANT_CULTURE_LIST",
    "VARIANT_CULTURE_SCHEMA",
    "VARIANT_CULTURE_WITHOUT_CLIENT_SETTING",
    "VARIANT_SCHEMA",
    "WAREHOUSE_CODE_PROPERTY",
    "BodyNode",
    "HeaderField",
    "HeaderSettings",
    "body_item_schema",
    "body_node",
    "body_schemas",
    "deprecated_body_properties",
    "header_fields",
    "header_kind_for_body",
    "header_kind_of",
    "header_kinds_declaring",
    "header_required",
    "header_schema_for_body",
    "header_schema_of_kind",
    "header_settings",
    "is_dotnet_default",
    "item_properties",
    "list_enum",
    "name_suggestion",
    "resolve_value",
    "twin_base",
    "verify_constants",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
