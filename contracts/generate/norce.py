"""Coherent Norce payloads: a header and a body that agree, both read from the spec.

The header is drawn first, top-down along the body's object tree (Product → Variant → Sku →
StandardPrice …), from what :mod:`contracts.generate.norce_header` reads of the spec. A
property is generated exactly when its flag, or one of its ``…CreateOnly`` /
``…LimitedUpdate`` twins, is in the drawn list.
Flags that govern no field (``…CleanUp`` switches, ``PartNoCreateWhenMissing`` …) and
deprecated members are never drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import strategies as st

from contracts.generate import values as v
from contracts.generate.norce_header import (
    HEADER_SCHEMAS,
    Draw,
    Governed,
    HeaderPlan,
    draw_flags,
    governed,
    list_enum,
    operation_body_schema,
    ref_name,
)
from contracts.generate.payloads import Fixtures, Payload
from linter.specs import coded_enum, schema

_ROW_KEY = "CultureCode"


class BodyBuilder:
    """Generates body objects that carry exactly the properties their header list flags."""

    def __init__(self, draw: Draw, plan: HeaderPlan, fixtures: Fixtures) -> None:
        self.draw = draw
        self.plan = plan
        self.fixtures = fixtures

    def governed_object(
        self,
        schema_name: str,
        keys: Mapping[str, Any] | None = None,
        later: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """An object of ``schema_name`` with ``keys``; flagged properties in ``later`` are
        left out for the caller to fill."""
        gov = governed(schema_name, self.plan.header_schema)
        obj: dict[str, Any] = dict(keys or {})
        for prop in gov.properties_for(self.plan.flags(gov.list_name)):
            if prop in later:
                obj[prop] = None
            elif prop not in obj:
                obj[prop] = self.value(schema_name, prop)
        _order_dates(obj)
        return obj

    def value(self, owner: str, prop: str) -> Any:
        node = schema("norce", owner)["properties"][prop]
        special = _SPECIAL.get((owner, prop)) or _SPECIAL.get(("*", prop))
        if special is not None:
            return special(self)
        return self.from_schema(prop, node)

    def from_schema(self, prop: str, node: Mapping[str, Any]) -> Any:
        target = ref_name(node)
        if target is not None:
            target_node = schema("norce", target)
            if "x-enum-names" in target_node:
                enum = coded_enum("norce", target)
                return self.draw(
                    st.sampled_from([m.code for m in enum.members if not m.deprecated])
                )
            return self.plain_object(target)
        types = node.get("type")
        kind = next((t for t in types if t != "null"), None) if isinstance(types, list) else types
        if kind == "array":
            item = ref_name(node["items"])
            count = self.draw(st.integers(min_value=1, max_value=2))
            if item is not None and "x-enum-names" not in schema("norce", item):
                return [self.plain_object(item) for _ in range(count)]
            return [self.from_schema(prop, node["items"]) for _ in range(count)]
        return self.draw(_scalar(prop, kind, node.get("format")))

    def plain_object(self, schema_name: str) -> dict[str, Any]:
        node = schema("norce", schema_name)
        if "x-skuguard-fields-list" in node:
            return self.governed_object(schema_name)
        builder = _PLAIN.get(schema_name)
        if builder is not None:
            return builder(self)
        obj = {prop: self.from_schema(prop, sub) for prop, sub in node["properties"].items()}
        _order_dates(obj)
        return obj

    def cultures(self, schema_name: str) -> list[dict[str, Any]]:
        return [
            self.governed_object(schema_name, {_ROW_KEY: code}) for code in self.draw(v.cultures())
        ]


def _scalar(prop: str, kind: str | None, fmt: str | None) -> st.SearchStrategy[Any]:
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(min_value=0, max_value=100)
    if kind == "number":
        if prop.startswith(("Price", "Cost")):
            return v.money()
        return v.quantity()
    if fmt == "date-time":
        return v.timestamp()
    if fmt == "uri":
        return v.url()
    if prop == "CultureCode":
        return v.culture()
    if prop == "CurrencyCode":
        return v.currency()
    if prop == "EanCode":
        return v.ean13()
    if prop.endswith("Code") or prop.endswith("PartNo"):
        return v.code(prop.removesuffix("Code").removesuffix("PartNo")[:3].upper() or "C")
    if prop == "UniqueUrlName":
        return v.slug()
    return v.title()


def _order_dates(obj: dict[str, Any]) -> None:
    for start, stop in (("StartDate", "StopDate"),):
        if isinstance(obj.get(start), str) and isinstance(obj.get(stop), str):
            first, last = sorted((obj[start], obj[stop]))
            obj[start], obj[stop] = first, last


def _parametric(builder: BodyBuilder) -> dict[str, Any]:
    node = schema("norce", "ParametricValue")["properties"]
    value_kinds = sorted(p for p in node if p != "ParametricCode")
    chosen = builder.draw(st.sampled_from(value_kinds))
    value: Any
    if chosen == "Cultures":
        value = [
            {_ROW_KEY: code, "ValueText": builder.draw(v.title())}
            for code in builder.draw(v.cultures())
        ]
    else:
        value = builder.from_schema(chosen, node[chosen])
    return {"ParametricCode": builder.draw(v.code("PAR")), chosen: value}


def _culture_rows(schema_name: str) -> Callable[[BodyBuilder], Any]:
    def build(builder: BodyBuilder) -> Any:
        return builder.cultures(schema_name)

    return build


def _with_culture_rows(schema_name: str, text_prop: str) -> Callable[[BodyBuilder], Any]:
    def build(builder: BodyBuilder) -> Any:
        return [
            {_ROW_KEY: code, text_prop: builder.draw(v.title())}
            for code in builder.draw(v.cultures())
        ]

    return build


_SPECIAL: dict[tuple[str, str], Callable[[BodyBuilder], Any]] = {
    ("Product", "Cultures"): _culture_rows("ProductCulture"),
    ("Variant", "Cultures"): _culture_rows("VariantCulture"),
    ("Relation", "Cultures"): _culture_rows("RelationCulture"),
    ("ParametricValueList", "Cultures"): _with_culture_rows("ParametricValueListCulture", "Value"),
    ("NonParametricVariantDefinition", "Cultures"): _with_culture_rows(
        "VariantDefinitionCulture", "Value"
    ),
}
_PLAIN: dict[str, Callable[[BodyBuilder], dict[str, Any]]] = {"ParametricValue": _parametric}


# ---------------------------------------------------------------- the four kinds


@st.composite
def products(draw: Draw, fixtures: Fixtures) -> Payload:
    """A ProductHeader and products that agree; every SKU has a distinct PartNo."""
    header_schema = HEADER_SCHEMAS["norce.products"]
    plan = HeaderPlan(header_schema)
    root = operation_body_schema(header_schema)
    product_gov = governed(root, header_schema)
    variant_gov = governed("Variant", header_schema)
    sku_gov = governed("Sku", header_schema)
    plan.lists[product_gov.list_name] = draw_flags(
        draw, product_gov, header_schema, forced=[product_gov.flag_of["Variants"]]
    )
    product_flags = set(plan.flags(product_gov.list_name))
    if product_gov.flag_of["Cultures"] in product_flags:
        gov = governed("ProductCulture", header_schema)
        plan.lists[gov.list_name] = draw_flags(draw, gov, header_schema)
    plan.lists[variant_gov.list_name] = draw_flags(
        draw, variant_gov, header_schema, forced=[variant_gov.flag_of["Skus"]]
    )
    variant_flags = set(plan.flags(variant_gov.list_name))
    if variant_gov.flag_of["Cultures"] in variant_flags:
        gov = governed("VariantCulture", header_schema)
        plan.lists[gov.list_name] = draw_flags(draw, gov, header_schema, forced=[_ROW_KEY])
    plan.lists[sku_gov.list_name] = draw_flags(draw, sku_gov, header_schema)
    sku_flags = set(plan.flags(sku_gov.list_name))
    if sku_gov.flag_of["StandardPrice"] in sku_flags:
        price_gov = governed("SkuPriceList", header_schema)
        plan.lists[price_gov.list_name] = draw_flags(draw, price_gov, header_schema)
        ignore_enum = list_enum(header_schema, "IgnoreSkuPriceListFieldsWhenEmpty")
        ignorable = {m.name for m in ignore_enum.members if m.code not in ignore_enum.wire_only}
        candidates = [n for n in plan.flags(price_gov.list_name) if n in ignorable]
        if candidates:
            ignored = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=2))
            if ignored:
                plan.lists["IgnoreSkuPriceListFieldsWhenEmpty"] = ignored
    if sku_gov.flag_of["StructureItems"] in sku_flags:
        gov = governed("SkuStructureItem", header_schema)
        plan.lists[gov.list_name] = draw_flags(draw, gov, header_schema)
    sku_cultures = draw(st.booleans())
    if sku_cultures:
        gov = governed("SkuCulture", header_schema)
        plan.lists[gov.list_name] = draw_flags(draw, gov, header_schema)

    shape = draw(
        st.lists(
            st.lists(st.integers(min_value=1, max_value=2), min_size=1, max_size=2),
            min_size=1,
            max_size=3,
        )
    )
    sku_total = sum(sum(variants) for variants in shape)
    part_nos = draw(v.unique_values(sku_total, fixtures.norce.part_nos, v.part_number()))
    product_codes = draw(
        st.lists(v.code("P"), min_size=len(shape), max_size=len(shape), unique=True)
    )
    variant_count = sum(len(variants) for variants in shape)
    mpns = draw(
        st.lists(v.code("MPN"), min_size=variant_count, max_size=variant_count, unique=True)
    )
    builder = BodyBuilder(draw, plan, fixtures)
    price_lists = fixtures.norce.price_list_codes
    body = []
    for product_code, variants in zip(product_codes, shape, strict=True):
        product = builder.governed_object(root, later=frozenset({"Code", "Variants"}))
        if "Code" in product:
            product["Code"] = product_code
        product["Variants"] = []
        for sku_count in variants:
            variant = builder.governed_object(
                "Variant", later=frozenset({"ManufacturerPartNo", "Skus"})
            )
            if "ManufacturerPartNo" in variant:
                variant["ManufacturerPartNo"] = mpns.pop()
            skus = []
            for _ in range(sku_count):
                part_no = part_nos.pop()
                sku = builder.governed_object(
                    "Sku", {"PartNo": part_no}, later=frozenset({"StandardPrice", "StructureItems"})
                )
                if sku_cultures:
                    sku["Cultures"] = builder.cultures("SkuCulture")
                if "StandardPrice" in sku:
                    price_list = draw(v.known_or_new(price_lists, v.code("PL")))
                    sku["StandardPrice"] = builder.governed_object(
                        "SkuPriceList",
                        {
                            "PartNo": part_no,
                            "PriceListCode": price_list,
                            "CurrencyCode": draw(v.currency()),
                        },
                    )
                if "StructureItems" in sku:
                    sku["StructureItems"] = [
                        builder.governed_object(
                            "SkuStructureItem",
                            {
                                "StructurePartNo": part_no,
                                "PartNo": draw(
                                    v.known_or_new(fixtures.norce.part_nos, v.part_number())
                                ),
                                "Quantity": draw(st.integers(min_value=1, max_value=5)),
                            },
                        )
                    ]
                skus.append(sku)
            variant["Skus"] = skus
            product["Variants"].append(variant)
        body.append(product)
    header = plan.to_header(draw, draw(_account_id()))
    return Payload(kind="norce.products", body=body, header=header)


def _account_id() -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=99_999)


def _simple_plan(draw: Draw, kind: str) -> tuple[HeaderPlan, Governed]:
    header_schema = HEADER_SCHEMAS[kind]
    plan = HeaderPlan(header_schema)
    gov = governed(operation_body_schema(header_schema), header_schema)
    plan.lists[gov.list_name] = draw_flags(draw, gov, header_schema)
    return plan, gov


@st.composite
def onhands(draw: Draw, fixtures: Fixtures) -> Payload:
    """A SkuOnhandHeader and on-hand rows with distinct (PartNo, WarehouseCode, LocationCode)."""
    plan, gov = _simple_plan(draw, "norce.onhands")
    known = fixtures.norce
    keys = draw(
        st.lists(
            st.tuples(
                v.known_or_new(known.part_nos, v.part_number()),
                v.known_or_new(known.warehouse_codes, v.code("WH")),
                v.known_or_new(known.location_codes, v.code("LOC")),
            ),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    builder = BodyBuilder(draw, plan, fixtures)
    body = []
    for part_no, warehouse, location in keys:
        row = builder.governed_object(
            gov.schema_name,
            {"PartNo": part_no, "WarehouseCode": warehouse, "LocationCode": location},
        )
        low, high = row.get("MinimumValue"), row.get("MaximumValue")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            row["MinimumValue"], row["MaximumValue"] = high, low
        body.append(row)
    header = plan.to_header(draw, draw(_account_id()))
    return Payload(kind="norce.onhands", body=body, header=header)


@st.composite
def prices(draw: Draw, fixtures: Fixtures) -> Payload:
    """A SkuPriceListHeader and prices with distinct (PartNo, PriceListCode, QuantityBreak)."""
    plan, gov = _simple_plan(draw, "norce.prices")
    ignore_enum = list_enum(plan.header_schema, "IgnoreSkuPriceListFieldsWhenEmpty")
    ignorable = {m.name for m in ignore_enum.members if m.code not in ignore_enum.wire_only}
    candidates = [n for n in plan.flags(gov.list_name) if n in ignorable]
    if candidates:
        ignored = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=2))
        if ignored:
            plan.lists["IgnoreSkuPriceListFieldsWhenEmpty"] = ignored
    known = fixtures.norce
    keys = draw(
        st.lists(
            st.tuples(
                v.known_or_new(known.part_nos, v.part_number()),
                v.known_or_new(known.price_list_codes, v.code("PL")),
                st.sampled_from([0, 1, 10]),
            ),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    builder = BodyBuilder(draw, plan, fixtures)
    body = [
        builder.governed_object(
            gov.schema_name,
            {
                "PartNo": part_no,
                "PriceListCode": price_list,
                "QuantityBreak": quantity_break,
                "CurrencyCode": draw(v.currency()),
            },
        )
        for part_no, price_list, quantity_break in keys
    ]
    header = plan.to_header(draw, draw(_account_id()))
    return Payload(kind="norce.prices", body=body, header=header)


@st.composite
def relations(draw: Draw, fixtures: Fixtures) -> Payload:
    """A RelationHeader and relations between distinct SKUs, each relation once."""
    plan, gov = _simple_plan(draw, "norce.relations")
    cultures_prop = "Cultures"
    if gov.flag_of.get(cultures_prop) in plan.flags(gov.list_name):
        culture_gov = governed("RelationCulture", plan.header_schema)
        plan.lists[culture_gov.list_name] = draw_flags(draw, culture_gov, plan.header_schema)
    part = v.known_or_new(fixtures.norce.part_nos, v.part_number())
    keys = draw(
        st.lists(
            st.tuples(part, part, st.sampled_from(["ACCESSORY", "SIMILAR", "SPAREPART"])).filter(
                lambda key: key[0] != key[1]
            ),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    builder = BodyBuilder(draw, plan, fixtures)
    body = [
        builder.governed_object(
            gov.schema_name,
            {"PartNo": part_no, "RelatedPartNo": related, "RelationTypeCode": relation_type},
        )
        for part_no, related, relation_type in keys
    ]
    header = plan.to_header(draw, draw(_account_id()))
    return Payload(kind="norce.relations", body=body, header=header)
