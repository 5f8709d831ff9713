"""Validators compile only the components their schema reaches; that set must be closed."""

from __future__ import annotations

from typing import Any

import pytest

from linter import schemas
from linter.specs import SPEC_FILES, Api, spec_view

REF = "#/components/schemas/"


def refs_in(node: Any) -> set[str]:
    found: set[str] = set()
    schemas._refs(node, found)
    return found


def every_schema() -> list[tuple[Api, str]]:
    return [
        (api, name)
        for api in SPEC_FILES
        for name in spec_view(api).get("components", {}).get("schemas", {})
    ]


@pytest.mark.parametrize(("api", "name"), every_schema())
def test_kept_components_are_closed_under_ref(api: Api, name: str) -> None:
    document = schemas._schema_document(api, {"$ref": REF + name})
    kept = document["components"]["schemas"]
    assert name in kept
    for schema in kept.values():
        for ref in refs_in(schema):
            assert ref.startswith(REF)
            assert ref[len(REF) :] in kept, ref


def test_unreached_components_are_left_out() -> None:
    everything = schemas._components("norce")["schemas"]
    kept = schemas._schema_document("norce", {"$ref": REF + "SkuOnhand"})["components"]
    assert set(kept["schemas"]) < set(everything)
    assert kept["schemas"]["SkuOnhand"] == everything["SkuOnhand"]


def test_a_reference_the_pruning_cannot_follow_keeps_everything() -> None:
    document = schemas._schema_document(
        "norce", {"$ref": REF + "SkuOnhand"}, {"odd": {"$ref": "#/components/securitySchemes/x"}}
    )
    assert document["components"] == schemas._components("norce")
    assert document["$defs"] == {"odd": {"$ref": "#/components/securitySchemes/x"}}


def test_validator_agrees_with_one_over_every_component() -> None:
    import jsonschema_rs

    full = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": REF + "Product",
        "components": schemas._components("norce"),
    }
    reference = jsonschema_rs.validator_for(full, validate_formats=True)
    checker = schemas.validator("norce", "Product")
    samples: list[Any] = [
        {},
        {"Code": "P-1"},
        {"Code": 5, "Skus": [{"PartNo": 1}]},
        {"Code": "P-1", "Skus": [{"PartNo": "S-1", "Prices": "none"}]},
        [],
    ]
    for sample in samples:
        assert checker.is_valid(sample) == reference.is_valid(sample), sample
        assert sorted(e.message for e in checker.iter_errors(sample)) == sorted(
            e.message for e in reference.iter_errors(sample)
        )
