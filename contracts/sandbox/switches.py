"""Behaviours of a running sandbox switched on by name, drawn from one registry.

Faults allow one at a time; a registry of behaviours that may be combined gives no limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from linter.registry_type import Registry

__all__ = ["Switchboard", "TooManySwitchedOnError"]

T = TypeVar("T")


class TooManySwitchedOnError(ValueError):
    """More names were switched on than the switchboard allows at once."""


class Switchboard(Generic[T]):
    """The names of ``registry`` that are on; safe across threads.

    ``limit`` is how many may be on at once (``None``: any number). ``unknown`` builds the error
    raised for a name the registry does not hold.
    """

    def __init__(
        self,
        registry: Registry[T],
        *,
        unknown: Callable[[str], Exception],
        limit: int | None = None,
    ) -> None:
        self._registry = registry
        self._unknown = unknown
        self._limit = limit
        self._lock = threading.Lock()
        self._on: frozenset[str] = frozenset()

    def _known(self, name: str) -> str:
        if name not in self._registry:
            raise self._unknown(name)
        return name

    def set(self, names: Iterable[str]) -> None:
        """Switch on exactly ``names`` (an empty iterable switches everything off)."""
        wanted = frozenset(self._known(name) for name in names)
        if self._limit is not None and len(wanted) > self._limit:
            raise TooManySwitchedOnError(
                f"at most {self._limit} {self._registry.what}(s) may be on at once"
            )
        with self._lock:
            self._on = wanted

    @property
    def names(self) -> frozenset[str]:
        """The names that are on."""
        with self._lock:
            return self._on

    def active(self, name: str) -> bool:
        """Is ``name`` on? (``name`` must be in the registry.)"""
        return self._known(name) in self.names
