"""Norce header lists and body flags, read from the Norce spec.

Everything here is derived from ``openapi/norce-connect-product-4.0.yaml`` through
:mod:`linter.specs`: which header type an import operation takes, which list
properties a header has and which enum each list holds, the dependencies between
lists (``x-skuguard-requires`` / ``x-skuguard-subset-of``), and which body property
each flag governs (``x-skuguard-fields-list`` / ``x-skuguard-flag``).

The few names the docs state only in prose live in the constants block below;
:func:`verify_constants` checks each one against the spec (a test calls it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from linter.specs import CodedEnum, EnumMember, SpecError, coded_enum, spec_view

# --- Names stated only in prose (each checked by verify_constants) -----------------

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

_SCHEMA_PREFIX = "#/components/schemas/"
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch"})


def _spec() -> Mapping[str, Any]:
    return spec_view("norce")


def _resolve(node: Any) -> Any:
    """Follow local ``$ref`` pointers until a node without one."""
    for _ in range(32):
        if not isinstance(node, Mapping) or "$ref" not in node:
            return node
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise SpecError(f"norce spec: unsupported $ref {ref!r}")
        target: Any = _spec()
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                raise SpecError(f"norce spec: $ref {ref} does not resolve")
            target = target[part]
        node = target
    raise SpecError("norce spec: $ref chain too long")


def _schema_name(node: Any) -> str | None:
    """The components/schemas name a node refers to, looking through anyOf/oneOf/allOf."""
    if not isinstance(node, Mapping):
        return None
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_SCHEMA_PREFIX):
        return ref[len(_SCHEMA_PREFIX) :]
    for combinator in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(combinator, ()):
            name = _schema_name(branch)
            if name is not None:
                return name
    return None


def _schemas() -> Mapping[str, Any]:
    found: Mapping[str, Any] = _spec().get("components", {}).get("schemas", {})
    return found


def _find_enum(node: Any, depth: int = 0) -> CodedEnum | None:
    """The coded enum a property or list item refers to, through refs and combinators."""
    if depth > 8 or not isinstance(node, Mapping):
        return None
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_SCHEMA_PREFIX):
        name = ref[len(_SCHEMA_PREFIX) :]
        target = _schemas().get(name)
        if isinstance(target, Mapping) and "x-enum-names" in target:
            return coded_enum("norce", name)
        return _find_enum(target, depth + 1)
    for combinator in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(combinator, ()):
            found = _find_enum(branch, depth + 1)
            if found is not None:
                return found
    return None


def _accepts_strings(node: Any, depth: int = 0) -> bool:
    node = _resolve(node)
    if depth > 8 or not isinstance(node, Mapping):
        return False
    kind = node.get("type")
    if kind == "string" or (isinstance(kind, list) and "string" in kind):
        return True
    return any(
        _accepts_strings(branch, depth + 1)
        for combinator in ("anyOf", "oneOf")
        for branch in node.get(combinator, ())
    )


def _operations() -> Iterator[tuple[str, Mapping[str, Any], list[Any]]]:
    for path, item in _spec().get("paths", {}).items():
        if not isinstance(item, Mapping):
            continue
        shared = list(item.get("parameters", ()))
        for method, operation in item.items():
            if method in _HTTP_METHODS and isinstance(operation, Mapping):
                yield str(path), operation, shared + list(operation.get("parameters", ()))


@functools.cache
def _operation(kind: str) -> tuple[Mapping[str, Any], list[Any]]:
    try:
        wanted = IMPORT_OPERATIONS[kind]
    except KeyError:
        raise SpecError(f"{kind!r} is not a Norce body kind") from None
    for path, operation, parameters in _operations():
        if operation.get("operationId") == wanted or path.rstrip("/").endswith("/" + wanted):
            return operation, parameters
    raise SpecError(f"norce spec has no operation {wanted}")


@functools.cache
def header_schema_for_body(kind: str) -> str:
    """The header schema (e.g. ``ProductHeader``) the import operation of ``kind`` declares."""
    _, parameters = _operation(kind)
    for parameter in parameters:
        parameter = _resolve(parameter)
        if not isinstance(parameter, Mapping) or parameter.get("name") != HEADER_PARAMETER:
            continue
        candidates = [parameter.get("schema")]
        candidates += [media.get("schema") for media in parameter.get("content", {}).values()]
        for candidate in candidates:
            name = _schema_name(candidate)
            if name is not None:
                return name
    raise SpecError(f"norce spec: {IMPORT_OPERATIONS[kind]} declares no {HEADER_PARAMETER} schema")


def header_kind_for_body(kind: str) -> str:
    """The short header kind (``product``, ``onhand``, ``price``, ``relation``) for a body kind."""
    return HEADER_KINDS[header_schema_for_body(kind)]


@functools.cache
def header_schema_of_kind(header_kind: str) -> str:
    for schema_name, short in HEADER_KINDS.items():
        if short == header_kind:
            return schema_name
    raise SpecError(f"unknown Norce header kind {header_kind!r}")


@functools.cache
def body_item_schema(kind: str) -> str:
    """The schema of one element of the request body array of ``kind`` (e.g. ``Product``)."""
    operation, _ = _operation(kind)
    body = _resolve(operation.get("requestBody", {}))
    for media in body.get("content", {}).values():
        array = _resolve(media.get("schema", {}))
        name = _schema_name(array.get("items", {})) if isinstance(array, Mapping) else None
        if name is not None:
            return name
    raise SpecError(f"norce spec: {IMPORT_OPERATIONS[kind]} has no array-of-$ref request body")


# --- Headers -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeaderField:
    """One property of a header schema."""

    name: str
    is_list: bool
    enum: CodedEnum | None
    names_allowed: bool
    requires: tuple[str, str] | None
    subset_of: str | None


@functools.cache
def header_fields(header_kind: str) -> Mapping[str, HeaderField]:
    """Every property of the header schema of ``header_kind``, by name."""
    node = _resolve(_schemas().get(header_schema_of_kind(header_kind), {}))
    fields: dict[str, HeaderField] = {}
    for name, prop in node.get("properties", {}).items():
        prop = _resolve(prop)
        is_list = prop.get("type") == "array"
        target = prop.get("items", {}) if is_list else prop
        requires = prop.get("x-skuguard-requires")
        subset_of = prop.get("x-skuguard-subset-of")
        fields[str(name)] = HeaderField(
            name=str(name),
            is_list=is_list,
            enum=_find_enum(target),
            names_allowed=_accepts_strings(target),
            requires=(str(requires["list"]), str(requires["value"]))
            if isinstance(requires, Mapping)
            else None,
            subset_of=str(subset_of) if isinstance(subset_of, str) else None,
        )
    return fields


@functools.cache
def header_required(header_kind: str) -> tuple[str, ...]:
    node = _resolve(_schemas().get(header_schema_of_kind(header_kind), {}))
    return tuple(str(name) for name in node.get("required", ()))


@functools.cache
def _header_property_sets() -> Mapping[str, frozenset[str]]:
    return {kind: frozenset(header_fields(kind)) for kind in HEADER_KINDS.values()}


def header_kinds_declaring(prop: str) -> tuple[str, ...]:
    """The header kinds whose schema declares ``prop``."""
    return tuple(kind for kind, props in _header_property_sets().items() if prop in props)


def header_kind_of(header: Mapping[str, Any]) -> str:
    """Tell the four header types apart by content: product, onhand, price or relation.

    The header type is the most specific one declaring every known key of the header
    (a price header's lists are also ProductHeader lists). When the keys fit none, the type
    declaring most of them wins; a header with only common keys counts as a ProductHeader.
    """
    sets = _header_property_sets()
    known = set().union(*sets.values())
    keys = {key for key in header if key in known}
    common = frozenset.intersection(*sets.values())
    if keys <= common:
        return HEADER_KINDS[header_schema_for_body("norce.products")]
    fitting = [kind for kind, props in sets.items() if keys <= props]
    if fitting:
        return min(fitting, key=lambda kind: len(sets[kind]))
    return max(sets, key=lambda kind: (len(keys & sets[kind]), kind == "product"))


def resolve_value(value: object, enum: CodedEnum) -> EnumMember | None:
    """A header list value (integer code or name) as its enum member; ``None`` when unknown."""
    return enum.resolve(value)


def name_suggestion(value: object, enum: CodedEnum) -> str | None:
    """The member name that ``value`` matches apart from letter case."""
    if not isinstance(value, str):
        return None
    folded = value.casefold()
    for member in enum.members:
        if member.name.casefold() == folded:
            return member.name
    return None


def twin_base(name: str, enum: CodedEnum) -> str | None:
    """For ``NameCreateOnly`` / ``NameLimitedUpdate`` the member ``Name``, if the enum has it."""
    for suffix in TWIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            if base in enum.by_name:
                return base
    return None


@dataclass(frozen=True, slots=True)
class HeaderSettings:
    """What a header sets, resolved once per document."""

    header_kind: str
    lists: Mapping[str, frozenset[str]]
    """list property -> names of the valid members it holds (only lists present in the header)."""
    effective: Mapping[str, frozenset[str]]
    """list property -> member names, plus the base name of every CreateOnly/LimitedUpdate twin."""
    full_file: bool


def header_settings(header: Mapping[str, Any], header_kind: str) -> HeaderSettings:
    fields = header_fields(header_kind)
    lists: dict[str, frozenset[str]] = {}
    effective: dict[str, frozenset[str]] = {}
    for name, value in header.items():
        field = fields.get(name)
        if field is None or not field.is_list or field.enum is None or not isinstance(value, list):
            continue
        enum = field.enum
        members = {m.name for v in value if (m := enum.resolve(v)) is not None}
        bases = {b for n in members if (b := twin_base(n, enum)) is not None}
        lists[name] = frozenset(members)
        effective[name] = frozenset(members | bases)
    return HeaderSettings(
        header_kind=header_kind,
        lists=lists,
        effective=effective,
        full_file=header.get(FULL_FILE) is True,
    )


# --- Bodies ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyNode:
    """One body object schema, as far as the Norce rules need it."""

    schema: str
    fields_list: str | None
    flags: Mapping[str, str]
    """property -> the enum member name that governs it (``x-skuguard-flag``)."""
    children: Mapping[str, tuple[bool, str]]
    """property -> (is an array, object schema name) for nested objects."""
    deprecated: frozenset[str]
    properties: frozenset[str]
    required: frozenset[str]


def _child(prop: Any) -> tuple[bool, str] | None:
    prop = prop if isinstance(prop, Mapping) else {}
    name = _schema_name(prop)
    if name is not None and "x-enum-names" not in _schemas().get(name, {}):
        target = _resolve(_schemas().get(name, {}))
        if isinstance(target, Mapping) and target.get("type") == "array":
            inner = _schema_name(target.get("items", {}))
            return (True, inner) if inner is not None else None
        return (False, name) if isinstance(target, Mapping) and "properties" in target else None
    items_type = prop.get("type")
    if items_type == "array" or (isinstance(items_type, list) and "array" in items_type):
        inner = _schema_name(prop.get("items", {}))
        if inner is not None and "properties" in _resolve(_schemas().get(inner, {})):
            return (True, inner)
    return None


@functools.cache
def body_node(schema_name: str) -> BodyNode:
    node = _resolve(_schemas().get(schema_name))
    if not isinstance(node, Mapping):
        raise SpecError(f"norce spec has no components/schemas/{schema_name}")
    fields_list = node.get("x-skuguard-fields-list")
    flags: dict[str, str] = {}
    children: dict[str, tuple[bool, str]] = {}
    deprecated: set[str] = set()
    properties = node.get("properties", {})
    for name, prop in properties.items():
        if not isinstance(prop, Mapping):
            continue
        flag = prop.get("x-skuguard-flag")
        if isinstance(flag, str):
            flags[str(name)] = flag
        if prop.get("deprecated") is True:
            deprecated.add(str(name))
        child = _child(prop)
        if child is not None:
            children[str(name)] = child
    return BodyNode(
        schema=schema_name,
        fields_list=str(fields_list) if isinstance(fields_list, str) else None,
        flags=flags,
        children=children,
        deprecated=frozenset(deprecated),
        properties=frozenset(str(p) for p in properties),
        required=frozenset(str(p) for p in node.get("required", ())),
    )


@functools.cache
def body_schemas(kind: str) -> tuple[str, ...]:
    """Every object schema reachable from the body item of ``kind``, root first."""
    seen: list[str] = []
    pending = [body_item_schema(kind)]
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.append(name)
        pending.extend(child for _, child in body_node(name).children.values())
    return tuple(seen)


@functools.cache
def list_enum(header_kind: str, fields_list: str) -> CodedEnum | None:
    field = header_fields(header_kind).get(fields_list)
    return field.enum if field is not None else None


@functools.cache
def deprecated_body_properties(header_kind: str, schema_name: str) -> frozenset[str]:
    """Properties deprecated in the schema, or governed by a deprecated enum member."""
    node = body_node(schema_name)
    found = set(node.deprecated)
    enum = list_enum(header_kind, node.fields_list) if node.fields_list else None
    if enum is not None:
        for prop, flag in node.flags.items():
            member = enum.by_name.get(flag)
            if member is not None and member.deprecated:
                found.add(prop)
    return frozenset(found)


# --- Checking the constants against the spec ---------------------------------------


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
    "list_enum",
    "name_suggestion",
    "resolve_value",
    "twin_base",
    "verify_constants",
]
