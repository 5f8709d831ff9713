"""The documented behaviours the comparison follows, each with its source (cited in reports)."""

from __future__ import annotations

from typing import NamedTuple


class DocRule(NamedTuple):
    applies: str
    source: str
    url: str


DOC_RULES: tuple[DocRule, ...] = (
    DocRule(
        "A target row of 0 with no Unleashed row is not a difference: StockOnHand leaves out "
        "products that have never had a transaction, so their stock is zero.",
        "Unleashed API, Stock On Hand",
        "https://apidocs.unleashedsoftware.com/StockOnHand",
    ),
    DocRule(
        "An Unleashed row with a quantity above 0 and no target record is 'missing', with no "
        "target quantity: a Ka-ching record removed by DELETE means the product is no longer "
        "kept in stock, which is not the same as a count of 0.",
        "Ka-ching, Stock import integration",
        "https://developers.ka-ching.dk/stock-import-integration/",
    ),
    DocRule(
        "Imports sent with adjustment=true carry deltas, not counts, and are refused.",
        "Ka-ching, Stock import integration",
        "https://developers.ka-ching.dk/stock-import-integration/",
    ),
    DocRule(
        "Norce rows with IsActive false count as absent (a full-file import deactivates the "
        "rows of its warehouses and locations that it leaves out); a header that does not set "
        "OnhandValue is refused.",
        "Norce Connect, X-StormConnect-Header for SkuOnhand",
        "https://docs.norce.io/api-reference/connect/productservice/x-stormconnect-header-skuonhand",
    ),
    DocRule(
        "Per-warehouse Unleashed rows come from the warehouseCode filter; rows without a "
        "WarehouseCode are all-warehouse totals and cannot be placed.",
        "Unleashed API, Stock On Hand",
        "https://apidocs.unleashedsoftware.com/StockOnHand",
    ),
)
