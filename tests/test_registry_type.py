"""The one generic registry type that rules, checks, breakers, faults and variations share."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from linter.registry_type import DuplicateEntryError, Registry, UnknownEntryError


@dataclass(frozen=True)
class Entry:
    name: str


def make() -> Registry[Entry]:
    registry: Registry[Entry] = Registry("thing", key=lambda e: e.name, normalise=str.lower)
    registry.add(Entry("alpha"))
    registry.add(Entry("beta"))
    return registry


def test_entries_are_listed_in_name_order_and_found_by_normalised_name() -> None:
    registry = make()
    registry.add(Entry("aardvark"))
    assert registry.names() == ("aardvark", "alpha", "beta")
    assert registry.get("ALPHA") == Entry("alpha")
    assert "Beta" in registry
    assert "gamma" not in registry
    assert len(registry) == 3


def test_a_name_registered_twice_is_refused() -> None:
    registry = make()
    with pytest.raises(DuplicateEntryError, match="thing alpha registered twice"):
        registry.add(Entry("alpha"))


def test_an_unknown_name_names_the_closest_ones() -> None:
    registry = make()
    with pytest.raises(UnknownEntryError, match=r"unknown thing 'alpah'; did you mean alpha\?"):
        registry["alpah"]
    with pytest.raises(UnknownEntryError) as caught:
        registry["zzzzzz"]
    assert caught.value.closest == ()


def test_a_removed_entry_is_gone() -> None:
    registry = make()
    assert registry.remove("ALPHA") == Entry("alpha")
    assert registry.names() == ("beta",)


def test_without_load_only_what_is_registered_so_far_is_read() -> None:
    """``load=False`` imports none of ``modules``; a full read then imports them."""
    registry: Registry[Entry] = Registry(
        "thing", key=lambda e: e.name, modules=("skuguard_no_such_module",)
    )
    registry.add(Entry("alpha"))
    assert registry.get("alpha", load=False) == Entry("alpha")
    assert registry.get("beta", load=False) is None
    assert registry.entries(load=False) == (Entry("alpha"),)
    with pytest.raises(ModuleNotFoundError):
        registry.entries()
