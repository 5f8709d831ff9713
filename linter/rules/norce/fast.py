"""A per-document shortcut past the Norce item rules: one schema check that implies silence.

For a Norce body (ImportProducts, ImportOnhands, ImportSkuPriceLists, ImportRelations),
:func:`fast_path_for` builds one JSON Schema (compiled with jsonschema-rs,
:mod:`linter.rules.norce.fast_schema`) that encodes what the active item rules check of a
single item, together with the spec's item schema when SG003 runs. What a schema cannot say
(EAN check digits, StandardPrice.PartNo against its SKU, minimum against maximum, a relation
to itself, repeats across items) is checked by a short targeted pass over the item
(:mod:`linter.rules.norce.fast_rows` for flat rows).

:meth:`FastPath.accepts` is conservative: ``True`` only if the full rules would find nothing
in the item; it then records the item's keys for the cross-item rules exactly as they would.
On ``False`` the engine runs the schema check and every rule as usual, so messages and
positions never come from here. The "once per field" rules shrink their remaining sets as
they report; a schema built from larger sets is stricter, so :meth:`FastPath.refresh` only
rebuilds it to let more items through.

:meth:`FastPath.unaccepted` goes further for flat rows: it asks the reader for runs of up to
a few thousand consecutive items parsed together (:class:`linter.read.regions.ItemRun`) and
judges a whole run at once: the schema column by column (:mod:`linter.rules.norce.fast_columns`,
or one jsonschema-rs call over the array when that is in doubt), then one pass over its
columns for the rest.
A run that fails is split into smaller runs, in document order, down to single items, and
only the items refused one by one reach the engine, in order: the rules see exactly the items
and the state they would see without the shortcut.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from linter import norce_model as nf
from linter import schemas
from linter.codes import (
    PRODUCT_CODE_REPEATED,
    SKU_EAN_CHECK_DIGIT,
    SKU_PART_NO_REPEATED,
    STANDARD_PRICE_PART_NO_MISMATCH,
)
from linter.read.item import Item
from linter.read.regions import ItemRun, RegionParser
from linter.registry import LintContext
from linter.rules.norce.fast_columns import column_check
from linter.rules.norce.fast_rows import RowChecks, row_checks_for
from linter.rules.norce.fast_schema import (
    NOT_BLANK as NOT_BLANK,
)
from linter.rules.norce.fast_schema import (
    PYTHON_BLANKS as PYTHON_BLANKS,
)
from linter.rules.norce.fast_schema import (
    Builder,
    SpecShapeError,
    defname,
    ref,
)
from linter.rules.norce.products import sku_position
from linter.rules.norce.values import FirstSeen, first_seen, gtin_valid

COVERED: Mapping[str, frozenset[str]] = {
    "norce.products": frozenset(f"NP{n:03d}" for n in range(1, 19)),
    "norce.onhands": frozenset(f"NO{n:03d}" for n in range(1, 7)),
    "norce.prices": frozenset(f"NL{n:03d}" for n in range(1, 8)),
    "norce.relations": frozenset(f"NR{n:03d}" for n in range(1, 6)),
}
"""Body kind -> the item rules the fast path answers for; any other active rule turns it off."""

_NEED_SKUS = frozenset({SKU_PART_NO_REPEATED, STANDARD_PRICE_PART_NO_MISMATCH, SKU_EAN_CHECK_DIGIT})
_MIN_REBUILD_GAP = 256
"""Fewest items between two schema rebuilds (a rebuild costs a few milliseconds)."""
_STEPS = (1 << 30, 256, 16, 1)
"""Run sizes tried in turn when a run fails: the whole run, then pieces, then single items."""


@functools.cache
def _path_to(kind: str, target: str) -> tuple[tuple[str, bool], ...] | None:
    """The one chain of (property, is an array) edges from the item to ``target`` objects.

    ``None`` when there is no such chain, or more than one (then the objects are not a plain
    nesting of loops, and the fast path does not shortcut the rules that need them).
    """
    paths: list[tuple[tuple[str, bool], ...]] = []
    pending: list[tuple[str, tuple[tuple[str, bool], ...]]] = [(nf.body_item_schema(kind), ())]
    depth_limit = 2 * len(nf.body_schemas(kind))
    for _ in range(_PATH_SEARCH_STEPS):
        if not pending or len(paths) > 1:
            break
        name, path = pending.pop()
        if name == target:
            paths.append(path)
        if len(path) >= depth_limit:
            return None  # a cycle of object schemas
        for prop, (is_array, child) in nf.body_node(name).children.items():
            pending.append((child, (*path, (prop, is_array))))
    else:
        return None
    return paths[0] if len(paths) == 1 else None


_PATH_SEARCH_STEPS = 10_000


def objects_of(item: Mapping[str, Any], path: tuple[tuple[str, bool], ...]) -> list[Any]:
    """The objects at the end of ``path`` below ``item``, in the order of the rules' walk."""
    level: list[Any] = [item]
    for prop, is_array in path:
        below: list[Any] = []
        for obj in level:
            value = obj.get(prop)
            if is_array:
                if type(value) is list:
                    below.extend(element for element in value if type(element) is dict)
            elif type(value) is dict:
                below.append(value)
        level = below
    return level


class FastPath:
    """One document's shortcut; see the module docstring."""

    def __init__(self, ctx: LintContext, codes: frozenset[str], with_item_schema: bool) -> None:
        self._ctx = ctx
        self._codes = codes
        self._with_item_schema = with_item_schema
        self._since_build = 0
        self._built_from: tuple[Any, ...] = ()
        self._is_valid: Callable[[Any], bool] = _never
        self._run_valid: Callable[[Any], bool] = _never
        self._columns: dict[str, list[Any]] = {}
        """The columns of the last run the column check accepted (see ``column_check``)."""
        self._build()
        self._trackers: dict[str, FirstSeen] = {
            code: first_seen(ctx, code)
            for code in (SKU_PART_NO_REPEATED, PRODUCT_CODE_REPEATED)
            if code in codes
        }
        self._sku_path = _path_to(ctx.kind, nf.SKU_SCHEMA)
        self._rows: RowChecks | None = row_checks_for(ctx, codes, with_item_schema)
        self._extra = self._product_extra if self._rows is None else self._rows.row
        self._refused = -1
        self.accepted = 0
        """Items accepted so far (one by one or in runs)."""
        self.refused: list[int] = []
        """The indexes of the items refused, in order (the engine lints those in full)."""

    def _build(self) -> None:
        builder = Builder(self._ctx, self._codes, self._with_item_schema)
        self._built_from = (builder.unflagged, builder.flagged)
        self._since_build = 0
        root = ref(nf.body_item_schema(self._ctx.kind), True)
        defs = builder.defs()
        self._is_valid = schemas.validator_for_document("norce", root, defs).is_valid
        if self._rows_kind():
            run = {"type": "array", "items": {"allOf": [{"type": "object"}, root]}}
            self._run_valid = schemas.validator_for_document("norce", run, defs).is_valid
            item = defname(nf.body_item_schema(self._ctx.kind), True)
            by_columns = column_check(defs, item, _spec_node_at, self._columns)
            if by_columns is not None:
                self._run_valid = _either(by_columns, self._run_valid)

    def _rows_kind(self) -> bool:
        return self._ctx.kind != "norce.products"

    def accepts(self, item: Any, index: int) -> bool:
        """``True`` iff the schema check and every active item rule would find nothing."""
        if index == self._refused:  # judged already by :meth:`unaccepted`
            self._refused = -1
            return False
        answer = self._accept_one(item, index)
        if not answer:
            self.refused.append(index)
        return answer

    def _accept_one(self, item: Any, index: int) -> bool:
        self._since_build += 1
        answer = type(item) is dict and self._is_valid(item) and self._extra(item, index)
        self.accepted += answer
        return answer

    def refresh(self) -> None:
        """Called for each item not accepted: rebuild if the rules shrank a remaining set."""
        if self._since_build < _MIN_REBUILD_GAP:
            return
        builder = Builder(self._ctx, self._codes, self._with_item_schema)
        if (builder.unflagged, builder.flagged) != self._built_from:
            self._build()
        else:
            self._since_build = 0

    def unaccepted(self, reader: Any) -> Iterator[Item]:
        """The items of ``reader`` that the engine must lint in full, in document order.

        The engine still calls :meth:`accepts` (and :meth:`refresh`) for each; an item
        judged here already is answered ``False`` at once.
        """
        if isinstance(reader, RegionParser):
            reader.runs = True
        for item in reader.items():
            if type(item) is ItemRun:
                yield from self._unaccepted_in(item, 0, len(item.value), 0)
            else:
                yield item

    def _unaccepted_in(self, run: ItemRun, low: int, high: int, level: int) -> Iterator[Item]:
        values, first, step = run.value, run.index, _STEPS[level]
        for start in range(low, high, step):
            end = min(start + step, high)
            if end - start == 1 or self._rows is None:
                for at in range(start, end):
                    if not self._accept_one(values[at], first + at):
                        self._refused = first + at
                        self.refused.append(first + at)
                        yield run.item(at)
            elif not self._accept_run(
                values[start:end] if end - start < len(values) else values, first + start
            ):
                yield from self._unaccepted_in(run, start, end, level + 1)

    def _accept_run(self, rows: list[Any], first: int) -> bool:
        """``True`` iff every row would be accepted one by one (and then remembered as such)."""
        assert self._rows is not None
        self._since_build += len(rows)
        if self._run_valid(rows) and self._rows.run(rows, first, self._columns):
            self.accepted += len(rows)
            return True
        return False

    def _product_extra(self, item: dict[str, Any], index: int) -> bool:
        codes = self._codes
        skus = objects_of(item, self._sku_path) if self._sku_path is not None else []
        if STANDARD_PRICE_PART_NO_MISMATCH in codes or SKU_EAN_CHECK_DIGIT in codes:
            for sku in skus:
                if SKU_EAN_CHECK_DIGIT in codes and not gtin_valid(sku.get(nf.EAN_PROPERTY)):
                    return False
                price = sku.get(nf.STANDARD_PRICE_PROPERTY)
                if STANDARD_PRICE_PART_NO_MISMATCH in codes and type(price) is dict:
                    part_no = sku.get(nf.PART_NO_PROPERTY)
                    price_part = price.get(nf.PART_NO_PROPERTY)
                    if type(part_no) is str and type(price_part) is str and part_no != price_part:
                        return False
        parts: list[tuple[object, ...]] = []
        positions: list[int] = []
        if SKU_PART_NO_REPEATED in codes:
            for ordinal, sku in enumerate(skus):
                part_no = sku.get(nf.PART_NO_PROPERTY)
                if type(part_no) is str and part_no:
                    parts.append((part_no,))
                    positions.append(sku_position(index, ordinal))
        parts_new = self._trackers[SKU_PART_NO_REPEATED].new_digests(parts) if parts else []
        if parts_new is None:
            return False
        code = item.get(nf.CODE_PROPERTY)
        repeated_code = (
            PRODUCT_CODE_REPEATED in codes
            and type(code) is str
            and code
            # The last check: remembered only when new, as the rule itself would.
            and self._trackers[PRODUCT_CODE_REPEATED].seen_before((code,), index) is not None
        )
        if repeated_code:
            return False
        if parts_new:
            self._trackers[SKU_PART_NO_REPEATED].add_digests(parts_new, positions)
        return True


def _never(value: Any) -> bool:
    return False


def _spec_node_at(target: str) -> Any:
    """The spec's schema at a ``$ref`` as the validators read it."""
    return schemas.prepared(copy.deepcopy(dict(schemas.resolve_ref("norce", {"$ref": target}))))


def _either(first: Callable[[Any], bool], second: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """``first``, and when it is in doubt, ``second`` (both answer the same question)."""

    def either(value: Any) -> bool:
        return first(value) or second(value)

    return either


def fast_path_for(ctx: LintContext, item_codes: frozenset[str], schema_on: bool) -> FastPath | None:
    """The shortcut for this document, or ``None`` when it cannot answer for every active rule."""
    covered = COVERED.get(ctx.kind)
    if covered is None or not item_codes <= covered or ctx.content_type != "json":
        return None
    if item_codes & _NEED_SKUS and _path_to(ctx.kind, nf.SKU_SCHEMA) is None:
        return None
    try:
        return FastPath(ctx, item_codes, schema_on)
    except SpecShapeError:
        return None
