"""The NP rules, through linter.lint_object on ImportProducts bodies."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from linter import Diagnostic, Severity, lint_object
from linter.registry import get_rule

EXAMPLES = Path(__file__).parents[1] / "examples" / "norce"
SEED_HEADER = (EXAMPLES / "product-header.json").read_text(encoding="utf-8").strip()

HEADER: dict[str, Any] = {
    "AccountId": 1,
    "FullFile": False,
    "ProductFieldsThatAreSet": ["ManufacturerCode", "Code", "Variants", "Cultures"],
    "ProductCultureFieldsThatAreSet": ["Name"],
    "VariantFieldsThatAreSet": ["ManufacturerPartNo", "Skus"],
    "SkuFieldsThatAreSet": ["Status", "EanCode", "StandardPrice"],
    "SkuPriceListFieldsThatAreSet": ["PriceSale"],
}


def sku(part_no: str = "S1", **extra: Any) -> dict[str, Any]:
    return {
        "PartNo": part_no,
        "Status": 1,
        "EanCode": "4006381333931",
        "StandardPrice": {"PartNo": part_no, "PriceListCode": "BASE", "PriceSale": 10},
        **extra,
    }


def product(code: str | None = "P1", *skus: dict[str, Any], **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "ManufacturerCode": "ACME",
        "Variants": [{"ManufacturerPartNo": "M1", "Skus": list(skus) or [sku()]}],
        **extra,
    }
    if code is not None:
        found["Code"] = code
    return found


def lint(
    body: list[Any], header: dict[str, Any] | str | None = None, *, use_header: bool = True
) -> list[Diagnostic]:
    chosen = (header if header is not None else HEADER) if use_header else None
    text = chosen if isinstance(chosen, str) or chosen is None else json.dumps(chosen)
    return lint_object(body, kind="norce.products", header=text)


def found(diagnostics: list[Diagnostic], code: str) -> list[str]:
    return [d.pointer for d in diagnostics if d.code == code]


def test_a_clean_catalog_is_clean() -> None:
    body = [product("P1", sku("S1"), sku("S2")), product("P2", sku("S3"))]
    for item in body:
        item["Cultures"] = [{"CultureCode": "sv-SE", "Name": "Stol"}]
    assert lint(body) == []


def test_unflagged_field_is_reported_once_per_field() -> None:
    body = [product("P1", sku("S1", TrackingCode="T")), product("P2", sku("S2", TrackingCode="U"))]
    diagnostics = lint(body)
    assert found(diagnostics, "NP001") == ["/0/Variants/0/Skus/0/TrackingCode"]
    assert all(d.severity is Severity.WARNING for d in diagnostics if d.code == "NP001")


def test_unflagged_container_hides_its_contents() -> None:
    header = {**HEADER, "ProductFieldsThatAreSet": ["ManufacturerCode", "Code", "Variants"]}
    body = [product(Cultures=[{"CultureCode": "sv-SE", "Name": "Stol", "Title": "x"}])]
    assert found(lint(body, header), "NP001") == ["/0/Cultures"]


def test_missing_fields_list_means_nothing_is_set() -> None:
    header = {k: v for k, v in HEADER.items() if k != "SkuPriceListFieldsThatAreSet"}
    diagnostics = lint([product()], header)
    assert found(diagnostics, "NP001") == ["/0/Variants/0/Skus/0/StandardPrice/PriceSale"]


def test_null_values_and_identifiers_are_not_unflagged_fields() -> None:
    header = {
        **HEADER,
        "ProductFieldsThatAreSet": ["Variants"],
        "VariantFieldsThatAreSet": ["Skus"],
    }
    body = [product("P1", sku("S1", TrackingCode=None))]
    assert found(lint(body, header), "NP001") == []


def test_twin_flag_counts_for_its_field() -> None:
    header = {**HEADER, "ProductCultureFieldsThatAreSet": ["NameCreateOnly"]}
    body = [product(Cultures=[{"CultureCode": "sv-SE", "Name": "Stol"}])]
    assert found(lint(body, header), "NP001") == []


def test_flagged_but_absent_is_one_info_per_field() -> None:
    body = [product("P1", {"PartNo": "S1", "Status": 1}, {"PartNo": "S2", "Status": 1})]
    diagnostics = [d for d in lint(body) if d.code == "NP002"]
    assert [d.pointer for d in diagnostics] == [
        "/0",
        "/0/Variants/0/Skus/0",
        "/0/Variants/0/Skus/0",
    ]
    assert "Cultures" in diagnostics[0].message
    assert {d.severity for d in diagnostics} == {Severity.INFO}
    assert {"EanCode" in d.message or "StandardPrice" in d.message for d in diagnostics[1:]} == {
        True
    }


def test_code_required_when_flagged_or_full_file() -> None:
    assert found(lint([product(None)]), "NP003") == ["/0"]
    no_code_flag = {**HEADER, "ProductFieldsThatAreSet": ["ManufacturerCode", "Variants"]}
    assert found(lint([product(None)], no_code_flag), "NP003") == []
    full_file = {**no_code_flag, "FullFile": True}
    diagnostics = lint([product(None)], full_file)
    assert found(diagnostics, "NP003") == ["/0"]
    assert "FullFile" in next(d.message for d in diagnostics if d.code == "NP003")
    assert found(lint([product("")]), "NP003") == ["/0"]


def test_sku_identity() -> None:
    anonymous = {"Status": 1}
    by_manufacturer = [product("P1", anonymous)]
    assert found(lint(by_manufacturer, use_header=False), "NP004") == []
    no_mpn = product("P1", anonymous)
    del no_mpn["Variants"][0]["ManufacturerPartNo"]
    assert found(lint([no_mpn], use_header=False), "NP004") == ["/0/Variants/0/Skus/0"]
    no_manufacturer = product("P1", anonymous)
    no_manufacturer["ManufacturerCode"] = " "
    assert found(lint([no_manufacturer], use_header=False), "NP004") == ["/0/Variants/0/Skus/0"]


def test_part_no_twice_across_products() -> None:
    body = [product("P1", sku("S1")), product("P2", sku("S2"), sku("S1"))]
    diagnostics = lint(body, use_header=False)
    assert found(diagnostics, "NP005") == ["/1/Variants/0/Skus/1/PartNo"]
    assert "product /0 (its SKU number 1)" in next(
        d.message for d in diagnostics if d.code == "NP005"
    )


def test_standard_price_of_another_sku() -> None:
    bad = sku("S1")
    bad["StandardPrice"]["PartNo"] = "S9"
    assert found(lint([product("P1", bad)], use_header=False), "NP006") == [
        "/0/Variants/0/Skus/0/StandardPrice/PartNo"
    ]
    assert found(lint([product("P1", sku("S1"))], use_header=False), "NP006") == []


def test_product_code_twice() -> None:
    body = [product("P1", sku("S1")), product("P2", sku("S2")), product("P1", sku("S3"))]
    assert found(lint(body, use_header=False), "NP007") == ["/2/Code"]


def test_culture_codes_everywhere_in_a_product() -> None:
    body = [
        product(
            Cultures=[{"CultureCode": "sv-SE", "Name": "a"}, {"CultureCode": "en", "Name": "b"}],
            ProductParametrics=[
                {"ParametricCode": "C", "Cultures": [{"CultureCode": "EN-gb", "ValueText": "x"}]}
            ],
        )
    ]
    assert found(lint(body, use_header=False), "NP008") == [
        "/0/Cultures/1/CultureCode",
        "/0/ProductParametrics/0/Cultures/0/CultureCode",
    ]


def test_price_checks_on_standard_price() -> None:
    price = {
        "PartNo": "S1",
        "PriceListCode": "BASE",
        "PriceSale": -1,
        "CostUnit": 2,
        "CurrencyCode": "sek",
        "PriceRuleValue": 5,
        "QuantityBreak": -2,
    }
    body = [product("P1", sku("S1", StandardPrice=price))]
    diagnostics = lint(body, use_header=False)
    base = "/0/Variants/0/Skus/0/StandardPrice"
    assert found(diagnostics, "NP009") == [f"{base}/CurrencyCode"]
    assert found(diagnostics, "NP010") == [f"{base}/PriceRuleValue"]
    assert sorted(found(diagnostics, "NP011")) == [f"{base}/PriceSale", f"{base}/QuantityBreak"]
    clean = {
        "PartNo": "S1",
        "PriceListCode": "BASE",
        "PriceSale": 0,
        "CurrencyCode": "SEK",
        "PriceRule": 7,
        "PriceRuleValue": 5,
    }
    diagnostics = lint([product("P1", sku("S1", StandardPrice=clean))], use_header=False)
    assert not [d for d in diagnostics if d.code in {"NP009", "NP010", "NP011", "SG003"}]


@pytest.mark.parametrize(
    ("rule", "bad"), [(13, True), (0, True), (2.5, True), (12, False), (1, False)]
)
def test_price_rule_outside_1_to_12(rule: object, bad: bool) -> None:
    price = {"PartNo": "S1", "PriceListCode": "BASE", "PriceRule": rule}
    diagnostics = lint([product("P1", sku("S1", StandardPrice=price))], use_header=False)
    pointer = "/0/Variants/0/Skus/0/StandardPrice/PriceRule"
    assert found(diagnostics, "NP017") == ([pointer] if bad else [])


def test_negative_sku_quantities() -> None:
    body = [product("P1", sku("S1", LogisticWidth=-1, RecommendedSalesQty=0))]
    assert found(lint(body, use_header=False), "NP012") == ["/0/Variants/0/Skus/0/LogisticWidth"]


def test_ignore_when_empty_drops_the_price() -> None:
    header = {
        **HEADER,
        "SkuPriceListFieldsThatAreSet": ["PriceSale", "PriceRecommended"],
        "IgnoreSkuPriceListFieldsWhenEmpty": ["PriceRecommended"],
    }
    diagnostics = lint([product("P1", sku("S1"))], header)
    assert found(diagnostics, "NP013") == ["/0/Variants/0/Skus/0/StandardPrice"]
    priced = sku("S1")
    priced["StandardPrice"]["PriceRecommended"] = 12
    assert found(lint([product("P1", priced)], header), "NP013") == []
    nulled = sku("S1")
    nulled["StandardPrice"]["PriceRecommended"] = None
    assert found(lint([product("P1", nulled)], header), "NP013") == [
        "/0/Variants/0/Skus/0/StandardPrice"
    ]


def test_ignore_when_empty_skips_prices_norce_does_not_read() -> None:
    header = {
        **HEADER,
        "SkuFieldsThatAreSet": ["Status"],
        "SkuPriceListFieldsThatAreSet": ["PriceRecommended"],
        "IgnoreSkuPriceListFieldsWhenEmpty": ["PriceRecommended"],
    }
    assert found(lint([product("P1", sku("S1"))], header), "NP013") == []


@pytest.mark.parametrize(
    ("values", "bad"),
    [
        ({"ValueDecimal": 1.5}, False),
        ({"Cultures": [{"CultureCode": "sv-SE", "ValueText": "röd"}]}, False),
        ({"ValueList": {"Code": "RED"}}, False),
        ({"ValueBoolean": False, "ValueInteger": None}, False),
        ({}, True),
        ({"MultipleValueList": []}, True),
        ({"ValueDecimal": 1.5, "ValueInteger": 2}, True),
        ({"ValueList": {"Code": "RED"}, "MultipleValueList": [{"Code": "BLUE"}]}, True),
    ],
)
def test_parametric_value_kinds(values: dict[str, Any], bad: bool) -> None:
    body = [
        product(VariantParametrics=None, ProductParametrics=[{"ParametricCode": "C", **values}])
    ]
    assert found(lint(body, use_header=False), "NP014") == (
        ["/0/ProductParametrics/0"] if bad else []
    )


def test_variant_parametrics_are_checked_too() -> None:
    body = [product()]
    body[0]["Variants"][0]["VariantParametrics"] = [{"ParametricCode": "C"}]
    assert found(lint(body, use_header=False), "NP014") == ["/0/Variants/0/VariantParametrics/0"]


def test_ean_check_digit() -> None:
    body = [product("P1", sku("S1", EanCode="4006381333932"), sku("S2", EanCode="96385074"))]
    assert found(lint(body, use_header=False), "NP015") == ["/0/Variants/0/Skus/0/EanCode"]


def test_deprecated_volume_weight() -> None:
    body = [product("P1", sku("S1", VolumeWeight=3))]
    assert found(lint(body, use_header=False), "NP016") == ["/0/Variants/0/Skus/0/VolumeWeight"]


def test_seed_header_with_a_payload_it_fits_lints_clean() -> None:
    variant_culture = {"CultureCode": "sv-SE", "Name": "Stol", "Description": "En stol"}
    body = [
        {
            "ManufacturerCode": "ACME",
            "ManufacturerName": "Acme",
            "Categories": [{"Code": "CHAIRS"}],
            "Variants": [
                {
                    "ManufacturerPartNo": "M1",
                    "Cultures": [variant_culture],
                    "Skus": [
                        {
                            "PartNo": "S1",
                            "Status": 1,
                            "Type": 1,
                            "UnitOfMeasurementType": 1,
                            "UnitOfMeasurementCount": 1,
                            "VatRates": [],
                            "Cultures": [{"CultureCode": "sv-SE", "ErpName": "STOL"}],
                            "StandardPrice": {
                                "PartNo": "S1",
                                "PriceListCode": "BASE",
                                "CostUnit": 40,
                                "PriceRecommended": 99,
                                "IsActive": True,
                            },
                        }
                    ],
                }
            ],
        }
    ]
    diagnostics = lint(body, SEED_HEADER)
    assert [(d.code, d.severity) for d in diagnostics] == [("NH014", Severity.INFO)]


def test_kept_seed_product_payload_has_no_error_under_the_printed_header() -> None:
    body = json.loads((EXAMPLES / "import-products.json").read_text(encoding="utf-8"))
    diagnostics = lint(body, SEED_HEADER)
    assert [(d.code, d.pointer) for d in diagnostics if d.severity is Severity.ERROR] == []


def test_rules_do_not_raise_on_odd_shapes() -> None:
    odd: list[Any] = [
        1,
        "x",
        None,
        {"Variants": "no"},
        {"Variants": [None, 3, {"Skus": {"PartNo": "S"}}]},
        {"Variants": [{"Skus": [{"StandardPrice": [1], "EanCode": 4006381333931}]}]},
        {"ProductParametrics": [{"ValueList": 3}]},
    ]
    diagnostics = lint(copy.deepcopy(odd))
    assert not [d for d in diagnostics if d.code == "SG000"]


def test_every_product_rule_exists() -> None:
    for number in range(1, 18):
        assert get_rule(f"NP{number:03d}") is not None
