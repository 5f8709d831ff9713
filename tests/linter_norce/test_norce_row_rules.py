"""The NO, NL and NR rules, through linter.lint_object on row-shaped Norce bodies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linter import Diagnostic, Severity, lint_bytes, lint_object

EXAMPLES = Path(__file__).parents[1] / "examples" / "norce"


def lint(kind: str, body: list[Any], header: dict[str, Any] | None = None) -> list[Diagnostic]:
    text = json.dumps(header) if header is not None else None
    return lint_object(body, kind=kind, header=text)


def found(diagnostics: list[Diagnostic], code: str) -> list[str]:
    return [d.pointer for d in diagnostics if d.code == code]


# --- on-hands ------------------------------------------------------------------------

ONHAND_HEADER: dict[str, Any] = {
    "AccountId": 1,
    "FullFile": False,
    "SkuOnhandFieldsThatAreSet": ["OnhandValue", "IncomingValue"],
}


def onhand(
    part_no: str = "A1", warehouse: str = "W1", location: str = "L1", **extra: Any
) -> dict[str, Any]:
    return {
        "PartNo": part_no,
        "WarehouseCode": warehouse,
        "LocationCode": location,
        "OnhandValue": 1,
        "IncomingValue": 0,
        **extra,
    }


def test_clean_onhands() -> None:
    body = [onhand("A1"), onhand("A1", "W2"), onhand("A1", "W1", "L2"), onhand("A2")]
    assert lint("norce.onhands", body, ONHAND_HEADER) == []


def test_onhand_duplicate_key() -> None:
    body = [onhand("A1"), onhand("A2"), onhand("A1", OnhandValue=5), onhand("A1")]
    diagnostics = lint("norce.onhands", body, ONHAND_HEADER)
    assert found(diagnostics, "NO001") == ["/2", "/3"]
    assert all("/0" in d.message for d in diagnostics if d.code == "NO001")


def test_onhand_key_is_case_sensitive_and_needs_all_parts() -> None:
    body = [onhand("A1"), onhand("a1"), {"PartNo": "A1", "WarehouseCode": "W1"}]
    assert found(lint("norce.onhands", body), "NO001") == []


@pytest.mark.parametrize(
    ("minimum", "maximum", "bad"),
    [(10, 5, True), (5.5, 5, True), (5, 5, False), (1, 9, False), (10, None, False)],
)
def test_onhand_minimum_above_maximum(minimum: float, maximum: float | None, bad: bool) -> None:
    body = [onhand(MinimumValue=minimum, MaximumValue=maximum)]
    assert found(lint("norce.onhands", body), "NO002") == (["/0/MinimumValue"] if bad else [])


def test_onhand_deprecated_on_order_value() -> None:
    assert found(lint("norce.onhands", [onhand(OnOrderValue=3)]), "NO003") == ["/0/OnOrderValue"]
    assert found(lint("norce.onhands", [onhand(OnOrderValue=None)]), "NO003") == []


def test_onhand_flags_against_fields() -> None:
    body = [onhand(IsActive=True), onhand("A2", IsActive=False)]
    diagnostics = lint("norce.onhands", body, ONHAND_HEADER)
    assert found(diagnostics, "NO004") == ["/0/IsActive"]
    header = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": [3, 4, 10, 11]}
    diagnostics = lint("norce.onhands", [onhand(IsActive=True)], header)
    assert found(diagnostics, "NO004") == []
    assert found(diagnostics, "NO005") == ["/0"]
    assert "Infos" in next(d.message for d in diagnostics if d.code == "NO005")


def test_onhand_negative_quantities_are_warnings() -> None:
    body = [onhand(OnhandValue=-1, LeadTimeDayCount=-2), onhand("A2", OnhandValue=0)]
    diagnostics = [d for d in lint("norce.onhands", body) if d.code == "NO006"]
    assert [d.pointer for d in diagnostics] == ["/0/OnhandValue", "/0/LeadTimeDayCount"]
    assert {d.severity for d in diagnostics} == {Severity.WARNING}


def test_onhand_xml_body_runs_the_same_rules() -> None:
    xml = (
        b"<ArrayOfSkuOnhand>"
        b"<SkuOnhand><LocationCode>L</LocationCode><PartNo>A</PartNo>"
        b"<WarehouseCode>W</WarehouseCode><OnhandValue>1</OnhandValue>"
        b"<MinimumValue>9</MinimumValue><MaximumValue>3</MaximumValue></SkuOnhand>"
        b"<SkuOnhand><LocationCode>L</LocationCode><PartNo>A</PartNo>"
        b"<WarehouseCode>W</WarehouseCode><OnhandValue>2</OnhandValue></SkuOnhand>"
        b"</ArrayOfSkuOnhand>"
    )
    header = (
        '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3,8,9],"SerializationType":1}'
    )
    diagnostics = lint_bytes(xml, kind="norce.onhands", header=header, content_type="xml")
    codes = {d.code for d in diagnostics}
    assert {"NO001", "NO002"} <= codes
    assert "NH007" not in codes
    assert "NH002" not in codes


@pytest.mark.parametrize(
    ("price_rule", "errors"), [("FixedPrice", set()), ("FixedPrize", {"SG003"})]
)
def test_xml_enum_values_are_member_names(price_rule: str, errors: set[str]) -> None:
    xml = (
        b"<ArrayOfSkuPriceList><SkuPriceList><PartNo>A</PartNo><PriceListCode>STD</PriceListCode>"
        b"<PriceRule>" + price_rule.encode() + b"</PriceRule><PriceSale>10</PriceSale>"
        b"</SkuPriceList></ArrayOfSkuPriceList>"
    )
    header = '{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3,12]}'
    diagnostics = lint_bytes(xml, kind="norce.prices", header=header, content_type="xml")
    assert {d.code for d in diagnostics if d.severity is Severity.ERROR} == errors


def test_seed_onhand_payload_has_only_documented_warnings() -> None:
    body = json.loads((EXAMPLES / "import-onhands.json").read_text(encoding="utf-8"))
    header = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": [3, 4, 5, 6, 8, 9, 10, 11]}
    diagnostics = lint("norce.onhands", body, header)
    assert {(d.code, d.pointer) for d in diagnostics} == {
        ("NO003", "/0/OnOrderValue"),
        ("NO004", "/0/OnOrderValue"),
    }


# --- prices --------------------------------------------------------------------------

PRICE_HEADER: dict[str, Any] = {
    "AccountId": 1,
    "FullFile": False,
    "SkuPriceListFieldsThatAreSet": ["PriceSale", "IsActive"],
}


def price(part_no: str = "A1", price_list: str = "BASE", **extra: Any) -> dict[str, Any]:
    return {
        "PartNo": part_no,
        "PriceListCode": price_list,
        "PriceSale": 10,
        "IsActive": True,
        **extra,
    }


def test_clean_prices() -> None:
    body = [price("A1"), price("A1", "OUTLET"), price("A1", QuantityBreak=10), price("A2")]
    assert lint("norce.prices", body, PRICE_HEADER) == []


def test_price_duplicate_key_with_quantity_break() -> None:
    body = [
        price("A1"),
        price("A1", QuantityBreak=0),
        price("A1", QuantityBreak=5),
        price("A1", QuantityBreak=5),
        price("A1", "OUTLET"),
    ]
    assert found(lint("norce.prices", body), "NL001") == ["/1", "/3"]


def test_price_flags_against_fields() -> None:
    body = [price(PriceCatalog=20, CurrencyCode="SEK")]
    diagnostics = lint("norce.prices", body, PRICE_HEADER)
    assert found(diagnostics, "NL002") == ["/0/PriceCatalog"]
    assert found(
        lint("norce.prices", [{"PartNo": "A", "PriceListCode": "B", "PriceSale": 1}], PRICE_HEADER),
        "NL003",
    ) == ["/0"]


@pytest.mark.parametrize(
    ("row", "bad"),
    [
        ({"PriceSale": 10}, False),
        ({"PriceSale": None}, True),
        ({"PriceSale": 0}, False),
        ({}, True),
    ],
)
def test_price_ignored_when_a_mandatory_field_is_empty(row: dict[str, Any], bad: bool) -> None:
    header = {**PRICE_HEADER, "IgnoreSkuPriceListFieldsWhenEmpty": ["PriceSale"]}
    body = [{"PartNo": "A1", "PriceListCode": "BASE", "IsActive": True, **row}]
    diagnostics = lint("norce.prices", body, header)
    assert found(diagnostics, "NL004") == (["/0"] if bad else [])


@pytest.mark.parametrize(
    ("code", "bad"), [("SEK", False), ("NOK", False), ("Sek", True), ("KR", True), ("HRK", True)]
)
def test_price_currency(code: str, bad: bool) -> None:
    diagnostics = lint("norce.prices", [price(CurrencyCode=code)])
    assert found(diagnostics, "NL005") == (["/0/CurrencyCode"] if bad else [])


def test_price_rule_value_without_rule_and_negatives() -> None:
    body = [
        price(PriceRuleValue=5),
        price("A2", PriceRule=1, PriceRuleValue=5),
        price("A3", PriceSale=-1, CostPurchase=-0.01),
    ]
    diagnostics = lint("norce.prices", body)
    assert found(diagnostics, "NL006") == ["/0/PriceRuleValue"]
    assert found(diagnostics, "NL007") == ["/2/PriceSale", "/2/CostPurchase"]


def test_price_rule_outside_range_is_the_schemas() -> None:
    diagnostics = lint("norce.prices", [price(PriceRule=13)])
    assert found(diagnostics, "SG003") == ["/0/PriceRule"]


def test_kept_seed_price_payload_lints_clean() -> None:
    body = json.loads((EXAMPLES / "import-sku-price-lists.json").read_text(encoding="utf-8"))
    header = {**PRICE_HEADER, "SkuPriceListFieldsThatAreSet": [3, 4, 5, 6, 7, 8, 9, 10, 12]}
    diagnostics = lint("norce.prices", body, header)
    assert [(d.code, d.pointer) for d in diagnostics] == []


# --- relations -----------------------------------------------------------------------

RELATION_HEADER: dict[str, Any] = {
    "AccountId": 1,
    "FullFile": False,
    "RelationFieldsThatAreSet": ["IsActive", "Cultures"],
    "RelationCultureFieldsThatAreSet": ["Name"],
}


def relation(
    part_no: str = "A1", related: str = "B1", kind: str = "ACC", **extra: Any
) -> dict[str, Any]:
    return {
        "PartNo": part_no,
        "RelatedPartNo": related,
        "RelationTypeCode": kind,
        "IsActive": True,
        "Cultures": [{"CultureCode": "sv-SE", "Name": "Passar"}],
        **extra,
    }


def test_clean_relations() -> None:
    body = [relation(), relation("A1", "B2"), relation("A1", "B1", "ALT"), relation("B1", "A1")]
    assert lint("norce.relations", body, RELATION_HEADER) == []


def test_relation_to_itself() -> None:
    assert found(lint("norce.relations", [relation("A1", "A1")]), "NR001") == ["/0/RelatedPartNo"]
    assert found(lint("norce.relations", [relation("A1", "a1")]), "NR001") == []


def test_relation_twice() -> None:
    body = [relation(), relation("A1", "B2"), relation(IsActive=False)]
    assert found(lint("norce.relations", body), "NR002") == ["/2"]


def test_relation_flags_against_fields() -> None:
    body = [
        relation(SortOrder=2, Cultures=[{"CultureCode": "sv-SE", "Name": "a", "SubHeader": "b"}])
    ]
    diagnostics = lint("norce.relations", body, RELATION_HEADER)
    assert sorted(found(diagnostics, "NR003")) == ["/0/Cultures/0/SubHeader", "/0/SortOrder"]
    header = {**RELATION_HEADER, "RelationFieldsThatAreSet": ["IsActive", "Cultures", "SortOrder"]}
    assert found(lint("norce.relations", [relation()], header), "NR004") == ["/0"]


def test_relation_culture_codes() -> None:
    body = [relation(Cultures=[{"CultureCode": "sv-SE"}, {"CultureCode": "sv"}])]
    assert found(lint("norce.relations", body), "NR005") == ["/0/Cultures/1/CultureCode"]


def test_seed_relation_payload_findings_are_its_placeholders() -> None:
    body = json.loads((EXAMPLES / "import-relations.seed.json").read_text(encoding="utf-8"))
    header = {
        **RELATION_HEADER,
        "RelationFieldsThatAreSet": [1, 2, 4, 11, 12],
        "RelationCultureFieldsThatAreSet": [1, 3, 4, 5, 6],
    }
    diagnostics = lint("norce.relations", body, header)
    assert {(d.code, d.pointer) for d in diagnostics} == {
        ("NR001", "/0/RelatedPartNo"),
        ("NR005", "/0/Cultures/0/CultureCode"),
    }
