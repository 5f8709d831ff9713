"""Unleashed domain checks against the real sandbox: quiet when faithful, loud on each fault."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from contracts.checks.context import CheckContext, CheckFailure, ReceivedResponse
from contracts.checks.registry import get_check

from .conftest import Sandbox

LIST, PAGE = "listStockOnHand", "listStockOnHandPage"
ONE, ALL = "getStockOnHand", "getStockOnHandAllWarehouses"


def run(name: str, ctx: CheckContext) -> None:
    found = get_check(name)
    assert found is not None, name
    assert ctx.operation_id in found.operations
    found.run(ctx)


def with_body(ctx: CheckContext, body: Any) -> CheckContext:
    """The same exchange with a hand-made response body."""
    response = ReceivedResponse(
        ctx.response.status, ctx.response.headers, json.dumps(body).encode()
    )
    return dataclasses.replace(ctx, response=response)


def listing(sb: Sandbox, *query: tuple[str, str], page: int | None = None) -> CheckContext:
    if page is None:
        return sb.unleashed.exchange(LIST, "GET", "/StockOnHand", query=query)
    return sb.unleashed.exchange(PAGE, "GET", f"/StockOnHand/Page/{page}", query=query)


def first_product(sb: Sandbox) -> str:
    body = listing(sb).response.json
    return str(body["Items"][0]["ProductGuid"])


def test_pagination_arithmetic(fresh: Sandbox) -> None:
    ctx = listing(fresh, ("pageSize", "4"), page=2)
    run("unleashed_pagination_arithmetic", ctx)
    body = ctx.response.json
    wrong_pages = {**body, "Pagination": {**body["Pagination"], "NumberOfPages": 99}}
    with pytest.raises(CheckFailure, match="NumberOfPages"):
        run("unleashed_pagination_arithmetic", with_body(ctx, wrong_pages))
    short = {**body, "Items": body["Items"][:-1]}
    with pytest.raises(CheckFailure, match="should hold"):
        run("unleashed_pagination_arithmetic", with_body(ctx, short))
    echo = {**body, "Pagination": {**body["Pagination"], "PageNumber": 1}}
    with pytest.raises(CheckFailure, match="PageNumber"):
        run("unleashed_pagination_arithmetic", with_body(ctx, echo))


def test_page_walk(fresh: Sandbox) -> None:
    run("unleashed_page_walk", listing(fresh))
    fresh.fault("unleashed-pagination-off-by-one")
    with pytest.raises(CheckFailure, match="distinct"):
        run("unleashed_page_walk", listing(fresh, ("pageSize", "3")))


def test_filters_honoured(fresh: Sandbox) -> None:
    run("unleashed_filters_honoured", listing(fresh, ("warehouseCode", "MAIN")))
    run("unleashed_filters_honoured", listing(fresh, ("modifiedSince", "2024-05-01")))
    fresh.fault("unleashed-warehouse-filter-ignored")
    with pytest.raises(CheckFailure, match="warehouseCode"):
        run("unleashed_filters_honoured", listing(fresh, ("warehouseCode", "MAIN")))


def test_modified_since_boundary(fresh: Sandbox) -> None:
    fresh.fault("unleashed-modified-since-exclusive")
    with pytest.raises(CheckFailure, match="inclusive"):
        run("unleashed_filters_honoured", listing(fresh))


def test_filters_hand_made(fresh: Sandbox) -> None:
    ctx = listing(fresh, ("warehouseName", "Head Office"))
    run("unleashed_filters_honoured", ctx)
    body = ctx.response.json
    body["Items"][0]["Warehouse"] = "Main Warehouse"
    with pytest.raises(CheckFailure, match="warehouseName"):
        run("unleashed_filters_honoured", with_body(ctx, body))


def test_order_by(fresh: Sandbox) -> None:
    run("unleashed_order_by", listing(fresh))
    run("unleashed_order_by", listing(fresh, ("orderBy", "QtyOnHand")))
    fresh.fault("unleashed-orderby-ignored")
    with pytest.raises(CheckFailure, match="ordered by"):
        run("unleashed_order_by", listing(fresh))


def test_quantity_invariants(fresh: Sandbox) -> None:
    run("unleashed_quantity_invariants", listing(fresh))
    run("unleashed_quantity_invariants", listing(fresh, ("isAssembled", "true")))
    for fault, field in (
        ("unleashed-available-ignores-allocated", "AvailableQty"),
        ("unleashed-total-cost-wrong", "TotalCost"),
    ):
        fresh.fault(fault)
        with pytest.raises(CheckFailure, match=field):
            run("unleashed_quantity_invariants", listing(fresh))


def test_lookups_agree(fresh: Sandbox) -> None:
    run("unleashed_lookups_agree", listing(fresh))
    guid = first_product(fresh)
    run("unleashed_lookups_agree", fresh.unleashed.exchange(ONE, "GET", f"/StockOnHand/{guid}"))
    fresh.fault("unleashed-guid-returns-other-product")
    with pytest.raises(CheckFailure, match="should answer"):
        run("unleashed_lookups_agree", fresh.unleashed.exchange(ONE, "GET", f"/StockOnHand/{guid}"))


def test_all_warehouses_agree(fresh: Sandbox) -> None:
    fresh.fault("unleashed-allwarehouses-disagrees")
    with pytest.raises(CheckFailure, match="sum"):
        run("unleashed_lookups_agree", listing(fresh))


def test_unknown_guid_404(fresh: Sandbox) -> None:
    guid = first_product(fresh)
    ctx = fresh.unleashed.exchange(ALL, "GET", f"/StockOnHand/{guid}/AllWarehouses")
    run("unleashed_unknown_guid_404", ctx)
    run("unleashed_lookups_agree", ctx)
    fresh.fault("unleashed-unknown-guid-200")
    with pytest.raises(CheckFailure, match="404"):
        run(
            "unleashed_unknown_guid_404",
            fresh.unleashed.exchange(ONE, "GET", f"/StockOnHand/{guid}"),
        )


def test_combined_filters_are_re_asked_one_by_one(fresh: Sandbox) -> None:
    nobody = ("productId", "00000000-0000-4000-8000-000000000000")
    run("unleashed_filters_honoured", listing(fresh, ("warehouseCode", "ZZZ"), nobody))
    fresh.fault("unleashed-warehouse-filter-ignored")
    ctx = listing(fresh, ("warehouseCode", "ZZZ"), nobody)
    assert ctx.response.json["Items"] == []
    with pytest.raises(CheckFailure, match="warehouseCode='ZZZ'"):
        run("unleashed_filters_honoured", ctx)


def test_an_unfiltered_list_is_re_asked_by_a_real_warehouse(fresh: Sandbox) -> None:
    run("unleashed_filters_honoured", listing(fresh))
    fresh.fault("unleashed-warehouse-filter-ignored")
    with pytest.raises(CheckFailure, match="warehouseCode="):
        run("unleashed_filters_honoured", listing(fresh))
