"""The kinds of document skuguard lints, one module per API; each kind registers itself.

:data:`KIND_REGISTRY` holds a :class:`~linter.kinds.base.Kind` per kind name; the modules in
:data:`KIND_MODULES` fill it on first read. :data:`LAYOUTS` is a read-only view of where each
kind's items are (the sandbox reads payloads with it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from linter.kinds.base import Kind
from linter.read.item import Layout
from linter.registry_type import Registry

__all__ = [
    "KIND_MODULES",
    "KIND_REGISTRY",
    "LAYOUTS",
    "Kind",
    "kind_of",
]

KIND_MODULES: tuple[str, ...] = (
    "linter.kinds.norce",
    "linter.kinds.kaching",
    "linter.kinds.unleashed",
)

KIND_REGISTRY: Registry[Kind] = Registry("kind", key=lambda k: k.name, modules=KIND_MODULES)
"""Every kind, by name; the kind modules register themselves on first read."""


def kind_of(name: str) -> Kind:
    """The kind called ``name``; :class:`~linter.registry_type.UnknownEntryError` if none."""
    return KIND_REGISTRY[name]


class _Layouts(Mapping[str, Layout]):
    """Kind name -> layout, read from the registry (so a kind added later shows up)."""

    def __getitem__(self, name: str) -> Layout:
        found = KIND_REGISTRY.get(name)
        if found is None:
            raise KeyError(name)
        return found.layout

    def __iter__(self) -> Iterator[str]:
        return iter(KIND_REGISTRY.names())

    def __len__(self) -> int:
        return len(KIND_REGISTRY)


LAYOUTS: Mapping[str, Layout] = _Layouts()
