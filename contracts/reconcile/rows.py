"""The rows both sides are turned into before they are compared."""

from __future__ import annotations

import math
from typing import NamedTuple

from contracts.reconcile.errors import ReconcileError


class SourceRow(NamedTuple):
    """One Unleashed StockOnHand row: a product in a warehouse ('' for an all-warehouse row)."""

    product: str
    warehouse: str
    available: float
    on_hand: float


class TargetRow(NamedTuple):
    """One target record in the target's own keys (Norce: location = (warehouse, location))."""

    product: str
    variant: str
    location: tuple[str, str]
    qty: float


def number(value: object, place: str, what: str) -> float:
    """A JSON number, or the text of an XML element holding one."""
    kind = type(value)
    if kind is int:
        return float(value)  # type: ignore[arg-type]
    if kind is float and value - value == 0:  # type: ignore[operator]
        return value  # type: ignore[return-value]
    if isinstance(value, bool) or value is None:
        raise ReconcileError(place, f"{what} must be a number, not {value!r}")
    if isinstance(value, int | float):
        found = float(value)
    elif isinstance(value, str):
        try:
            found = float(value.strip())
        except ValueError:
            raise ReconcileError(place, f"{what} must be a number, not {value!r}") from None
    else:
        raise ReconcileError(place, f"{what} must be a number, not {type(value).__name__}")
    if not math.isfinite(found):
        raise ReconcileError(place, f"{what} must be a finite number, not {value!r}")
    return found


def text(value: object, place: str, what: str, *, empty: bool = False) -> str:
    if type(value) is str and value and value[0] != " " and value[-1] != " ":
        return value
    if value is None and empty:
        return ""
    if not isinstance(value, str) or (not value and not empty):
        raise ReconcileError(place, f"{what} must be a non-empty string, not {value!r}")
    return value.strip()
