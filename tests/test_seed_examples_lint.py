"""Every example payload of the seeds lints clean, or only with the findings documented here.

The Norce samples come from a doc renderer that fills every field with a placeholder
(``"string"``, ``0``). Placeholders that break the schema or a documented rule are fixed in
the kept copies, each fix recorded in ``tests/examples/norce/deviations.json`` with the schema
keyword or the rule code it answers. The copies lint without errors; the warnings and infos
they keep are listed below with the reason behind each. The verbatim samples are linted too:
they must break exactly the recorded rules at exactly the recorded places. Anything else — a
missing finding or a new one — fails the test.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from linter import Severity, lint_bytes, lint_path

EXAMPLES = Path(__file__).parent / "examples"
NORCE = EXAMPLES / "norce"
KIND_OF_SCHEMA = {
    "ImportProducts": "norce.products",
    "ImportOnhands": "norce.onhands",
    "ImportSkuPriceLists": "norce.prices",
    "ImportRelations": "norce.relations",
}

# file -> {(code, severity): why the seed sample triggers it}
EXPECTED: dict[str, dict[tuple[str, str], str]] = {
    "norce/product-header.json": {
        ("NH014", "info"): "VariantCulture Description needs the 'variant unique texts' setting",
    },
    "norce/import-products.json": {
        ("NP015", "warning"): 'EanCode placeholder "string" is not a GTIN',
        ("NP016", "warning"): "the sample carries the deprecated Sku.VolumeWeight",
        ("NP001", "warning"): "VolumeWeight cannot be flagged (SkuField 15 is deprecated)",
        ("NP002", "info"): "the structure-item sample holds only AdditionalInfo",
        ("NH014", "info"): "the header flags variant culture texts beyond Name/UniqueUrlName",
    },
    "norce/import-onhands.json": {
        ("NO003", "warning"): "the sample carries the deprecated OnOrderValue",
        ("NO004", "warning"): "OnOrderValue cannot be flagged (SkuOnhandField 7 is deprecated)",
    },
    "norce/import-sku-price-lists.json": {},
    "norce/import-relations.json": {},
    "kaching/import-without-variants.json": {},
    "kaching/import-with-variants.json": {},
    "kaching/delete-without-variants.json": {},
    "kaching/delete-with-variants.json": {},
    "unleashed/stock-on-hand-list.json": {
        ("US002", "warning"): "the doc's AvailableQty 81.8 exceeds QtyOnHand 69 - AllocatedQty 0",
    },
    "unleashed/stock-on-hand-list.xml": {
        ("US002", "warning"): "the doc's AvailableQty 81.8 exceeds QtyOnHand 69 - AllocatedQty 0",
    },
    "unleashed/stock-on-hand.json": {},
    "unleashed/stock-on-hand.xml": {
        ("US002", "warning"): "the doc's XML says AvailableQty 93 where its JSON says 75",
    },
    "unleashed/all-warehouses.json": {},
    "unleashed/all-warehouses.xml": {},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_example_lints_only_with_documented_findings(name: str) -> None:
    result = lint_path(EXAMPLES / name)
    assert not result.failures, result.failures
    found = {(d.code, d.severity.value) for d in result.diagnostics}
    assert found == set(EXPECTED[name])


def test_kept_copies_have_no_error() -> None:
    assert all(severity != "error" for found in EXPECTED.values() for _, severity in found)


def _apply(document: Any, ops: list[dict[str, Any]]) -> Any:
    """JSON Patch ``replace`` and ``move`` (the only operations deviations.json uses)."""
    patched = copy.deepcopy(document)

    def parent(pointer: str) -> tuple[Any, Any]:
        tokens = pointer.split("/")[1:]
        node = patched
        for token in tokens[:-1]:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node, int(tokens[-1]) if isinstance(node, list) else tokens[-1]

    for op in ops:
        if op["op"] == "move":
            source, key = parent(op["from"])
            value = source.pop(key)
        else:
            value = op["value"]
        target, key = parent(op["path"])
        target[key] = value
    return patched


def _rule_fixes() -> dict[str, dict[str, Any]]:
    deviations: dict[str, dict[str, Any]] = json.loads((NORCE / "deviations.json").read_text())
    return {
        seed: entry
        for seed, entry in deviations.items()
        if any("rule" in op for op in entry["ops"])
    }


@pytest.mark.parametrize("seed", sorted(_rule_fixes()))
def test_verbatim_sample_breaks_exactly_the_recorded_rules(seed: str) -> None:
    entry = _rule_fixes()[seed]
    schema_ops = [op for op in entry["ops"] if "keyword" in op]
    schema_fixed = _apply(json.loads((NORCE / seed).read_text()), schema_ops)
    header = (NORCE / entry["fixed"].replace(".json", ".header.json")).read_text()
    diagnostics = lint_bytes(
        json.dumps(schema_fixed).encode(), kind=KIND_OF_SCHEMA[entry["schema"]], header=header
    )
    found = {(d.pointer, d.code) for d in diagnostics if d.severity == Severity.ERROR}
    assert found == {(op["path"], op["rule"]) for op in entry["ops"] if "rule" in op}


@pytest.mark.parametrize("seed", sorted(_rule_fixes()))
def test_every_fix_has_a_schema_keyword_or_a_rule_code(seed: str) -> None:
    for op in _rule_fixes()[seed]["ops"]:
        assert ("keyword" in op) != ("rule" in op), op
