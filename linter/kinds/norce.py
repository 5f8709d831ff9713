"""Norce Connect: the four import bodies (each with its X-StormConnect-Header) and a lone header."""

from __future__ import annotations

from typing import Any, BinaryIO

from linter import norce_model
from linter.checking import (
    DocumentContext,
    DocumentInput,
    PendingFinding,
    Selection,
    severity_of,
)
from linter.codes import HEADER_MISSING
from linter.kinds import KIND_REGISTRY
from linter.kinds.base import ItemSchema, Kind, Shortcut, Start
from linter.read.item import Item, Layout
from linter.registry import Rule

__all__ = ["NorceBody", "NorceHeader"]

_SHARED = ("linter.rules.norce.headers", "linter.rules.norce.lists")


class NorceHeader(Kind):
    """A header on its own: checked whole, as the header of no particular body."""

    name = "norce.header"
    layout = Layout.WHOLE
    rule_modules = _SHARED

    def lint_whole(self, doc: DocumentInput, selection: Selection) -> list[PendingFinding] | None:
        from linter.header import MAX_HEADER_SIZE, check_header_input

        with doc.open() as stream:
            text = stream.read(MAX_HEADER_SIZE + 1)
        outcome = check_header_input(
            text, kind=doc.kind, content_type=doc.content_type, file=doc.file, selection=selection
        )
        return outcome.pending


class NorceBody(Kind):
    """An import body: an array of rows, compared with its header when one is given."""

    layout = Layout.ARRAY

    def __init__(self, name: str, rule_modules: tuple[str, ...]) -> None:
        self.name = name
        self.rule_modules = (*_SHARED, *rule_modules)

    def start(
        self,
        doc: DocumentInput,
        selection: Selection,
        item_rules: list[Rule],
        document_rules: list[Rule],
    ) -> Start:
        from linter.header import check_header_input

        started = Start(item_rules, document_rules, header_kind=self._header_kind())
        if doc.header is not None:
            outcome = check_header_input(
                doc.header,
                kind=doc.kind,
                content_type=doc.content_type,
                file=doc.header_file,
                selection=selection,
                options=doc.options,
            )
            started.pending.extend(outcome.pending)
            started.header = outcome.header
        if started.header is not None:
            return started
        skipped = [r for r in item_rules + document_rules if r.needs_header]
        if doc.header is None and selection.enabled(HEADER_MISSING):
            started.pending.append(
                PendingFinding(
                    HEADER_MISSING,
                    severity_of(HEADER_MISSING),
                    "no X-StormConnect-Header given (--header, or a NAME.header.json sidecar): "
                    + (
                        f"{len(skipped)} rule(s) that compare the body with its header were "
                        f"skipped ({', '.join(r.code for r in skipped)})"
                        if skipped
                        else "the body cannot be compared with its header"
                    ),
                    "",
                    doc.file,
                    offset=0,
                )
            )
        started.item_rules = [r for r in item_rules if not r.needs_header]
        started.document_rules = [r for r in document_rules if not r.needs_header]
        return started

    def _header_kind(self) -> str:
        return norce_model.header_kind_for_body(self.name)

    def xml_reader(self, stream: BinaryIO, max_item: int) -> Any:
        from linter import schemas
        from linter.read.xml import XmlReader

        item_schema = schemas.component("norce", norce_model.body_item_schema(self.name))
        reader = XmlReader(
            stream, self.layout, item_schema, {}, lambda s: schemas.resolve_ref("norce", s)
        )
        reader.max_item_size = max_item
        return reader

    def item_schema(self, item: Item, ctx: DocumentContext) -> ItemSchema | None:
        return "norce", norce_model.body_item_schema(self.name), item.pointer

    def shortcut(
        self,
        doc: DocumentInput,
        ctx: DocumentContext,
        item_codes: frozenset[str],
        schema_on: bool,
    ) -> Shortcut | None:
        if (doc.parse_as or doc.content_type) != "json":
            return None
        from linter.rules.norce.fast import fast_path_for

        return fast_path_for(ctx, item_codes, schema_on)


_RULES = "linter.rules.norce."

for _kind in (
    NorceBody(
        "norce.products",
        (f"{_RULES}products", f"{_RULES}sku_prices", f"{_RULES}unset_enums"),
    ),
    NorceBody("norce.onhands", (f"{_RULES}onhands",)),
    NorceBody("norce.prices", (f"{_RULES}prices",)),
    NorceBody("norce.relations", (f"{_RULES}relations",)),
    NorceHeader(),
):
    KIND_REGISTRY.add(_kind)
