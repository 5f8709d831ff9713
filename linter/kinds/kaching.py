"""Ka-ching: a stock import, one member per location (JSON only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.checking import DocumentContext
from linter.kinds import KIND_REGISTRY
from linter.kinds.base import EndFinding, ItemSchema, Kind
from linter.read.item import Item, Layout
from linter.registry import Rule

__all__ = ["KachingStock"]


class KachingStock(Kind):
    """Each location is checked against the document schema; an empty document as a whole."""

    name = "kaching.stock"
    layout = Layout.MEMBERS
    rule_modules = ("linter.rules.kaching",)

    def item_schema(self, item: Item, ctx: DocumentContext) -> ItemSchema | None:
        from linter import schemas

        return "kaching", schemas.KACHING_DOCUMENT, ""

    def end_findings(
        self,
        reader: Any,
        ctx: DocumentContext,
        item_rules: list[Rule],
        schema_rule: Rule | None,
    ) -> Iterator[EndFinding]:
        from linter import schemas

        if schema_rule is None or reader.item_count != 0:
            return
        for pointer, message in schemas.schema_findings(
            "kaching", schemas.KACHING_DOCUMENT, {}, ""
        ):
            yield pointer, message, schema_rule


KIND_REGISTRY.add(KachingStock())
