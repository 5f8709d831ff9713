"""The NH rules, through linter.check_header and linter.lint_object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linter import Diagnostic, Severity, check_header, lint_bytes
from linter.registry import all_rules

SEED_HEADER = (
    (Path(__file__).parents[1] / "examples" / "norce" / "product-header.json")
    .read_text(encoding="utf-8")
    .strip()
)

BASE: dict[str, Any] = {"AccountId": 1, "FullFile": False}
PRODUCT_CHAIN: dict[str, Any] = {
    **BASE,
    "ProductFieldsThatAreSet": [4],
    "VariantFieldsThatAreSet": [5],
}


def nh(diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.pointer) for d in diagnostics if d.code.startswith("NH")]


def lint_header(
    header: dict[str, Any] | str, kind: str = "norce.products", content_type: str = "json"
) -> list[tuple[str, str]]:
    text = header if isinstance(header, str) else json.dumps(header, separators=(",", ":"))
    return nh(check_header(text, kind=kind, content_type=content_type))


def test_seed_product_header_has_only_the_documented_info() -> None:
    for kind in ("norce.header", "norce.products"):
        found = check_header(SEED_HEADER, kind=kind)
        assert [(d.code, d.severity) for d in found] == [("NH014", Severity.INFO)]
        assert "10 (Description)" in found[0].message


def test_unknown_values_and_non_existent_sku_field_17() -> None:
    header = {**PRODUCT_CHAIN, "SkuFieldsThatAreSet": [1, 17, "Nope", True]}
    assert lint_header(header) == [
        ("NH001", "/SkuFieldsThatAreSet/1"),
        ("NH001", "/SkuFieldsThatAreSet/2"),
        ("NH001", "/SkuFieldsThatAreSet/3"),
    ]


def test_unknown_name_suggests_the_right_case() -> None:
    found = check_header(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":["code"]}', kind="norce.products"
    )
    assert any(d.code == "NH001" and "'Code'" in d.message for d in found)


def test_ignore_list_accepts_only_its_own_codes() -> None:
    # 9 is a SkuPriceListField the vendor client can send here but the docs give no effect:
    # an info (NH015), not an error; 14 is no SkuPriceListField at all.
    header = {
        **BASE,
        "SkuPriceListFieldsThatAreSet": [3, 9],
        "IgnoreSkuPriceListFieldsWhenEmpty": [3, 9, 14],
    }
    found = check_header(json.dumps(header), kind="norce.prices")
    assert [d.pointer for d in found if d.code == "NH015"] == [
        "/IgnoreSkuPriceListFieldsWhenEmpty/1"
    ]
    unknown = [d for d in found if d.code == "NH001"]
    assert [d.pointer for d in unknown] == ["/IgnoreSkuPriceListFieldsWhenEmpty/2"]


def test_names_are_fine_with_json_but_not_with_xml() -> None:
    header = {**BASE, "SkuOnhandFieldsThatAreSet": ["OnhandValue", 4]}
    assert lint_header(header, "norce.onhands") == []
    assert lint_header(header, "norce.onhands", "xml") == [
        ("NH002", "/SkuOnhandFieldsThatAreSet/0")
    ]
    named = {**BASE, "SerializationType": "XML"}
    assert ("NH002", "/SerializationType") in lint_header(named, "norce.onhands", "xml")


@pytest.mark.parametrize(
    ("header", "pointer"),
    [
        (
            {**BASE, "ProductFieldsThatAreSet": [0], "VariantFieldsThatAreSet": [0]},
            "/VariantFieldsThatAreSet",
        ),
        (
            {**BASE, "ProductFieldsThatAreSet": [0], "ProductCultureFieldsThatAreSet": [0]},
            "/ProductCultureFieldsThatAreSet",
        ),
        (
            {
                **BASE,
                "ProductFieldsThatAreSet": [4],
                "VariantFieldsThatAreSet": [0],
                "VariantCultureFieldsThatAreSet": [1],
            },
            "/VariantCultureFieldsThatAreSet",
        ),
        (
            {
                **BASE,
                "ProductFieldsThatAreSet": [4],
                "VariantFieldsThatAreSet": [0],
                "SkuFieldsThatAreSet": [1],
            },
            "/SkuFieldsThatAreSet",
        ),
        (
            {**PRODUCT_CHAIN, "SkuFieldsThatAreSet": [1], "SkuPriceListFieldsThatAreSet": [3]},
            "/SkuPriceListFieldsThatAreSet",
        ),
        (
            {**PRODUCT_CHAIN, "SkuFieldsThatAreSet": [1], "SkuStructureItemFieldsThatAreSet": [0]},
            "/SkuStructureItemFieldsThatAreSet",
        ),
        (
            {
                **PRODUCT_CHAIN,
                "SkuFieldsThatAreSet": [1],
                "SkuPriceListFieldsThatAreSet": [3],
                "IgnoreSkuPriceListFieldsWhenEmpty": [3],
            },
            "/IgnoreSkuPriceListFieldsWhenEmpty",
        ),
    ],
)
def test_each_documented_dependency(header: dict[str, Any], pointer: str) -> None:
    assert ("NH003", pointer) in lint_header(header)


def test_dependencies_hold_by_name_too() -> None:
    header = {
        **BASE,
        "ProductFieldsThatAreSet": ["Variants"],
        "VariantFieldsThatAreSet": ["Skus"],
        "SkuFieldsThatAreSet": ["StandardPrice", "StructureItems"],
        "SkuPriceListFieldsThatAreSet": ["PriceSale"],
        "SkuStructureItemFieldsThatAreSet": [0],
        "IgnoreSkuPriceListFieldsWhenEmpty": ["PriceSale"],
    }
    assert lint_header(header) == []


def test_empty_dependent_list_needs_nothing() -> None:
    assert lint_header({**BASE, "VariantFieldsThatAreSet": []}) == []


def test_ignore_list_must_be_a_subset_in_price_headers() -> None:
    header = {
        **BASE,
        "SkuPriceListFieldsThatAreSet": ["PriceSale"],
        "IgnoreSkuPriceListFieldsWhenEmpty": ["PriceSale", 10],
    }
    assert lint_header(header, "norce.prices") == [
        ("NH004", "/IgnoreSkuPriceListFieldsWhenEmpty/1")
    ]


def test_job_id_and_supplier_without_storage() -> None:
    assert lint_header({**BASE, "JobId": "12"}) == [("NH005", "/JobId")]
    assert lint_header({**BASE, "SupplierId": 3}) == [("NH006", "/SupplierId")]
    with_storage = {**BASE, "SupplierId": 3, "StorageName": "https://files.example.com/a.json"}
    assert lint_header(with_storage) == []


def test_serialization_type_against_content_type() -> None:
    assert lint_header({**BASE, "SerializationType": 1}) == [("NH007", "/SerializationType")]
    assert lint_header({**BASE, "SerializationType": "JSON"}) == []
    assert lint_header({**BASE, "SerializationType": 1}, content_type="xml") == []
    assert lint_header({**BASE, "SerializationType": 0}, content_type="xml") == [
        ("NH007", "/SerializationType")
    ]


def test_lone_header_has_no_content_type_to_compare() -> None:
    assert lint_header({**BASE, "SerializationType": 1}, kind="norce.header") == []


def test_a_value_listed_twice_by_code_or_name() -> None:
    header = {**BASE, "ProductFieldsThatAreSet": [0, 3, "Code", 0]}
    assert lint_header(header) == [
        ("NH008", "/ProductFieldsThatAreSet/2"),
        ("NH008", "/ProductFieldsThatAreSet/3"),
    ]


def test_twins_set_together() -> None:
    header = {**BASE, "ProductFieldsThatAreSet": [6, 15, 16]}
    assert lint_header(header) == [
        ("NH009", "/ProductFieldsThatAreSet/1"),
        ("NH009", "/ProductFieldsThatAreSet/2"),
    ]
    assert lint_header({**BASE, "ProductFieldsThatAreSet": [15]}) == []
    relation = {
        **BASE,
        "RelationFieldsThatAreSet": ["IsVariantUnique", "IsVariantUniqueCreateOnly"],
    }
    assert lint_header(relation, "norce.relations") == [("NH009", "/RelationFieldsThatAreSet/1")]


def test_deprecated_members_in_every_header_type() -> None:
    assert lint_header({**PRODUCT_CHAIN, "SkuFieldsThatAreSet": [15]}) == [
        ("NH010", "/SkuFieldsThatAreSet/0")
    ]
    assert lint_header({**BASE, "SkuOnhandFieldsThatAreSet": [3, 7]}, "norce.onhands") == [
        ("NH010", "/SkuOnhandFieldsThatAreSet/1")
    ]


def test_sku_field_zero_is_docs_only() -> None:
    found = check_header(
        json.dumps({**PRODUCT_CHAIN, "SkuFieldsThatAreSet": ["Name"]}), kind="norce.products"
    )
    assert [(d.code, d.severity) for d in found] == [("NH011", Severity.WARNING)]


@pytest.mark.parametrize(
    ("kind", "header", "words"),
    [
        ("norce.products", {**BASE, "FullFile": True}, "removed from"),
        ("norce.onhands", {**BASE, "FullFile": True}, "deactivated"),
        ("norce.prices", {**BASE, "FullFile": True}, "deactivated"),
        ("norce.relations", {**BASE, "FullFile": True}, "relations"),
    ],
)
def test_full_file_true_is_a_warning_per_header_type(
    kind: str, header: dict[str, Any], words: str
) -> None:
    found = [d for d in check_header(json.dumps(header), kind=kind) if d.code == "NH012"]
    assert len(found) == 1
    assert found[0].severity is Severity.WARNING
    assert words in found[0].message


def test_another_types_list_is_named() -> None:
    found = check_header(json.dumps({**BASE, "ProductFieldsThatAreSet": [0]}), kind="norce.onhands")
    mine = [d for d in found if d.code == "NH013"]
    assert len(mine) == 1
    assert "ProductHeader" in mine[0].message


def test_variant_culture_texts_need_the_client_setting() -> None:
    header = {
        **BASE,
        "ProductFieldsThatAreSet": [4],
        "VariantFieldsThatAreSet": [4],
        "VariantCultureFieldsThatAreSet": ["CultureCode", "Name", "UniqueUrlName", "Title"],
    }
    found = [
        d
        for d in check_header(json.dumps(header), kind="norce.products")
        if d.code.startswith("NH")
    ]
    assert [(d.code, d.severity) for d in found] == [("NH014", Severity.INFO)]
    assert "Title" in found[0].message
    assert "Name" not in found[0].message.replace("Title", "")


def test_header_rules_also_run_with_a_body() -> None:
    body = b'[{"PartNo":"A","WarehouseCode":"W","LocationCode":"L","OnhandValue":1}]'
    header = '{"AccountId":1,"FullFile":true,"SkuOnhandFieldsThatAreSet":[3,3]}'
    found = lint_bytes(body, kind="norce.onhands", header=header)
    assert {d.code for d in found if d.code.startswith("NH")} == {"NH008", "NH012"}


def test_header_rules_never_raise_on_odd_values() -> None:
    header = {
        **BASE,
        "ProductFieldsThatAreSet": "0,1",
        "VariantFieldsThatAreSet": [None, {}, [], 1.5],
        "SerializationType": [0],
        "IgnoreSkuPriceListFieldsWhenEmpty": None,
    }
    found = check_header(json.dumps(header), kind="norce.products")
    assert not [d for d in found if d.code == "SG000"]


def test_every_header_rule_is_documented() -> None:
    header_rules = [r for r in all_rules() if r.code.startswith("NH")]
    assert len(header_rules) == 15
    for found in header_rules:
        assert found.summary
        assert found.why
        assert found.bad.body
        assert found.good.body
