"""linter.norce_model reads header types, lists, dependencies and flags from the Norce spec."""

from __future__ import annotations

import pytest

from linter import norce_model as nf
from linter.rules.norce import values as norce_values
from linter.specs import coded_enum


def test_prose_constants_exist_in_the_spec() -> None:
    assert nf.verify_constants() == []


@pytest.mark.parametrize(
    ("kind", "header_schema", "header_kind", "item"),
    [
        ("norce.products", "ProductHeader", "product", "Product"),
        ("norce.onhands", "SkuOnhandHeader", "onhand", "SkuOnhand"),
        ("norce.prices", "SkuPriceListHeader", "price", "SkuPriceList"),
        ("norce.relations", "RelationHeader", "relation", "Relation"),
    ],
)
def test_header_type_per_body_kind_comes_from_the_operation(
    kind: str, header_schema: str, header_kind: str, item: str
) -> None:
    assert nf.header_schema_for_body(kind) == header_schema
    assert nf.header_kind_for_body(kind) == header_kind
    assert nf.body_item_schema(kind) == item


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"AccountId": 1, "FullFile": False, "ProductFieldsThatAreSet": [0]}, "product"),
        ({"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3]}, "onhand"),
        ({"AccountId": 1, "FullFile": False, "SkuPriceListFieldsThatAreSet": [3]}, "price"),
        (
            {
                "FullFile": False,
                "SkuPriceListFieldsThatAreSet": [3],
                "IgnoreSkuPriceListFieldsWhenEmpty": [3],
            },
            "price",
        ),
        (
            {"AccountId": 1, "SkuPriceListFieldsThatAreSet": [3], "SkuFieldsThatAreSet": [20]},
            "product",
        ),
        ({"AccountId": 1, "RelationFieldsThatAreSet": [1]}, "relation"),
        ({"AccountId": 1, "RelationCultureFieldsThatAreSet": [1]}, "relation"),
        ({"AccountId": 1, "FullFile": True}, "product"),
        ({}, "product"),
        ({"Unknown": 1, "SkuOnhandFieldsThatAreSet": [3]}, "onhand"),
        (
            {
                "SkuOnhandFieldsThatAreSet": [3],
                "ProductFieldsThatAreSet": [0],
                "VariantFieldsThatAreSet": [0],
            },
            "product",
        ),
    ],
)
def test_header_kind_of_tells_the_four_types_apart(
    header: dict[str, object], expected: str
) -> None:
    assert nf.header_kind_of(header) == expected


def test_header_lists_resolve_to_their_enums_and_dependencies() -> None:
    fields = nf.header_fields("product")
    variant = fields["VariantFieldsThatAreSet"]
    assert variant.is_list
    assert variant.enum is not None
    assert variant.enum.schema_name == "VariantField"
    assert variant.requires == ("ProductFieldsThatAreSet", "Variants")
    ignore = fields["IgnoreSkuPriceListFieldsWhenEmpty"]
    assert ignore.subset_of == "SkuPriceListFieldsThatAreSet"
    assert ignore.enum is not None
    # the docs' table allows 3-8 and 10; the vendor contract's type also carries 9, 11-13
    assert ignore.enum.wire_only == frozenset({9, 11, 12, 13})
    assert {3, 8, 10} <= set(ignore.enum.codes)
    assert fields["SerializationType"].enum is not None
    assert not fields["AccountId"].is_list
    assert fields["AccountId"].enum is None
    assert set(nf.header_required("onhand")) == {"AccountId", "FullFile"}


def test_codes_and_names_resolve_to_the_same_member() -> None:
    enum = coded_enum("norce", "ProductField")
    assert nf.resolve_value(4, enum) == nf.resolve_value("Variants", enum)
    assert nf.resolve_value(True, enum) is None
    assert nf.resolve_value("variants", enum) is None
    assert nf.name_suggestion("variants", enum) == "Variants"
    assert nf.resolve_value(99, enum) is None


def test_twins_are_told_apart_by_name() -> None:
    culture = coded_enum("norce", "ProductCultureField")
    assert nf.twin_base("NameCreateOnly", culture) == "Name"
    assert nf.twin_base("NameLimitedUpdate", culture) == "Name"
    assert nf.twin_base("Name", culture) is None
    product = coded_enum("norce", "ProductField")
    assert nf.twin_base("CategoriesLimitedUpdate", product) == "Categories"
    assert nf.twin_base("ParametricsCleanUp", product) is None


def test_header_settings_count_twins_as_their_base_field() -> None:
    active = nf.header_settings(
        {"FullFile": True, "ProductFieldsThatAreSet": ["Code", 15, 99, "nope"]}, "product"
    )
    assert active.full_file
    assert active.lists["ProductFieldsThatAreSet"] == {"Code", "CategoriesCreateOnly"}
    assert active.effective["ProductFieldsThatAreSet"] == {
        "Code",
        "CategoriesCreateOnly",
        "Categories",
    }


def test_every_flag_names_a_member_of_its_fields_list() -> None:
    for kind in nf.IMPORT_OPERATIONS:
        header_kind = nf.header_kind_for_body(kind)
        for schema_name in nf.body_schemas(kind):
            node = nf.body_node(schema_name)
            if node.fields_list is None:
                assert not node.flags, schema_name
                continue
            enum = nf.list_enum(header_kind, node.fields_list)
            assert enum is not None, (schema_name, node.fields_list)
            assert set(node.flags.values()) <= set(enum.names), schema_name


def test_product_body_plan_reaches_prices_through_skus() -> None:
    assert nf.body_node("Product").children["Variants"] == (True, "Variant")
    assert nf.body_node("Variant").children["Skus"] == (True, "Sku")
    assert nf.body_node("Sku").children["StandardPrice"] == (False, "SkuPriceList")
    assert "OnOrderValue" in nf.deprecated_body_properties("onhand", "SkuOnhand")
    assert "VolumeWeight" in nf.deprecated_body_properties("product", "Sku")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("4006381333931", True),
        ("4006381333932", False),
        ("96385074", True),
        ("96385075", False),
        ("036000291452", True),
        ("10614141000415", True),
        ("400638133393", False),
        ("40063813339X", False),
        ("", True),
        (None, True),
    ],
)
def test_gtin_check_digit(value: object, ok: bool) -> None:
    assert (norce_values.gtin_problem(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("SEK", True), ("EUR", True), ("sek", False), ("HRK", False), ("XYZ", False), (None, True)],
)
def test_currency_codes(value: object, ok: bool) -> None:
    assert (norce_values.currency_problem(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("sv-SE", True),
        ("en-GB", True),
        ("sv", False),
        ("sv_SE", False),
        ("SV-se", False),
        ("sv-SE ", False),
    ],
)
def test_culture_codes(value: str, ok: bool) -> None:
    assert (norce_values.culture_code_problem(value) is None) is ok


def test_first_seen_keeps_only_the_first_position() -> None:
    tracker = norce_values.FirstSeen()
    assert tracker.seen_before(("A", "W", "L"), 0) is None
    assert tracker.seen_before(("A", "W", "L2"), 1) is None
    assert tracker.seen_before(("A", "W", "L"), 2) == 0
    assert tracker.seen_before(("A", "W", "L"), 3) == 0
