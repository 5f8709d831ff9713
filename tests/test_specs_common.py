"""Checks every spec in openapi/ must pass: validity, house conventions, and generability."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from linter import specs

APIS: list[specs.Api] = sorted(specs.SPEC_FILES)
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
CASES_PER_OPERATION = 3


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def _validator_at(api: specs.Api, json_pointer: str) -> Draft202012Validator:
    base = f"urn:skuguard:openapi:{api}"
    resource: Resource[Any] = Resource.from_contents(
        specs.load_spec(api), default_specification=DRAFT202012
    )
    return Draft202012Validator(
        {"$ref": f"{base}#{json_pointer}"},
        registry=Registry().with_resource(base, resource),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _walk(node: object, at: str = "") -> Iterator[tuple[str, object]]:
    yield at, node
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from _walk(value, at + _pointer(str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{at}/{index}")


def _node_at(api: specs.Api, json_pointer: str) -> Any:
    node: Any = specs.spec_view(api)
    for token in json_pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _dereferenced(api: specs.Api, json_pointer: str) -> tuple[str, Any]:
    node = _node_at(api, json_pointer)
    for _ in range(10):
        if not (isinstance(node, Mapping) and "$ref" in node):
            return json_pointer, node
        json_pointer = node["$ref"].removeprefix("#")
        node = _node_at(api, json_pointer)
    raise AssertionError(f"{api}: $ref chain too long at {json_pointer}")


def _operations(api: specs.Api) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for path, item in specs.spec_view(api)["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


@pytest.mark.parametrize("api", APIS)
def test_spec_is_valid_openapi_3_1(api: specs.Api) -> None:
    spec = specs.load_spec(api)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


@pytest.mark.parametrize("api", APIS)
def test_every_local_ref_resolves(api: specs.Api) -> None:
    refs = [
        node["$ref"]
        for _, node in _walk(specs.spec_view(api))
        if isinstance(node, Mapping) and isinstance(node.get("$ref"), str)
    ]
    assert refs
    unresolved = []
    for ref in refs:
        assert ref.startswith("#/"), f"{api}: non-local $ref {ref}"
        try:
            _node_at(api, ref.removeprefix("#"))
        except (KeyError, IndexError, ValueError):
            unresolved.append(ref)
    assert unresolved == []


@pytest.mark.parametrize("api", APIS)
def test_house_conventions(api: specs.Api) -> None:
    nodes = list(_walk(specs.spec_view(api)))
    nullable = [at for at, node in nodes if isinstance(node, Mapping) and "nullable" in node]
    assert nullable == [], "use type: [..., 'null'], never nullable"
    notes = [
        (at, node["x-skuguard-note"])
        for at, node in nodes
        if isinstance(node, Mapping) and "x-skuguard-note" in node
    ]
    assert notes, f"{api}: ambiguities must be recorded as x-skuguard-note"
    assert [at for at, note in notes if not (isinstance(note, str) and note.strip())] == []


@pytest.mark.parametrize("api", APIS)
def test_operation_ids_are_present_and_unique(api: specs.Api) -> None:
    ids = [operation.get("operationId") for _, _, operation in _operations(api)]
    assert ids
    assert None not in ids
    assert len(ids) == len(set(ids))


def _inline_examples(api: specs.Api) -> Iterator[tuple[str, str, object]]:
    """(where, schema pointer, example value) for media types and parameters with a schema."""
    for at, node in _walk(specs.spec_view(api)):
        if not (isinstance(node, Mapping) and isinstance(node.get("schema"), Mapping)):
            continue
        if "/properties/" in at or at.startswith("/components/schemas"):
            continue
        schema_at = f"{at}/schema"
        if "example" in node:
            yield at, schema_at, node["example"]
        for name, example in (node.get("examples") or {}).items():
            if isinstance(example, Mapping) and "$ref" in example:
                _, example = _dereferenced(api, example["$ref"].removeprefix("#"))
            if isinstance(example, Mapping) and "value" in example:
                yield f"{at}/examples/{name}", schema_at, example["value"]


@pytest.mark.parametrize("api", APIS)
def test_inline_examples_match_their_schemas(api: specs.Api) -> None:
    failures = []
    for where, schema_at, value in _inline_examples(api):
        errors = [e.message for e in _validator_at(api, schema_at).iter_errors(value)]
        if errors:
            failures.append(f"{where}: {errors[0]}")
    assert failures == []


def _request_schema_pointer(api: specs.Api, path: str, method: str, media: str) -> str | None:
    operation_at = _pointer("paths", path, method)
    if "requestBody" not in _node_at(api, operation_at):
        return None
    body_at, body = _dereferenced(api, f"{operation_at}/requestBody")
    if media not in body.get("content", {}):
        return None
    return body_at + _pointer("content", media, "schema")


@pytest.mark.parametrize("api", APIS)
def test_schemathesis_generates_valid_cases_for_every_operation(api: specs.Api) -> None:
    with specs.spec_file(api) as path:
        schema = schemathesis.openapi.from_path(path)
    loaded = [result.ok() for result in schema.get_all_operations()]
    expected = {(path.lower(), method) for path, method, _ in _operations(api)}
    assert {(op.path.lower(), op.method.lower()) for op in loaded} == expected

    for operation in loaded:
        cases: list[Any] = []

        @given(operation.as_strategy())
        @settings(
            max_examples=CASES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def generate(case: Any) -> None:
            cases.append(case)  # noqa: B023 -- consumed before the next iteration

        generate()
        assert cases, f"{api}: no case for {operation.label}"
        for case in cases:
            media = case.media_type or ""
            if not media.endswith("json"):
                continue
            schema_at = _request_schema_pointer(
                api, operation.path, operation.method.lower(), media
            )
            if schema_at is None:
                continue
            errors = [e.message for e in _validator_at(api, schema_at).iter_errors(case.body)]
            assert errors == [], f"{api}: {operation.label} generated an invalid body: {errors[0]}"
