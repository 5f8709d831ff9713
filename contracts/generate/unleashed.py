"""Unleashed StockOnHand list responses (what the linter lints as recorded responses)."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from contracts.generate import values as v
from contracts.generate.payloads import Payload

Draw = Callable[[st.SearchStrategy[Any]], Any]

_EPOCH_2015_MS = 1_420_070_400_000
_EPOCH_2026_MS = 1_767_225_600_000


def ms_date() -> st.SearchStrategy[str]:
    """A JSON date ``/Date(ms)/`` between 2015 and 2026."""
    return st.integers(min_value=_EPOCH_2015_MS, max_value=_EPOCH_2026_MS).map(
        lambda ms: f"/Date({ms})/"
    )


def guid() -> st.SearchStrategy[str]:
    """A lower-case GUID."""
    return st.integers(min_value=0, max_value=2**128 - 1).map(lambda n: str(uuid.UUID(int=n)))


@st.composite
def stock_row(draw: Draw) -> dict[str, Any]:
    """One StockOnHand row whose quantities and costs agree."""
    product_guid = draw(guid())
    qty = draw(st.integers(min_value=0, max_value=500))
    allocated = draw(st.integers(min_value=0, max_value=qty))
    avg_cost = draw(st.integers(min_value=0, max_value=500_000)) / 100
    aggregate = draw(st.booleans())
    warehouse = draw(st.sampled_from(["Main Warehouse", "Head Office", "Store"]))
    return {
        "ProductCode": draw(v.code("PRD")),
        "ProductDescription": draw(v.title()),
        "ProductGuid": product_guid,
        "ProductSourceId": draw(st.one_of(st.none(), v.code("SRC"))),
        "ProductGroupName": draw(st.sampled_from(["Furniture", "Gift", "Kitchen"])),
        "WarehouseId": "" if aggregate else draw(guid()),
        "Warehouse": "" if aggregate else warehouse,
        "WarehouseCode": "" if aggregate else warehouse.split()[0].upper()[:15],
        "DaysSinceLastSale": draw(st.one_of(st.none(), st.integers(min_value=0, max_value=400))),
        "OnPurchase": draw(st.integers(min_value=0, max_value=50)),
        "AllocatedQty": allocated,
        "AvailableQty": qty - allocated,
        "QtyOnHand": qty,
        "AvgCost": avg_cost,
        "TotalCost": round(qty * avg_cost, 4),
        "Guid": product_guid,
        "LastModifiedOn": draw(st.one_of(st.none(), ms_date())),
    }


@st.composite
def stock_page(draw: Draw) -> Payload:
    """One page of a StockOnHand list whose Pagination agrees with its Items."""
    page_size = draw(st.integers(min_value=1, max_value=5))
    total = draw(st.integers(min_value=0, max_value=12))
    pages = math.ceil(total / page_size)
    page = draw(st.integers(min_value=1, max_value=max(pages, 1)))
    on_page = max(0, min(page_size, total - (page - 1) * page_size))
    rows = [draw(stock_row()) for _ in range(on_page)]
    rows.sort(key=lambda row: str(row["ProductCode"]))
    body = {
        "Pagination": {
            "NumberOfItems": total,
            "PageSize": page_size,
            "PageNumber": page,
            "NumberOfPages": pages,
        },
        "Items": rows,
    }
    return Payload(kind="unleashed.stock-on-hand", body=body)
