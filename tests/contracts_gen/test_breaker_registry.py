"""The breaker registry: every family module is loaded, and names follow ``kind:CODE``."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import contracts.breakers
from contracts.breakers.registry import BREAKER_MODULES, BREAKERS, breaker_name, breaks
from linter.registry_type import DuplicateEntryError, UnknownEntryError


def test_every_module_that_registers_breakers_is_loaded_by_the_registry() -> None:
    for info in pkgutil.walk_packages(contracts.breakers.__path__, "contracts.breakers."):
        importlib.import_module(info.name)
    registering = {entry.mutate.__module__ for entry in BREAKERS.entries()}
    assert registering == set(BREAKER_MODULES)


def test_names_are_kind_and_upper_case_code() -> None:
    entry = BREAKERS["norce.products:np003"]
    assert (entry.kind, entry.code, entry.name) == (
        "norce.products",
        "NP003",
        breaker_name("norce.products", "np003"),
    )


def test_a_second_breaker_for_one_kind_and_code_is_refused() -> None:
    assert "norce.products:NP003" in BREAKERS  # loads every family first
    with pytest.raises(DuplicateEntryError, match=re.escape("norce.products:NP003")):
        breaks("NP003", ("norce.products",))(lambda draw, payload: payload)


def test_an_unknown_breaker_names_the_closest() -> None:
    with pytest.raises(UnknownEntryError, match=re.escape("norce.products:NP003")):
        BREAKERS["norce.product:NP003"]
