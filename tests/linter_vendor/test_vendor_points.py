"""Issue #12, points 1-10: what the vendor's .NET client puts on the wire is accepted.

Each test names its point. The decisions are recorded in openapi/norce-connect-product-4.0.yaml
(x-skuguard-note beside each).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import linter
from linter import Severity, specs

PRODUCT_HEADER: dict[str, Any] = {
    "AccountId": 1,
    "FullFile": False,
    "ProductFieldsThatAreSet": [3, 4, 7],
    "VariantFieldsThatAreSet": [0, 5],
    "SkuFieldsThatAreSet": [5],
}
PRICE_HEADER: dict[str, Any] = {
    "AccountId": 1,
    "FullFile": False,
    "SkuPriceListFieldsThatAreSet": [3],
}
ONHAND_HEADER: dict[str, Any] = {
    "AccountId": 1,
    "FullFile": False,
    "SkuOnhandFieldsThatAreSet": [3, 5],
}
RELATION_HEADER: dict[str, Any] = {
    "AccountId": 1,
    "FullFile": False,
    "RelationFieldsThatAreSet": [12],
}


def _sku(**extra: Any) -> dict[str, Any]:
    return {"PartNo": "S1", "EanCode": "4006381333931", **extra}


def _product(sku: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "Code": "P1",
        "Variants": [{"ManufacturerPartNo": "M-S1", "Skus": [sku or _sku()]}],
        **extra,
    }


def _price(**extra: Any) -> dict[str, Any]:
    return {"PartNo": "S1", "PriceListCode": "STD-SEK", "PriceSale": 199.0, **extra}


def _onhand(**extra: Any) -> dict[str, Any]:
    return {"PartNo": "S1", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 5, **extra}


def _relation(**extra: Any) -> dict[str, Any]:
    return {
        "PartNo": "S1",
        "RelatedPartNo": "S2",
        "RelationTypeCode": "ACC",
        "SortOrder": 1,
        **extra,
    }


def _lint(kind: str, items: list[dict[str, Any]], header: dict[str, Any]) -> list[tuple[str, str]]:
    found = linter.lint_bytes(
        json.dumps(items).encode(), kind=kind, header=json.dumps(header), content_type="json"
    )
    return [(d.code, d.pointer) for d in found if d.severity in (Severity.ERROR, Severity.WARNING)]


def _codes(kind: str, items: list[dict[str, Any]], header: dict[str, Any]) -> set[str]:
    return {code for code, _ in _lint(kind, items, header)}


# ---- point 1: .NET DateTime of each kind
DOTNET_MOMENTS = [
    "2025-01-15T00:00:00",
    "2025-06-30T21:59:59.1234567Z",
    "2025-03-01T08:00:00.5000001+01:00",
    "2025-03-01T08:00:00-05:00",
    "2023-09-22T08:00:00",
]
NOT_DOTNET = ["tomorrow", "2025-01-15", "2025-01-15T00:00:00.12345678", "2025-01-15 00:00:00"]


def _dotnet_date_properties() -> list[tuple[str, str, str]]:
    found = []
    for name, node in specs.spec_view("norce")["components"]["schemas"].items():
        for prop, sub in node.get("properties", {}).items():
            if sub.get("x-skuguard-format") == "dotnet-date-time":
                found.append((name, prop, str(sub["x-skuguard-pattern"])))
    return found


def test_1_every_request_body_date_is_marked_as_a_dotnet_datetime() -> None:
    marked = {(name, prop) for name, prop, _ in _dotnet_date_properties()}
    assert marked == {
        ("Variant", "TranslationRequested"),
        ("Sku", "StartDate"),
        ("Sku", "StopDate"),
        ("SkuOnhand", "NextDeliveryDate"),
        ("Image", "LastModified"),
        ("Flag", "StopDate"),
        ("ParametricValue", "ValueDateTime"),
    }


@pytest.mark.parametrize("moment", DOTNET_MOMENTS)
def test_1_the_spec_pattern_admits_each_datetime_kind(moment: str) -> None:
    for _, _, pattern in _dotnet_date_properties():
        assert re.search(pattern, moment)


@pytest.mark.parametrize("moment", NOT_DOTNET)
def test_1_the_spec_pattern_rejects_what_is_no_datetime(moment: str) -> None:
    for _, _, pattern in _dotnet_date_properties():
        assert not re.search(pattern, moment)


@pytest.mark.parametrize(
    "moment",
    [pytest.param(m) for m in DOTNET_MOMENTS],
)
def test_1_a_dotnet_datetime_of_any_kind_is_accepted(moment: str) -> None:
    header = {**PRODUCT_HEADER, "SkuFieldsThatAreSet": [5, 23]}
    assert _codes("norce.products", [_product(_sku(StartDate=moment))], header) == set()
    assert _codes("norce.onhands", [_onhand(NextDeliveryDate=moment)], ONHAND_HEADER) == set()


@pytest.mark.parametrize("moment", ["tomorrow", "2025-01-15", "15/01/2025 00:00"])
def test_1_a_text_that_is_no_dotnet_datetime_is_still_rejected(moment: str) -> None:
    assert "SG003" in _codes("norce.onhands", [_onhand(NextDeliveryDate=moment)], ONHAND_HEADER)


# ---- point 2: Image.Filename and image cultures
IMAGE = {
    "FileTypeName": "Image",
    "ExternalCode": "IMG-P1",
    "Filename": "P1.jpg",
    "Url": "https://cdn.example.com/P1.jpg",
    "Cultures": [{"CultureCode": "sv-SE", "Name": "Stol", "Description": "Ek", "AltText": "Stol"}],
}


def test_2_an_image_with_filename_and_cultures_is_accepted() -> None:
    header = {**PRODUCT_HEADER, "ImageCultureFieldsThatAreSet": [0, 1, 2]}
    assert _codes("norce.products", [_product(MainImage=IMAGE)], header) == set()


def test_2_the_documented_filename_spelling_is_still_accepted() -> None:
    image = {k: v for k, v in IMAGE.items() if k not in {"Filename", "Cultures"}}
    image["FileName"] = "P1.jpg"
    assert _codes("norce.products", [_product(MainImage=image)], PRODUCT_HEADER) == set()


def test_2_an_unknown_image_culture_field_is_rejected() -> None:
    image = {**IMAGE, "Cultures": [{"CultureCode": "sv-SE", "Caption": "Stol"}]}
    header = {**PRODUCT_HEADER, "ImageCultureFieldsThatAreSet": [0, 1, 2]}
    assert "SG003" in _codes("norce.products", [_product(MainImage=image)], header)


def test_2_an_image_culture_text_that_the_header_does_not_flag_warns() -> None:
    header = {**PRODUCT_HEADER, "ImageCultureFieldsThatAreSet": [0]}
    assert "NP001" in _codes("norce.products", [_product(MainImage=IMAGE)], header)


def test_2_the_header_accepts_image_culture_fields() -> None:
    header = {**PRODUCT_HEADER, "ImageCultureFieldsThatAreSet": [0, 1, 2]}
    assert _codes("norce.products", [_product()], header) == set()


# ---- point 3: non-nullable enums written as 0
@pytest.mark.parametrize("prop", ["Status", "Type", "UnitOfMeasurementType"])
def test_3_an_unflagged_zero_enum_is_no_schema_error(prop: str) -> None:
    found = _lint("norce.products", [_product(_sku(**{prop: 0}))], PRODUCT_HEADER)
    assert ("SG003", f"/0/Variants/0/Skus/0/{prop}") not in found


@pytest.mark.parametrize("prop", ["Status", "Type", "UnitOfMeasurementType"])
def test_3_an_unflagged_zero_enum_does_not_warn(prop: str) -> None:
    assert _codes("norce.products", [_product(_sku(**{prop: 0}))], PRODUCT_HEADER) == set()


@pytest.mark.parametrize(
    ("prop", "flag"), [("Status", 1), ("Type", 2), ("UnitOfMeasurementType", 7)]
)
def test_3_a_flagged_zero_enum_is_an_error(prop: str, flag: int) -> None:
    header = {**PRODUCT_HEADER, "SkuFieldsThatAreSet": [5, flag]}
    found = linter.lint_bytes(
        json.dumps([_product(_sku(**{prop: 0}))]).encode(),
        kind="norce.products",
        header=json.dumps(header),
    )
    assert any(
        d.severity is Severity.ERROR and d.pointer == f"/0/Variants/0/Skus/0/{prop}" for d in found
    )


@pytest.mark.parametrize("prop", ["Status", "Type", "UnitOfMeasurementType"])
def test_3_a_zero_is_still_no_member_of_the_enum(prop: str) -> None:
    assert "SG003" in _codes("norce.products", [_product(_sku(**{prop: 99}))], PRODUCT_HEADER)


# ---- point 4: .NET defaults of non-nullable value types
DEFAULTED = [
    ("norce.products", lambda v: _product(_sku(IsBuyable=v)), False, True, "NP001"),
    ("norce.products", lambda v: _product(_sku(UnitOfMeasurementCount=v)), 0, 2, "NP001"),
    (
        "norce.products",
        lambda v: {**_product(), "Variants": [{"ManufacturerPartNo": "M", "IsDangerousGoods": v}]},
        False,
        True,
        "NP001",
    ),
    ("norce.prices", lambda v: _price(CostPurchase=v), 0, 80.5, "NL002"),
    ("norce.prices", lambda v: _price(CostUnit=v), 0.0, 92.25, "NL002"),
    ("norce.prices", lambda v: _price(IsPriceDiscountable=v), False, True, "NL002"),
    ("norce.onhands", lambda v: _onhand(OnhandValue=v), 0.0, 5, "NO004"),
    ("norce.relations", lambda v: _relation(IsVariantUnique=v), False, True, "NR003"),
    ("norce.relations", lambda v: _relation(IsRelatedVariantUnique=v), False, True, "NR003"),
    ("norce.relations", lambda v: _relation(IsActive=v), False, True, "NR003"),
]
HEADERS = {
    "norce.products": PRODUCT_HEADER,
    "norce.prices": PRICE_HEADER,
    "norce.onhands": {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": [4]},
    "norce.relations": RELATION_HEADER,
}


@pytest.mark.parametrize(("kind", "build", "default", "other", "code"), DEFAULTED)
def test_4_an_unflagged_dotnet_default_does_not_warn(
    kind: str, build: Any, default: object, other: object, code: str
) -> None:
    assert code not in _codes(kind, [build(default)], HEADERS[kind])


@pytest.mark.parametrize(("kind", "build", "default", "other", "code"), DEFAULTED)
def test_4_an_unflagged_value_other_than_the_default_still_warns(
    kind: str, build: Any, default: object, other: object, code: str
) -> None:
    assert code in _codes(kind, [build(other)], HEADERS[kind])


# ---- point 5: PriceRule null
def test_5_a_null_price_rule_is_accepted_in_json() -> None:
    header = {**PRICE_HEADER, "SkuPriceListFieldsThatAreSet": [3, 12]}
    assert "SG003" not in _codes("norce.prices", [_price(PriceRule=None)], header)


def test_5_a_nil_price_rule_is_accepted_in_datacontract_xml() -> None:
    ns = 'xmlns="Enferno.Services.StormConnect.Contracts.Product.Models" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
    body = (
        f"<ArrayOfSkuPriceList {ns}><SkuPriceList><PartNo>S1</PartNo>"
        '<PriceListCode>STD-SEK</PriceListCode><PriceRule i:nil="true"/>'
        "<PriceSale>199</PriceSale></SkuPriceList></ArrayOfSkuPriceList>"
    ).encode()
    header = {**PRICE_HEADER, "SerializationType": 1}
    found = linter.lint_bytes(
        body, kind="norce.prices", header=json.dumps(header), content_type="xml"
    )
    assert [d.code for d in found if d.severity is Severity.ERROR] == []


# ---- point 7: IgnoreSkuPriceListFieldsWhenEmpty carries 3-13
@pytest.mark.parametrize("code", [9, 11, 12, 13])
def test_7_an_ignore_field_beyond_the_docs_table_is_no_error(code: int) -> None:
    header = {
        **PRICE_HEADER,
        "SkuPriceListFieldsThatAreSet": [3, code],
        "IgnoreSkuPriceListFieldsWhenEmpty": [code],
    }
    found = linter.check_header(json.dumps(header), kind="norce.prices")
    assert [d.code for d in found if d.severity is Severity.ERROR] == []


def test_7_an_ignore_field_beyond_the_docs_table_informs() -> None:
    header = {
        **PRICE_HEADER,
        "SkuPriceListFieldsThatAreSet": [3, 12],
        "IgnoreSkuPriceListFieldsWhenEmpty": [12],
    }
    found = linter.check_header(json.dumps(header), kind="norce.prices")
    assert [(d.code, d.severity) for d in found] == [("NH015", Severity.INFO)]


def test_7_a_code_outside_skupricelistfield_is_still_an_error() -> None:
    header = {**PRICE_HEADER, "IgnoreSkuPriceListFieldsWhenEmpty": [14]}
    found = linter.check_header(json.dumps(header), kind="norce.prices")
    assert any(d.severity is Severity.ERROR for d in found)


# ---- point 8: StorageName is a plain string
@pytest.mark.parametrize(
    ("kind", "header"),
    [
        ("norce.onhands", ONHAND_HEADER),
        ("norce.prices", PRICE_HEADER),
        ("norce.products", PRODUCT_HEADER),
        ("norce.relations", RELATION_HEADER),
    ],
)
def test_8_a_storage_name_that_is_a_file_name_is_accepted(
    kind: str, header: dict[str, Any]
) -> None:
    found = linter.check_header(
        json.dumps({**header, "StorageName": "onhand-20250301.json"}), kind=kind
    )
    assert [d.code for d in found if d.severity is Severity.ERROR] == []


# ---- point 9: contract enum names
@pytest.mark.parametrize(
    ("list_name", "name"),
    [
        ("ProductFieldsThatAreSet", "AdditionalImagesCleanup"),
        ("ProductFieldsThatAreSet", "ParametricsCleanup"),
        ("VariantFieldsThatAreSet", "AdditionalImagesCleanup"),
        ("VariantFieldsThatAreSet", "ParametricsCleanup"),
    ],
)
def test_9_a_contract_field_name_passes_the_schema(list_name: str, name: str) -> None:
    header = {**PRODUCT_HEADER, list_name: [*PRODUCT_HEADER[list_name], name]}
    found = linter.check_header(json.dumps(header), kind="norce.products")
    assert "SG003" not in {d.code for d in found}


@pytest.mark.parametrize(
    ("list_name", "name"),
    [
        ("ProductFieldsThatAreSet", "AdditionalImagesCleanup"),
        ("VariantFieldsThatAreSet", "ParametricsCleanup"),
    ],
)
def test_9_a_contract_field_name_is_no_error(list_name: str, name: str) -> None:
    header = {**PRODUCT_HEADER, list_name: [*PRODUCT_HEADER[list_name], name]}
    found = linter.check_header(json.dumps(header), kind="norce.products")
    assert [d.code for d in found if d.severity is Severity.ERROR] == []


def test_9_a_contract_serialization_type_name_is_no_error() -> None:
    header = {**ONHAND_HEADER, "SerializationType": "Json"}
    found = linter.check_header(json.dumps(header), kind="norce.onhands")
    assert [d.code for d in found if d.severity is Severity.ERROR] == []


def test_9_a_serialization_alias_stands_for_its_member() -> None:
    # DataContractSerializer is XML (1): known (no NH001), and it does not fit a JSON body.
    header = {**ONHAND_HEADER, "SerializationType": "DataContractSerializer"}
    found = linter.check_header(json.dumps(header), kind="norce.onhands")
    assert [d.code for d in found if d.severity is Severity.ERROR] == ["NH007"]


# ---- point 10: required keys and nullability
def test_10_a_standard_price_without_its_keys_is_rejected() -> None:
    header = {**PRODUCT_HEADER, "SkuFieldsThatAreSet": [5, 20], "SkuPriceListFieldsThatAreSet": [3]}
    sku = _sku(StandardPrice={"PartNo": "S1", "PriceSale": 1.0})
    assert "SG003" in _codes("norce.products", [_product(sku)], header)


def test_10_a_null_relation_is_active_is_rejected() -> None:
    header = {**RELATION_HEADER, "RelationFieldsThatAreSet": [1, 12]}
    assert "SG003" in _codes("norce.relations", [_relation(IsActive=None)], header)


def test_10_a_null_category_sort_order_is_rejected() -> None:
    header = {**PRODUCT_HEADER, "ProductFieldsThatAreSet": [3, 4, 6]}
    item = _product(Categories=[{"Code": "C1", "SortOrder": None}])
    assert "SG003" in _codes("norce.products", [item], header)


def test_10_a_null_supplier_id_is_accepted() -> None:
    found = linter.check_header(
        json.dumps({**ONHAND_HEADER, "SupplierId": None}), kind="norce.onhands"
    )
    assert [d.code for d in found if d.severity is Severity.ERROR] == []
