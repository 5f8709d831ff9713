"""One generic registry type for everything skuguard defines once: rules, checks, breakers,
faults and sandbox variations.

A :class:`Registry` maps a stable name to one entry. Entries are added by the modules that
define them (usually through a decorator or a small factory); a registry that is filled by
importing modules names them in ``modules`` and imports them on first read, so start-up pays
only for the registries a command touches.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["DuplicateEntryError", "Registry", "UnknownEntryError"]

T = TypeVar("T")


class DuplicateEntryError(ValueError):
    """An entry was registered twice under one name."""


class UnknownEntryError(LookupError):
    """A name that the registry does not hold; the message offers the closest names."""

    def __init__(self, what: str, name: str, closest: Iterable[str]) -> None:
        near = list(closest)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        super().__init__(f"unknown {what} {name!r}{hint}")
        self.name = name
        self.closest = tuple(near)


class Registry(Generic[T]):
    """Entries of one type, each under one stable name, listed in name order.

    ``what`` names the entries in messages (``"rule"``, ``"fault"``). ``key`` gives an entry's
    name. ``normalise`` maps a name as a user types it to the stored form (rule codes are
    upper case). ``modules`` are imported on first read; importing them registers their entries.
    """

    def __init__(
        self,
        what: str,
        *,
        key: Callable[[T], str],
        normalise: Callable[[str], str] = str,
        modules: Iterable[str] = (),
    ) -> None:
        self.what = what
        self._key = key
        self._normalise = normalise
        self._modules = tuple(modules)
        self._entries: dict[str, T] = {}
        self._loaded = not self._modules
        self._loading = False

    def add(self, entry: T) -> T:
        """Register ``entry`` under its name; a second entry with the same name is an error."""
        name = self._key(entry)
        if name in self._entries:
            raise DuplicateEntryError(f"{self.what} {name} registered twice")
        self._entries[name] = entry
        return entry

    def remove(self, name: str) -> T:
        """Take the entry called ``name`` out again (for tests that register a stand-in)."""
        return self._entries.pop(self._normalise(name))

    def _load(self) -> None:
        if self._loaded or self._loading:
            return
        self._loading = True
        try:
            for module in self._modules:
                importlib.import_module(module)
        finally:
            self._loading = False
        self._loaded = True

    def get(self, name: str, *, load: bool = True) -> T | None:
        """The entry called ``name``, or None; ``load=False`` looks only at what is registered
        so far, without importing ``modules``."""
        if load:
            self._load()
        return self._entries.get(self._normalise(name))

    def __getitem__(self, name: str) -> T:
        """The entry called ``name``; :class:`UnknownEntryError` names the closest ones."""
        entry = self.get(name)
        if entry is None:
            raise UnknownEntryError(self.what, name, self.closest(name))
        return entry

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def closest(self, name: str, *, count: int = 3) -> list[str]:
        """Registered names that look most like ``name`` (for "did you mean" hints)."""
        self._load()
        wanted = self._normalise(name)
        import difflib  # only for an unknown name

        return difflib.get_close_matches(wanted, sorted(self._entries), n=count, cutoff=0.5)

    def names(self) -> tuple[str, ...]:
        """Every registered name, sorted."""
        self._load()
        return tuple(sorted(self._entries))

    def entries(self, *, load: bool = True) -> tuple[T, ...]:
        """Every entry, sorted by name; ``load=False`` as for :meth:`get`."""
        if load:
            self._load()
        return tuple(self._entries[name] for name in sorted(self._entries))

    def __iter__(self) -> Iterator[T]:
        return iter(self.entries())

    def __len__(self) -> int:
        self._load()
        return len(self._entries)
