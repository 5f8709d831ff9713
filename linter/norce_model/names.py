"""The Norce names the docs state only in prose (each checked by ``verify_constants``)."""

from __future__ import annotations

from collections.abc import Mapping

IMPORT_OPERATIONS: Mapping[str, str] = {
    "norce.products": "ImportProducts",
    "norce.onhands": "ImportOnhands",
    "norce.prices": "ImportSkuPriceLists",
    "norce.relations": "ImportRelations",
}
"""Body kind -> the import operation (operationId or last path segment) it is posted to."""

HEADER_KINDS: Mapping[str, str] = {
    "ProductHeader": "product",
    "SkuOnhandHeader": "onhand",
    "SkuPriceListHeader": "price",
    "RelationHeader": "relation",
}
"""Header schema -> the short header kind used by ``LintContext.header_kind``."""

HEADER_PARAMETER = "X-StormConnect-Header"
ACCOUNT_ID = "AccountId"
FULL_FILE = "FullFile"
JOB_ID = "JobId"
SUPPLIER_ID = "SupplierId"
STORAGE_NAME = "StorageName"
SERIALIZATION_TYPE = "SerializationType"
COMMON_HEADER_PROPERTIES: tuple[str, ...] = (
    ACCOUNT_ID,
    FULL_FILE,
    JOB_ID,
    SUPPLIER_ID,
    STORAGE_NAME,
    SERIALIZATION_TYPE,
)
TWIN_SUFFIXES: tuple[str, ...] = ("CreateOnly", "LimitedUpdate")

SKU_FIELDS_DOCS_ONLY: tuple[tuple[str, str], ...] = (("SkuField", "Name"),)
"""Enum members the docs list but the vendor contract lacks (SkuField 0)."""

SERIALIZATION_ENUM = "SerializationType"
SERIALIZATION_FOR_CONTENT: Mapping[str, int] = {"json": 0, "xml": 1}
"""content type -> the SerializationType code the docs give for it (0 = JSON, 1 = XML)."""

VARIANT_CULTURE_LIST = "VariantCultureFieldsThatAreSet"
VARIANT_CULTURE_WITHOUT_CLIENT_SETTING: frozenset[str] = frozenset(
    {
        "CultureCode",
        "Name",
        "NameCreateOnly",
        "NameLimitedUpdate",
        "UniqueUrlName",
        "UniqueUrlNameCreateOnly",
        "IsUniqueUrlNameManuallyMaintained",
    }
)
"""VariantCulture fields that work without the client setting "product texts are variant unique"."""

PRODUCT_SCHEMA = "Product"
VARIANT_SCHEMA = "Variant"
SKU_SCHEMA = "Sku"
VARIANT_CULTURE_SCHEMA = "VariantCulture"
PRICE_SCHEMA = "SkuPriceList"
PARAMETRIC_SCHEMA = "ParametricValue"
CODE_PROPERTY = "Code"
PART_NO_PROPERTY = "PartNo"
MANUFACTURER_CODE_PROPERTY = "ManufacturerCode"
MANUFACTURER_PART_NO_PROPERTY = "ManufacturerPartNo"
STANDARD_PRICE_PROPERTY = "StandardPrice"
EAN_PROPERTY = "EanCode"
CULTURE_CODE_PROPERTY = "CultureCode"
CURRENCY_PROPERTY = "CurrencyCode"
PRICE_RULE_PROPERTY = "PriceRule"
PRICE_RULE_VALUE_PROPERTY = "PriceRuleValue"
PRICE_RULE_ENUM = "PriceRule"
PRICE_LIST_CODE_PROPERTY = "PriceListCode"
QUANTITY_BREAK_PROPERTY = "QuantityBreak"
PRICE_AMOUNT_PROPERTIES: tuple[str, ...] = (
    "PriceSale",
    "CostPurchase",
    "CostUnit",
    "PriceRecommended",
    "PricePrevious",
    "PriceCatalog",
)
SKU_QUANTITY_PROPERTIES: tuple[str, ...] = (
    "RecommendedSalesQty",
    "UnitOfMeasurementCount",
    "ActualWeight",
    "LogisticWidth",
    "LogisticHeight",
    "LogisticDepth",
)
PARAMETRIC_VALUE_PROPERTIES: tuple[str, ...] = (
    "ValueBoolean",
    "ValueDateTime",
    "ValueDecimal",
    "ValueInteger",
    "ValueList",
    "MultipleValueList",
    "Cultures",
)
"""The kinds of value a ParametricValue can carry; ``Cultures`` holds text values."""

ONHAND_SCHEMA = "SkuOnhand"
WAREHOUSE_CODE_PROPERTY = "WarehouseCode"
LOCATION_CODE_PROPERTY = "LocationCode"
MINIMUM_PROPERTY = "MinimumValue"
MAXIMUM_PROPERTY = "MaximumValue"
ONHAND_QUANTITY_PROPERTIES: tuple[str, ...] = (
    "OnhandValue",
    "IncomingValue",
    "MinimumValue",
    "MaximumValue",
    "LeadTimeDayCount",
)
RELATION_SCHEMA = "Relation"
RELATED_PART_NO_PROPERTY = "RelatedPartNo"
RELATION_TYPE_PROPERTY = "RelationTypeCode"

IDENTIFIER_PROPERTIES: Mapping[str, tuple[str, ...]] = {
    PRODUCT_SCHEMA: (CODE_PROPERTY, MANUFACTURER_CODE_PROPERTY),
    VARIANT_SCHEMA: (MANUFACTURER_PART_NO_PROPERTY,),
    SKU_SCHEMA: (PART_NO_PROPERTY,),
    VARIANT_CULTURE_SCHEMA: (CULTURE_CODE_PROPERTY,),
}
"""Properties Norce reads to match an entity even when their flag is not set."""

# --- Spec navigation ---------------------------------------------------------------
