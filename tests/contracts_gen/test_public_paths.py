"""The README's module paths `contracts.strategies` and `contracts.payload_wire` keep working."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize(
    ("public", "home"),
    [
        ("contracts.strategies", "contracts.generate.strategies"),
        ("contracts.payload_wire", "contracts.generate.wire"),
    ],
)
def test_public_path_re_exports_its_home_module(public: str, home: str) -> None:
    public_module = importlib.import_module(public)
    home_module = importlib.import_module(home)
    names = [
        n for n in vars(home_module) if not n.startswith("_") and callable(getattr(home_module, n))
    ]
    own = [n for n in names if getattr(getattr(home_module, n), "__module__", home) == home]
    assert own, f"{home} defines no public callables"
    for name in [*public_module.__all__, *own]:
        assert getattr(public_module, name) is getattr(home_module, name), name
