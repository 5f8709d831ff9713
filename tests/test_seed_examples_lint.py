"""Every example payload of the seeds lints clean, or only with the findings documented here.

The Norce samples come from a doc renderer that fills every field with a placeholder
(``"string"``, ``0``); the linter rightly reports the placeholders that break a documented
rule. Each expected finding below names the placeholder behind it. Anything else — a
missing finding or a new one — fails the test.
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
        ("NP008", "error"): 'CultureCode placeholder "string" is not xx-XX',
        ("NP009", "error"): 'CurrencyCode placeholder "string" is not ISO 4217',
        ("NP014", "error"): "the parametric sample fills every kind of value at once",
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
    "norce/import-sku-price-lists.json": {
        ("NL005", "error"): 'CurrencyCode placeholder "string" is not ISO 4217',
    },
    "norce/import-relations.seed.json": {
        ("NR001", "error"): 'PartNo and RelatedPartNo are both the placeholder "string"',
        ("NR005", "error"): 'CultureCode placeholder "string" is not xx-XX',
    },
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
