"""The Unleashed StockOnHand spec accepts every example of the docs and rejects malformed ones."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import pytest
import schemathesis
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from linter import specs

EXAMPLES = Path(__file__).parent / "examples" / "unleashed"
BASE_URI = "urn:skuguard:openapi:unleashed"
NAMESPACE = "http://api.unleashedsoftware.com/version/1"
MS_DATE = re.compile(r"^/Date\((-?[0-9]+)\)/$")

# example file stem -> the schema of its body
EXAMPLE_SCHEMAS = {
    "stock-on-hand-list": "StockOnHandList",
    "stock-on-hand": "StockOnHand",
    "all-warehouses": "AllWarehousesList",
}

# Where the doc's own XML and JSON examples disagree (XML says 93, JSON says 75).
DOC_INCONSISTENCIES = {("stock-on-hand", "AvailableQty")}

DELETE = object()
UUID = "7fc624f7-738a-4e95-aed1-758662372899"


def _spec() -> Mapping[str, Any]:
    return specs.spec_view("unleashed")


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def validator_at(json_pointer: str) -> Draft202012Validator:
    resource: Resource[Any] = Resource.from_contents(
        specs.load_spec("unleashed"), default_specification=DRAFT202012
    )
    return Draft202012Validator(
        {"$ref": f"{BASE_URI}#{json_pointer}"},
        registry=Registry().with_resource(BASE_URI, resource),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def validator(schema_name: str) -> Draft202012Validator:
    specs.schema("unleashed", schema_name)
    return validator_at(_pointer("components", "schemas", schema_name))


def error_messages(check: Draft202012Validator, document: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(document)]


def load_json(stem: str, **options: Any) -> Any:
    return json.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), **options)


def load_xml(stem: str) -> Element:
    root: Element = SafeET.fromstring((EXAMPLES / f"{stem}.xml").read_bytes())
    return root


def _node(json_pointer: str) -> Mapping[str, Any]:
    node: Any = _spec()
    for token in json_pointer.split("/")[1:]:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return dict(node)


def _resolved(json_pointer: str) -> tuple[str, Mapping[str, Any]]:
    """Follow `$ref`s from a node; return the final pointer and node."""
    node = _node(json_pointer)
    for _ in range(10):
        if "$ref" not in node:
            return json_pointer, node
        json_pointer = node["$ref"].removeprefix("#")
        node = _node(json_pointer)
    raise AssertionError(f"$ref chain too long at {json_pointer}")


def _local(tag: str) -> str:
    assert tag.startswith(f"{{{NAMESPACE}}}"), f"{tag} is not in the Unleashed namespace"
    return tag.split("}", 1)[1]


def _children(schema_pointer: str) -> dict[str, str]:
    """XML element name -> schema pointer, for the properties of an object schema."""
    object_at, node = _resolved(schema_pointer)
    names: dict[str, str] = {}
    for name, prop in node["properties"].items():
        at, target = _resolved(object_at + _pointer("properties", name))
        if target.get("type") == "array" and not target.get("xml", {}).get("wrapped", False):
            item_at, item = _resolved(f"{at}/items")
            names[item.get("xml", {}).get("name", name)] = item_at
        else:
            element = prop.get("xml", {}).get("name") or target.get("xml", {}).get("name") or name
            names[element] = at
    return names


def _admits_null(schema_pointer: str) -> bool:
    return validator_at(schema_pointer).is_valid(None)


def _check_element(element: Element, schema_pointer: str, place: str) -> None:
    expected = _children(schema_pointer)
    present = [_local(child.tag) for child in element]
    unknown = set(present) - set(expected)
    assert not unknown, f"{place}: elements {sorted(unknown)} are not properties of the schema"
    for name in set(expected) - set(present):
        assert _admits_null(expected[name]), f"{place}: non-nullable {name} is missing"
    for child in element:
        child_at, child_schema = _resolved(expected[_local(child.tag)])
        if child_schema.get("type") == "object":
            _check_element(child, child_at, f"{place}/{_local(child.tag)}")


def _xml_values(element: Element) -> dict[str, str]:
    return {_local(child.tag): (child.text or "").strip() for child in element}


def _assert_same_value(xml_text: str, json_value: object, place: str) -> None:
    if place.endswith("LastModifiedOn"):
        assert isinstance(json_value, str)
        found = MS_DATE.match(json_value)
        assert found is not None, place
        instant = dt.datetime.fromtimestamp(int(found.group(1)) / 1000, dt.UTC)
        assert dt.datetime.fromisoformat(xml_text).replace(tzinfo=dt.UTC) == instant, place
    elif isinstance(json_value, Decimal | int) and not isinstance(json_value, bool):
        assert Decimal(xml_text) == json_value, place
    else:
        assert xml_text == json_value, place


# --- the seed examples ---------------------------------------------------------------------


@pytest.mark.parametrize(("stem", "schema_name"), sorted(EXAMPLE_SCHEMAS.items()))
def test_json_examples_validate(stem: str, schema_name: str) -> None:
    assert error_messages(validator(schema_name), load_json(stem)) == []


@pytest.mark.parametrize(("stem", "schema_name"), sorted(EXAMPLE_SCHEMAS.items()))
def test_xml_examples_have_exactly_the_schemas_elements(stem: str, schema_name: str) -> None:
    root = load_xml(stem)
    schema_pointer = _pointer("components", "schemas", schema_name)
    xml = specs.schema("unleashed", schema_name)["xml"]
    assert root.tag == f"{{{xml['namespace']}}}{xml['name']}"
    _check_element(root, schema_pointer, stem)


@pytest.mark.parametrize("stem", sorted(EXAMPLE_SCHEMAS))
def test_xml_and_json_examples_carry_the_same_values(stem: str) -> None:
    document = load_json(stem, parse_float=Decimal)
    root = load_xml(stem)
    if "Items" in document:
        rows = [child for child in root if _local(child.tag) != "Pagination"]
        assert len(rows) == len(document["Items"])
        pairs = list(zip(rows, document["Items"], strict=True))
        pagination = [child for child in root if _local(child.tag) == "Pagination"]
        if "Pagination" in document:
            pairs += [(pagination[0], document["Pagination"])]
    else:
        pairs = [(root, document)]
    compared = 0
    for element, item in pairs:
        for name, text in _xml_values(element).items():
            if (stem, name) in DOC_INCONSISTENCIES:
                assert Decimal(text) != item[name], f"{stem}/{name} is no longer inconsistent"
                continue
            _assert_same_value(text, item[name], f"{stem}/{name}")
            compared += 1
    assert compared >= 3


def test_json_dates_use_the_ms_date_form() -> None:
    pattern = specs.schema("unleashed", "MsDate")["pattern"]
    dates = [row["LastModifiedOn"] for row in load_json("stock-on-hand-list")["Items"]]
    dates.append(load_json("stock-on-hand")["LastModifiedOn"])
    assert len(dates) == 3
    assert all(re.search(pattern, date) and MS_DATE.match(date) for date in dates)


# --- hand-made documents -------------------------------------------------------------------


def _mutated(stem: str, path: tuple[str | int, ...], value: object) -> Any:
    document = copy.deepcopy(load_json(stem))
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


LIST = "stock-on-hand-list"
ONE = "stock-on-hand"
ALL = "all-warehouses"


@pytest.mark.parametrize(
    ("stem", "path", "value"),
    [
        pytest.param(ONE, ("LastModifiedOn",), None, id="null-date"),
        pytest.param(ONE, ("LastModifiedOn",), "/Date(1475974223960+0000)/", id="date-offset"),
        pytest.param(ONE, ("LastModifiedOn",), "/Date(1475974223960-0500)/", id="date-neg-offset"),
        pytest.param(ONE, ("LastModifiedOn",), "/Date(-86400000)/", id="date-before-1970"),
        pytest.param(ONE, ("DaysSinceLastSale",), None, id="null-days"),
        pytest.param(ONE, ("ProductSourceId",), "ERP-1", id="source-id"),
        pytest.param(ONE, ("WarehouseId",), UUID, id="warehouse-guid"),
        pytest.param(ONE, ("WarehouseCode",), "W" * 15, id="code-15"),
        pytest.param(ONE, ("QtyOnHand",), -2.5, id="negative-qty"),
        pytest.param(ONE, ("ExtraField",), 1, id="extra-field"),
        pytest.param(LIST, ("Items",), [], id="empty-page"),
    ],
)
def test_edge_documents_are_accepted(stem: str, path: tuple[str | int, ...], value: object) -> None:
    document = _mutated(stem, path, value)
    assert error_messages(validator(EXAMPLE_SCHEMAS[stem]), document) == []


@pytest.mark.parametrize(
    ("stem", "path", "value"),
    [
        pytest.param(LIST, ("Pagination", "NumberOfItems"), "2", id="items-count-string"),
        pytest.param(LIST, ("Pagination", "NumberOfItems"), 2.5, id="items-count-fraction"),
        pytest.param(LIST, ("Pagination", "NumberOfItems"), -1, id="items-count-negative"),
        pytest.param(LIST, ("Pagination", "PageSize"), 1001, id="page-size-over"),
        pytest.param(LIST, ("Pagination", "PageNumber"), 0, id="page-zero"),
        pytest.param(LIST, ("Pagination", "NumberOfPages"), DELETE, id="no-page-count"),
        pytest.param(LIST, ("Pagination",), DELETE, id="no-pagination"),
        pytest.param(LIST, ("Items",), DELETE, id="no-items"),
        pytest.param(LIST, ("Items",), {"0": {}}, id="items-object"),
        pytest.param(LIST, ("Items", 0, "Guid"), "not-a-guid", id="bad-guid"),
        pytest.param(LIST, ("Items", 1, "ProductGuid"), DELETE, id="no-product-guid"),
        pytest.param(ONE, ("LastModifiedOn",), "2016-10-08T20:31:25.963", id="iso-date"),
        pytest.param(ONE, ("LastModifiedOn",), "/Date(abc)/", id="date-letters"),
        pytest.param(ONE, ("LastModifiedOn",), "/Date(1475974223960)", id="date-unclosed"),
        pytest.param(ONE, ("LastModifiedOn",), "Date(1475974223960)", id="date-no-slashes"),
        pytest.param(ONE, ("LastModifiedOn",), "/Date(1475974223960+00)/", id="date-short-offset"),
        pytest.param(ONE, ("LastModifiedOn",), 1475974223960, id="date-number"),
        pytest.param(ONE, ("LastModifiedOn",), DELETE, id="no-date"),
        pytest.param(ONE, ("DaysSinceLastSale",), "12", id="days-string"),
        pytest.param(ONE, ("DaysSinceLastSale",), 1.5, id="days-fraction"),
        pytest.param(ONE, ("AvailableQty",), "75", id="qty-string"),
        pytest.param(ONE, ("AvailableQty",), None, id="qty-null"),
        pytest.param(ONE, ("WarehouseId",), "abc", id="warehouse-not-guid"),
        pytest.param(ONE, ("WarehouseId",), None, id="warehouse-null"),
        pytest.param(ONE, ("ProductGroupName",), None, id="group-null"),
        pytest.param(ONE, ("ProductCode",), "P" * 101, id="code-101"),
        pytest.param(ONE, ("ProductDescription",), "D" * 501, id="description-501"),
        pytest.param(ONE, ("ProductGroupName",), "G" * 451, id="group-451"),
        pytest.param(ONE, ("ProductSourceId",), "S" * 501, id="source-501"),
        pytest.param(ONE, ("Warehouse",), "W" * 101, id="warehouse-101"),
        pytest.param(ONE, ("WarehouseCode",), "W" * 16, id="warehouse-code-16"),
        pytest.param(ONE, ("ProductSourceId",), DELETE, id="no-source-id"),
        pytest.param(ALL, ("Items", 0, "WarehouseId"), "", id="per-warehouse-empty-id"),
        pytest.param(ALL, ("Items", 0, "AvailableQty"), DELETE, id="per-warehouse-no-qty"),
        pytest.param(ALL, ("Items", 1, "Warehouse"), 5, id="per-warehouse-name-number"),
        pytest.param(ALL, ("Items",), DELETE, id="all-no-items"),
    ],
)
def test_malformed_documents_are_rejected(
    stem: str, path: tuple[str | int, ...], value: object
) -> None:
    document = _mutated(stem, path, value)
    assert error_messages(validator(EXAMPLE_SCHEMAS[stem]), document) != []


# --- operations, parameters, security, links -----------------------------------------------


def _operations() -> dict[str, Mapping[str, Any]]:
    return {
        operation["operationId"]: operation
        for item in _spec()["paths"].values()
        for operation in item.values()
    }


def _parameter_names(operation: Mapping[str, Any]) -> set[str]:
    parameters = _spec()["components"]["parameters"]
    return {parameters[p["$ref"].rsplit("/", 1)[1]]["name"] for p in operation["parameters"]}


def test_paths_and_operation_ids() -> None:
    paths = _spec()["paths"]
    assert {path: list(item) for path, item in paths.items()} == {
        "/StockOnHand": ["get"],
        "/StockOnHand/Page/{pageNumber}": ["get"],
        "/StockOnHand/{productGuid}": ["get"],
        "/StockOnHand/{productGuid}/AllWarehouses": ["get"],
    }
    assert set(_operations()) == {
        "listStockOnHand",
        "listStockOnHandPage",
        "getStockOnHand",
        "getStockOnHandAllWarehouses",
    }
    page = paths["/StockOnHand/Page/{pageNumber}"]["get"]
    assert page["x-skuguard-alias-paths"] == ["/StockOnHand/{pageNumber}"]
    assert "x-skuguard-note" in page


def test_filters_per_operation() -> None:
    filters = {"asAtDate", "isAssembled", "warehouseCode", "warehouseName", "client-type"}
    listing = filters | {"modifiedSince", "orderBy", "productId", "pageSize"}
    operations = _operations()
    assert _parameter_names(operations["listStockOnHand"]) == listing
    assert _parameter_names(operations["listStockOnHandPage"]) == listing | {"pageNumber"}
    assert _parameter_names(operations["getStockOnHand"]) == filters | {"productGuid"}
    assert _parameter_names(operations["getStockOnHandAllWarehouses"]) == {
        "asAtDate",
        "isAssembled",
        "client-type",
        "productGuid",
    }


@pytest.mark.parametrize(
    ("parameter", "accepted", "rejected"),
    [
        ("asAtDate", ["2012-01-01"], ["2012-1-1", "01/01/2012", "2012-02-30", "2012-01-01T00:00"]),
        ("isAssembled", [True, False], ["true", 1]),
        (
            "modifiedSince",
            [
                "2012-01-01",
                "2024-04-17T23:11:05",
                "2024-04-17T23:11:05.123",
                "2024-04-17T23:11:05Z",
            ],
            [
                "17/04/2024",
                "2024-04-17 23:11:05",
                "2024-13-01",
                "2024-04-17T24:00:00",
                "2024-04-31T00:00:00",
                "",
            ],
        ),
        ("orderBy", ["productCode", "ProductDescription"], ["", 3]),
        (
            "productId",
            [UUID, f"{UUID},{UUID.upper()}"],
            [f"{UUID},", f"{UUID}, {UUID}", "", "7fc624f7738a4e95aed1758662372899"],
        ),
        ("warehouseCode", ["ACME", "W" * 15], ["", "W" * 16]),
        ("warehouseName", ["Main Warehouse"], ["", "W" * 101]),
        ("pageSize", [1, 200, 1000], [0, 1001, "200", 2.5]),
        ("pageNumber", [1, 2], [0, -1, "1"]),
        ("productGuid", [UUID, UUID.upper()], ["", "1", UUID[:-1], f"{{{UUID}}}"]),
        ("clientType", ["partner/app", "account/app"], ["Partner/App", "partner app", "partner"]),
    ],
)
def test_parameter_formats(parameter: str, accepted: list[object], rejected: list[object]) -> None:
    check = validator_at(_pointer("components", "parameters", parameter, "schema"))
    assert [error_messages(check, value) for value in accepted] == [[] for _ in accepted]
    assert [value for value in rejected if check.is_valid(value)] == []


def test_page_size_and_order_defaults() -> None:
    parameters = _spec()["components"]["parameters"]
    assert parameters["pageSize"]["schema"]["default"] == 200
    assert parameters["orderBy"]["schema"]["default"] == "productCode"
    assert parameters["clientType"]["required"] is False
    assert parameters["clientType"]["in"] == "header"
    assert parameters["clientType"]["name"] == "client-type"


def test_signature_headers_are_required_together() -> None:
    schemes = _spec()["components"]["securitySchemes"]
    assert {(s["type"], s["in"], s["name"]) for s in schemes.values()} == {
        ("apiKey", "header", "api-auth-id"),
        ("apiKey", "header", "api-auth-signature"),
    }
    assert _spec()["security"] == [{name: [] for name in schemes}]
    description = schemes["apiAuthSignature"]["description"]
    assert "HMAC-SHA256" in description
    assert "base64" in description
    assert "query string" in description


@pytest.mark.parametrize(
    ("operation_id", "schema_name"),
    [
        ("listStockOnHand", "StockOnHandList"),
        ("listStockOnHandPage", "StockOnHandList"),
        ("getStockOnHand", "StockOnHand"),
        ("getStockOnHandAllWarehouses", "AllWarehousesList"),
    ],
)
def test_responses_in_json_and_xml(operation_id: str, schema_name: str) -> None:
    operation = _operations()[operation_id]
    responses = operation["responses"]
    expected = {"200", "400", "403"} | ({"404"} if operation_id.startswith("get") else set())
    assert set(responses) == expected
    _, ok = _resolved(_pointer("paths", *_path_of(operation_id), "responses", "200"))
    assert set(ok["content"]) == {"application/json", "application/xml"}
    for media in ok["content"].values():
        assert media["schema"] == {"$ref": f"#/components/schemas/{schema_name}"}
    for status in expected - {"200"}:
        _, error = _resolved(_pointer("paths", *_path_of(operation_id), "responses", status))
        assert {m["schema"]["$ref"] for m in error["content"].values()} == {
            "#/components/schemas/Error"
        }


def _path_of(operation_id: str) -> tuple[str, str]:
    for path, item in _spec()["paths"].items():
        for method, operation in item.items():
            if operation["operationId"] == operation_id:
                return path, method
    raise AssertionError(operation_id)


def test_error_schema_is_marked_invented() -> None:
    error = specs.schema("unleashed", "Error")
    assert "Invented" in error["x-skuguard-note"]
    check = validator("Error")
    assert error_messages(check, {"Description": "Forbidden"}) == []
    assert error_messages(check, {}) != []


@pytest.mark.parametrize("list_operation", ["listStockOnHand", "listStockOnHandPage"])
def test_list_links_to_the_product_operations(list_operation: str) -> None:
    _, ok = _resolved(_pointer("paths", *_path_of(list_operation), "responses", "200"))
    targets = {}
    for reference in ok["links"].values():
        _, link = _resolved(reference["$ref"].removeprefix("#"))
        targets[link["operationId"]] = link["parameters"]
    assert targets == {
        "getStockOnHand": {"productGuid": "$response.body#/Items/0/ProductGuid"},
        "getStockOnHandAllWarehouses": {"productGuid": "$response.body#/Items/0/ProductGuid"},
    }
    first_guid = load_json(LIST)["Items"][0]["ProductGuid"]
    assert validator("Uuid").is_valid(first_guid)


def test_schemathesis_turns_the_links_into_stateful_transitions() -> None:
    with specs.spec_file("unleashed") as path:
        machine = schemathesis.openapi.from_path(path).as_state_machine()
    rules = [name for name in dir(machine) if "OfFirstItem" in name]
    for list_path in ("GET_StockOnHand___200", "GET_StockOnHand_Page_pageNumber___200"):
        for link in ("GetStockOnHandOfFirstItem", "GetAllWarehousesOfFirstItem"):
            assert [rule for rule in rules if rule.startswith(list_path) and link in rule], (
                f"no transition {list_path} -> {link}"
            )
