"""skuguard's contract suite: knows HTTP, judges with :mod:`linter`.

The public helpers below are loaded on first access, so ``import contracts``
(which the pytest plugin does in every test run) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from contracts.pytest.assertions import assert_valid_payload
    from contracts.pytest.contract_tests import contract_tests

_LAZY: dict[str, str] = {
    "assert_valid_payload": "contracts.pytest.assertions",
    "contract_tests": "contracts.pytest.contract_tests",
}

__all__ = ["__version__", "assert_valid_payload", "contract_tests"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
