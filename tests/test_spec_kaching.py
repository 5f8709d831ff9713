"""The Ka-ching stock import spec accepts every example of the docs and rejects malformed ones."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from linter import specs

EXAMPLES = Path(__file__).parent / "examples" / "kaching"
BASE_URI = "urn:skuguard:openapi:kaching"

IMPORT_EXAMPLES = ["import-without-variants.json", "import-with-variants.json"]
DELETE_EXAMPLES = ["delete-without-variants.json", "delete-with-variants.json"]
FORBIDDEN_ID_CHARACTERS = list("./#$*[]")


def validator(schema_name: str) -> Draft202012Validator:
    specs.schema("kaching", schema_name)
    resource: Resource[Any] = Resource.from_contents(
        specs.load_spec("kaching"), default_specification=DRAFT202012
    )
    return Draft202012Validator(
        {"$ref": f"{BASE_URI}#/components/schemas/{schema_name}"},
        registry=Registry().with_resource(BASE_URI, resource),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def error_messages(check: Draft202012Validator, document: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(document)]


def load_example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _stock_leaves(body: Mapping[str, Any]) -> int:
    count = 0
    for products in body.values():
        for value in products.values():
            count += len(value) if isinstance(value, dict) else 1
    return count


def _operation(method: str) -> Mapping[str, Any]:
    operation: Mapping[str, Any] = specs.spec_view("kaching")["paths"]["/imports/stock"][method]
    return operation


@pytest.mark.parametrize("name", IMPORT_EXAMPLES + DELETE_EXAMPLES)
def test_seed_bodies_are_stock_imports(name: str) -> None:
    assert error_messages(validator("StockImport"), load_example(f"{name}")) == []


def test_seed_reply_is_valid_and_counts_the_values_of_the_seed_body() -> None:
    reply = load_example("import-initiated-response.json")
    assert error_messages(validator("ImportInitiated"), reply) == []
    pattern = specs.schema("kaching", "ImportInitiated")["properties"]["message"]["pattern"]
    found = re.search(r"[0-9]+", reply["message"])
    assert found is not None
    assert re.search(pattern, reply["message"])
    assert int(found.group()) == _stock_leaves(load_example("import-without-variants.json"))


@pytest.mark.parametrize(
    ("method", "files"), [("post", IMPORT_EXAMPLES), ("delete", DELETE_EXAMPLES)]
)
def test_spec_request_examples_are_the_seed_examples(method: str, files: list[str]) -> None:
    media = _operation(method)["requestBody"]["content"]["application/json"]
    in_spec = [example["value"] for example in media["examples"].values()]
    assert in_spec == [load_example(f"{name}") for name in files]


@pytest.mark.parametrize(
    "document",
    [
        {"loc": {"product": 1.5}},
        {"loc": {"product": -3}},
        {"loc": {"product": 0, "with variants": {"v1": 2, "v2": -1}}},
        {"lower_case-and digits 123": {"ÆØÅ": 7}},
    ],
)
def test_edge_documents_are_accepted(document: object) -> None:
    assert error_messages(validator("StockImport"), document) == []


@pytest.mark.parametrize(
    "document",
    [
        pytest.param({"loc": {"product": "7"}}, id="string-count"),
        pytest.param({"loc": {"product": True}}, id="boolean-count"),
        pytest.param({"loc": {"product": None}}, id="null-count"),
        pytest.param({"loc": {"product": [7]}}, id="list-count"),
        pytest.param({"loc": {"product": {"variant": "7"}}}, id="string-variant-count"),
        pytest.param({"loc": {"product": {"variant": {"deeper": 7}}}}, id="depth-4"),
        pytest.param({"loc": 7}, id="depth-1"),
        pytest.param([{"loc": {"product": 7}}], id="list-body"),
        pytest.param({"loc": [7]}, id="list-location"),
        pytest.param({}, id="empty-body"),
        pytest.param({"": {"product": 7}}, id="empty-location-id"),
        pytest.param({"loc": {"": 7}}, id="empty-product-id"),
    ],
)
def test_malformed_documents_are_rejected(document: object) -> None:
    assert error_messages(validator("StockImport"), document) != []


@pytest.mark.parametrize(
    "document", [{"loc": {}}, {"loc": {"product": {}}}, {"a": {}, "b": {"p": 1}}]
)
def test_an_empty_location_or_variant_object_is_valid(document: object) -> None:
    # Issue #12: the vendor's transformation treats it as a no-op (KS004 warns).
    assert error_messages(validator("StockImport"), document) == []


@pytest.mark.parametrize("character", FORBIDDEN_ID_CHARACTERS)
@pytest.mark.parametrize("level", ["location", "product", "variant"])
def test_forbidden_character_in_an_id_is_rejected(character: str, level: str) -> None:
    bad = f"id{character}x"
    documents = {
        "location": {bad: {"product": 1}},
        "product": {"loc": {bad: 1}},
        "variant": {"loc": {"product": {bad: 1}}},
    }
    assert error_messages(validator("StockImport"), documents[level]) != []


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(
            {"status": "ok", "message": "Import of 2 stock value(s) initiated"}, id="case"
        ),
        pytest.param({"status": "OK"}, id="no-message"),
        pytest.param({"message": "Import of 2 stock value(s) initiated"}, id="no-status"),
        pytest.param({"status": "OK", "message": "Import of two stock value(s) initiated"}, id="N"),
        pytest.param({"status": "OK", "message": "Import of 02 stock value(s) initiated"}, id="0N"),
        pytest.param({"status": "OK", "message": "Import of 2 stock values initiated"}, id="text"),
        pytest.param({"status": "OK", "message": 2}, id="number-message"),
    ],
)
def test_malformed_replies_are_rejected(reply: object) -> None:
    assert error_messages(validator("ImportInitiated"), reply) != []


def test_error_body_mirrors_the_success_shape() -> None:
    check = validator("Error")
    assert error_messages(check, {"status": "error", "message": "unknown stock location"}) == []
    assert error_messages(check, {"status": "OK", "message": "x"}) != []
    assert error_messages(check, {"status": "error", "message": ""}) != []
    assert "x-skuguard-note" in specs.schema("kaching", "Error")


def test_operations_and_server() -> None:
    spec = specs.spec_view("kaching")
    assert spec["openapi"] == "3.1.0"
    assert [s["url"] for s in spec["servers"]] == [
        "https://us-central1-ka-ching-base.cloudfunctions.net"
    ]
    assert list(spec["paths"]) == ["/imports/stock"]
    assert _operation("post")["operationId"] == "importStock"
    assert _operation("delete")["operationId"] == "deleteStock"


def test_adjustment_is_an_optional_boolean_on_post_only() -> None:
    spec = specs.spec_view("kaching")
    (reference,) = _operation("post")["parameters"]
    parameter = spec["components"]["parameters"][reference["$ref"].rsplit("/", 1)[1]]
    assert parameter["name"] == "adjustment"
    assert parameter["in"] == "query"
    assert parameter["required"] is False
    assert parameter["schema"] == {"type": "boolean", "default": False}
    assert "parameters" not in _operation("delete")


def test_the_three_credentials_are_query_keys_required_together() -> None:
    spec = specs.spec_view("kaching")
    schemes = spec["components"]["securitySchemes"]
    assert {(s["type"], s["in"], s["name"]) for s in schemes.values()} == {
        ("apiKey", "query", "account"),
        ("apiKey", "query", "integration"),
        ("apiKey", "query", "apikey"),
    }
    assert spec["security"] == [{name: [] for name in schemes}]
    assert all("security" not in _operation(m) for m in ("post", "delete"))


@pytest.mark.parametrize("method", ["post", "delete"])
def test_documented_responses_and_invented_errors(method: str) -> None:
    responses = specs.spec_view("kaching")["components"]["responses"]
    declared = _operation(method)["responses"]
    assert set(declared) == {"200", "400", "401", "403", "404"}
    for status, reference in declared.items():
        response = responses[reference["$ref"].rsplit("/", 1)[1]]
        schema_ref = response["content"]["application/json"]["schema"]["$ref"]
        expected = "ImportInitiated" if status == "200" else "Error"
        assert schema_ref == f"#/components/schemas/{expected}"
        if status != "200":
            assert "Invented" in response["x-skuguard-note"]
