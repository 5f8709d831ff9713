"""What a kind of document is: the base class every kind derives from.

A kind owns everything about its documents that is not a rule: where the items are (its
layout), which schema each item and the whole document are checked against, how its XML is
read, documents that need handling of their own (a lone header, an empty document, a single
row without its envelope), and an optional shortcut that answers for its item rules at once.
The engine calls these hooks and never names a kind.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

from linter.checking import DocumentContext, DocumentInput, PendingFinding, Selection
from linter.codes import NOT_PARSEABLE
from linter.read.item import Item, Layout
from linter.read.problems import FatalSourceError, Problem
from linter.registry import Rule

__all__ = ["EndFinding", "ItemSchema", "Kind", "Shortcut", "Start"]

ItemSchema = tuple[str, str, str]
"""(api, schema name, pointer base) that an item is validated against."""

EndFinding = tuple[str, str, Rule]
"""(pointer, message, rule) found once the items are read."""


class Shortcut(Protocol):
    """A per-document fast path: ``accepts`` an item it can vouch has no finding."""

    def accepts(self, value: Any, index: int) -> bool: ...

    def refresh(self) -> None: ...

    def unaccepted(self, reader: Any) -> Iterator[Item]:
        """The reader's items the engine must still lint, in document order."""
        ...


@dataclass(repr=False, eq=False)
class Start:
    """What a kind settles before the items are read."""

    item_rules: list[Rule]
    document_rules: list[Rule]
    header: Mapping[str, Any] | None = None
    header_kind: str | None = None
    pending: list[PendingFinding] = field(default_factory=list)


class Kind:
    """One kind of document; subclasses override the hooks their documents need.

    ``name`` is the kind as users write it (``api.what``); ``rule_modules`` are imported
    when a document of this kind is linted (the rules shared by every kind are always loaded).
    """

    name: str = ""
    layout: Layout = Layout.ARRAY
    rule_modules: tuple[str, ...] = ()

    def lint_whole(self, doc: DocumentInput, selection: Selection) -> list[PendingFinding] | None:
        """Findings for a document that is not read item by item, or None to read items."""
        return None

    def start(
        self,
        doc: DocumentInput,
        selection: Selection,
        item_rules: list[Rule],
        document_rules: list[Rule],
    ) -> Start:
        """Settle the header (if the kind has one) and which of the selected rules run."""
        return Start(item_rules, document_rules)

    def xml_reader(self, stream: BinaryIO, max_item: int) -> Any:
        """A reader for this kind's XML; kinds without an XML form refuse it."""
        raise FatalSourceError(Problem(NOT_PARSEABLE, f"{self.name} payloads are JSON only"))

    def item_schema(self, item: Item, ctx: DocumentContext) -> ItemSchema | None:
        """The schema ``item`` is validated against, or None for no schema check."""
        return None

    def shortcut(
        self,
        doc: DocumentInput,
        ctx: DocumentContext,
        item_codes: frozenset[str],
        schema_on: bool,
    ) -> Shortcut | None:
        """A fast path that answers for the active item rules at once, or None."""
        return None

    def end_findings(
        self,
        reader: Any,
        ctx: DocumentContext,
        item_rules: list[Rule],
        schema_rule: Rule | None,
    ) -> Iterator[EndFinding]:
        """Findings once every item is read (document-level schema, special documents).

        ``schema_rule`` is None when the schema check is off.
        """
        return iter(())
