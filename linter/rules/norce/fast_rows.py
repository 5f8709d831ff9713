"""The fast path's checks of flat rows (on-hands, prices, relations) past the schema.

What a JSON Schema cannot say of a row: MinimumValue against MaximumValue, a relation to
itself, and the repeats across rows (the row's key seen before). :class:`RowChecks` answers
both for one row (:meth:`RowChecks.row`) and for a run of consecutive rows at once
(:meth:`RowChecks.run`: columns read with ``map``, the keys tested against the trackers with
one vectorised filter test). Either answers ``True`` only if the rules would find nothing,
and then remembers the keys exactly as the rules would (each first seen at its row's index);
on ``False`` it remembers nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import repeat
from operator import eq, gt, itemgetter
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    ONHAND_MINIMUM_ABOVE_MAXIMUM,
    ONHAND_ROW_REPEATED,
    PRICE_ROW_REPEATED,
    RELATION_REPEATED,
    RELATION_TO_ITSELF,
)
from linter.registry import LintContext
from linter.rules.norce.values import FirstSeen, first_seen, text_key

__all__ = ["ROW_KINDS", "RowChecks", "row_checks_for"]

_PLAIN_NUMBERS = (int, float)
_NO_BREAK = text_key(0)
"""A price row's key part when it has no QuantityBreak (as the rule computes it)."""


@dataclass(frozen=True)
class _KeyRule:
    """A repeat rule: its code, the key's properties, how many must be strings."""

    code: str
    props: tuple[str, ...]
    strings: int
    last: Callable[[object], object] | None = None
    """Turns the last property's value into its key part (``None``: as it is)."""


def _break_key(value: object) -> object:
    return _NO_BREAK if value is None else text_key(value)


def _one(value: object) -> tuple[object]:
    return (_break_key(value),)


_KEYS = {
    "norce.onhands": _KeyRule(
        ONHAND_ROW_REPEATED,
        (nf.PART_NO_PROPERTY, nf.WAREHOUSE_CODE_PROPERTY, nf.LOCATION_CODE_PROPERTY),
        3,
    ),
    "norce.prices": _KeyRule(
        PRICE_ROW_REPEATED,
        (nf.PART_NO_PROPERTY, nf.PRICE_LIST_CODE_PROPERTY, nf.QUANTITY_BREAK_PROPERTY),
        2,
        _break_key,
    ),
    "norce.relations": _KeyRule(
        RELATION_REPEATED,
        (nf.PART_NO_PROPERTY, nf.RELATED_PART_NO_PROPERTY, nf.RELATION_TYPE_PROPERTY),
        3,
    ),
}
ROW_KINDS = frozenset(_KEYS)
"""The body kinds whose items are flat rows judged here."""


class RowChecks:
    """The row checks of one document; see the module docstring.

    ``typed`` says the schema the rows passed includes the spec's (required string keys,
    numbers where numbers belong), which lets the run check skip the per-row type tests.
    """

    def __init__(self, ctx: LintContext, codes: frozenset[str], typed: bool) -> None:
        key_rule = _KEYS[ctx.kind]
        self._key_rule = key_rule if key_rule.code in codes else None
        self._tracker: FirstSeen | None = (
            first_seen(ctx, key_rule.code) if self._key_rule is not None else None
        )
        self._range = ctx.kind == "norce.onhands" and ONHAND_MINIMUM_ABOVE_MAXIMUM in codes
        self._itself = ctx.kind == "norce.relations" and RELATION_TO_ITSELF in codes
        self._typed = typed
        props = key_rule.props[: key_rule.strings]
        self._getter: Callable[[dict[str, Any]], tuple[object, ...]] = (
            itemgetter(*props) if len(props) > 1 else lambda row: (row[props[0]],)
        )

    # -- one row -----------------------------------------------------------------------

    def row(self, item: dict[str, Any], index: int) -> bool:
        if self._range and not _range_holds(
            item.get(nf.MINIMUM_PROPERTY), item.get(nf.MAXIMUM_PROPERTY)
        ):
            return False
        if self._itself:
            part_no = item.get(nf.PART_NO_PROPERTY)
            if type(part_no) is str and part_no == item.get(nf.RELATED_PART_NO_PROPERTY):
                return False
        rule, tracker = self._key_rule, self._tracker
        if rule is None or tracker is None:
            return True
        key = self._key(item, rule)
        # Remembered only when new, as the rule itself would.
        return key is None or tracker.seen_before(key, index) is None

    @staticmethod
    def _key(item: dict[str, Any], rule: _KeyRule) -> tuple[object, ...] | None:
        parts = [item.get(prop) for prop in rule.props]
        if any(type(part) is not str for part in parts[: rule.strings]):
            return None
        if rule.last is not None:
            parts[-1] = rule.last(parts[-1])
        return tuple(parts)

    # -- a run of rows -----------------------------------------------------------------

    def run(self, rows: list[dict[str, Any]], first: int, columns: Mapping[str, list[Any]]) -> bool:
        """``row`` for each of ``rows`` (at indexes ``first``, ``first + 1``, ...) at once.

        ``columns``, when not empty, are the rows' columns: each row has the same keys, and a
        property it lacks is absent from every row (so the lists need not be read again).
        """
        if self._range and not self._ranges_hold(rows, columns):
            return False
        if self._itself and self._related_to_itself(rows):
            return False
        rule, tracker = self._key_rule, self._tracker
        if rule is None or tracker is None:
            return True
        keys, positions = self._keys(rows, first, rule, columns)
        digests = tracker.all_new(keys)
        if digests is None:
            return False
        tracker.add_all(digests, positions)
        return True

    def _ranges_hold(self, rows: list[dict[str, Any]], columns: Mapping[str, list[Any]]) -> bool:
        if columns:
            low_column = columns.get(nf.MINIMUM_PROPERTY)
            high_column = columns.get(nf.MAXIMUM_PROPERTY)
            if low_column is None or high_column is None:
                return True  # absent from every row
            lows: list[Any] = low_column
            highs: list[Any] = high_column
        else:
            lows = list(map(dict.get, rows, repeat(nf.MINIMUM_PROPERTY)))
            highs = list(map(dict.get, rows, repeat(nf.MAXIMUM_PROPERTY)))
        if self._typed and None not in lows and None not in highs:  # numbers only
            return not any(map(gt, lows, highs))
        return all(map(_range_holds, lows, highs))

    def _keys(
        self,
        rows: list[dict[str, Any]],
        first: int,
        rule: _KeyRule,
        columns: Mapping[str, list[Any]],
    ) -> tuple[list[tuple[object, ...]], range | list[int]]:
        """The rows' keys the rule remembers, and the index of each key's row."""
        positions: range | list[int] = range(first, first + len(rows))
        if self._typed:  # the string parts are there, and strings
            parts = rule.props[: rule.strings]
            keys: list[tuple[object, ...]] = (
                list(zip(*(columns[prop] for prop in parts), strict=True))
                if columns and all(prop in columns for prop in parts)
                else list(map(self._getter, rows))
            )
            if rule.last is None:
                return keys, positions
            last = (
                columns.get(rule.props[-1], [None] * len(rows))
                if columns
                else list(map(dict.get, rows, repeat(rule.props[-1])))
            )
            ends = repeat((_NO_BREAK,)) if last.count(None) == len(last) else map(_one, last)
            return list(map(tuple.__add__, keys, ends)), positions
        read = [list(map(dict.get, rows, repeat(prop))) for prop in rule.props]
        if rule.last is not None:
            read[-1] = list(map(rule.last, read[-1]))
        keys = list(zip(*read, strict=True))
        strings = rule.strings
        kept = [at for at, key in enumerate(keys) if all(type(p) is str for p in key[:strings])]
        if len(kept) != len(keys):
            keys = [keys[at] for at in kept]
            positions = [first + at for at in kept]
        return keys, positions

    def _related_to_itself(self, rows: list[dict[str, Any]]) -> bool:
        parts = list(map(dict.get, rows, repeat(nf.PART_NO_PROPERTY)))
        related = map(dict.get, rows, repeat(nf.RELATED_PART_NO_PROPERTY))
        if self._typed:  # both are strings
            return any(map(eq, parts, related))
        return any(type(p) is str and p == r for p, r in zip(parts, related, strict=True))


def _range_holds(low: object, high: object) -> bool:
    """MinimumValue is not above MaximumValue (``False`` also when in doubt: a non-number)."""
    if low is None or high is None:
        return True
    if type(low) not in _PLAIN_NUMBERS or type(high) not in _PLAIN_NUMBERS:
        return False
    return not low > high  # type: ignore[operator]


def row_checks_for(ctx: LintContext, codes: frozenset[str], typed: bool) -> RowChecks | None:
    """The row checks for a flat-row kind, ``None`` for any other kind."""
    return RowChecks(ctx, codes, typed) if ctx.kind in ROW_KINDS else None
