"""Every example payload of the seeds lints clean, or only with the findings documented here.

The Norce samples come from a doc renderer that fills every field with a placeholder
(``"string"``, ``0``). Placeholders that break the schema or a documented rule are fixed in
the kept copies, each fix recorded in ``tests/examples/norce/deviations.json`` with the schema
keyword or the rule code it answers. The copies lint without errors; the warnings and infos
they keep are listed below with the reason behind each (that each verbatim sample breaks
exactly the recorded rules is tested in ``test_spec_norce.py``, beside the schema keywords).
Anything else — a missing finding or a new one — fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import lint_path

EXAMPLES = Path(__file__).parent / "examples"

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
