"""A group's operations run cheapest first: large bodies last, a DELETE after its POST."""

from __future__ import annotations

from typing import Any

import pytest

from contracts.run.order import cheapest_first, request_size, schema_size
from contracts.run.runner import load_schema


def _operations(api: str) -> list[Any]:
    return [result.ok() for result in load_schema(api).get_all_operations()]  # type: ignore[arg-type]


def _ids(operations: list[Any]) -> list[str]:
    return [str(op.definition.raw["operationId"]) for op in operations]


def test_schema_size_expands_references_once_per_path() -> None:
    node = {"$ref": "#/components/schemas/Node"}
    text = {"$ref": "#/components/schemas/Text"}
    spec = {"components": {"schemas": {"Node": {"items": node}, "Text": {"type": "string"}}}}
    assert schema_size(spec, node) == 3  # the reference, Node, the reference inside it
    assert schema_size(spec, {"a": text, "b": text}) == 7  # each reference expanded


@pytest.mark.parametrize("reverse", [False, True])
def test_norce_products_last_whatever_the_spec_order(reverse: bool) -> None:
    imports = [op for op in _operations("norce") if op.method.upper() == "POST"]
    ordered = cheapest_first(imports[::-1] if reverse else imports)
    assert _ids(ordered)[-1] == "ImportProducts"
    assert request_size(ordered[-1]) > 2 * max(request_size(op) for op in ordered[:-1])


@pytest.mark.parametrize("reverse", [False, True])
def test_kaching_delete_after_post(reverse: bool) -> None:
    operations = _operations("kaching")
    assert _ids(cheapest_first(operations[::-1] if reverse else operations)) == [
        "importStock",
        "deleteStock",
    ]


def test_similar_sizes_keep_the_spec_order() -> None:
    listings = [op for op in _operations("unleashed") if "productGuid" not in op.path]
    assert cheapest_first(listings) == listings
