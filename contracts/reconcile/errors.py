"""The one error of a reconciliation the user can fix: a bad flag, file, mapping or reply."""

from __future__ import annotations


class ReconcileError(Exception):
    """Printed as ``skuguard: <place>: <cause>`` and exit 2; never a traceback."""

    def __init__(self, place: str, cause: str) -> None:
        super().__init__(f"{place}: {cause}")
        self.place = place
        self.cause = cause
