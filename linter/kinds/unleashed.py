"""Unleashed: a recorded stock-on-hand reply, a page of rows in an ``Items`` envelope.

Two replies need handling of their own: ``GET /StockOnHand/{productGuid}`` answers with one
row and no envelope, and the per-warehouse reply carries warehouse rows (no product fields).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from linter.checking import DocumentContext, run_check
from linter.kinds import KIND_REGISTRY
from linter.kinds.base import EndFinding, ItemSchema, Kind
from linter.read.item import Item, Layout
from linter.registry import Rule

__all__ = ["UnleashedStockOnHand"]

_ROW_PREFIX = "/Items/0"
_WAREHOUSE_FIELDS = frozenset({"WarehouseId", "Warehouse", "AvailableQty"})


class UnleashedStockOnHand(Kind):
    name = "unleashed.stock-on-hand"
    layout = Layout.ITEMS_MEMBER
    rule_modules = ("linter.rules.unleashed",)

    def xml_reader(self, stream: BinaryIO, max_item: int) -> Any:
        from linter import schemas
        from linter.read.xml import XmlReader

        reader = XmlReader(
            stream,
            self.layout,
            schemas.component("unleashed", schemas.UNLEASHED_ROW),
            {"Pagination": schemas.component("unleashed", "Pagination")},
            lambda s: schemas.resolve_ref("unleashed", s),
        )
        reader.max_item_size = max_item
        reader.narrow_item_schema = schemas.component("unleashed", schemas.UNLEASHED_WAREHOUSE_ROW)
        return reader

    def item_schema(self, item: Item, ctx: DocumentContext) -> ItemSchema | None:
        from linter import schemas

        value = item.value
        warehouses_only = isinstance(value, dict) and set(value) <= _WAREHOUSE_FIELDS
        if warehouses_only and "Pagination" not in ctx.extras:
            return "unleashed", schemas.UNLEASHED_WAREHOUSE_ROW, item.pointer
        ctx.state("_kind")["full_rows"] = True
        return "unleashed", schemas.UNLEASHED_ROW, item.pointer

    def end_findings(
        self,
        reader: Any,
        ctx: DocumentContext,
        item_rules: list[Rule],
        schema_rule: Rule | None,
    ) -> Iterator[EndFinding]:
        from linter import schemas

        extras = reader.extras
        if _is_single_row(reader):
            yield from _single_row_findings(extras, ctx, item_rules, schema_rule)
            return
        if schema_rule is None:
            return
        full_rows = bool(ctx.state("_kind").get("full_rows")) or "Pagination" in extras
        envelope = schemas.UNLEASHED_PAGE if full_rows else schemas.UNLEASHED_WAREHOUSES
        document = {**extras}
        document["Items"] = [] if isinstance(document.get("Items", []), list) else document["Items"]
        for pointer, message in schemas.schema_findings("unleashed", envelope, document, ""):
            if not pointer.startswith("/Items/"):
                yield pointer, message, schema_rule


def _is_single_row(reader: Any) -> bool:
    """A recorded ``GET /StockOnHand/{productGuid}`` reply: one row, no Items envelope."""
    extras = reader.extras
    return (
        reader.item_count == 0
        and bool(extras)
        and "Items" not in extras
        and "Pagination" not in extras
    )


def _single_row_findings(
    row: dict[str, Any], ctx: DocumentContext, item_rules: list[Rule], schema_rule: Rule | None
) -> Iterator[EndFinding]:
    """Lint a single-product reply as row 0, with pointers relative to the document root."""
    from linter import schemas

    if ctx.content_type == "xml":
        from linter.read.xml import fill_omitted_nulls

        row_schema = schemas.component("unleashed", schemas.UNLEASHED_ROW)
        fill_omitted_nulls(row, row_schema, lambda s: schemas.resolve_ref("unleashed", s))
    if schema_rule is not None:
        for pointer, message in schemas.schema_findings(
            "unleashed", schemas.UNLEASHED_ROW, row, ""
        ):
            yield pointer, message, schema_rule
    ctx.item_count = 1
    for item_rule in item_rules:
        check = item_rule.check
        if check is None:
            continue
        for pointer, message, found in run_check(item_rule, lambda c=check: c(row, 0, ctx)):  # type: ignore[misc]
            if pointer.startswith(_ROW_PREFIX):
                pointer = pointer[len(_ROW_PREFIX) :]
            yield pointer, message, found


KIND_REGISTRY.add(UnleashedStockOnHand())
