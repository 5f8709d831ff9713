"""skuguard's payload linter: knows payloads and the documented rules; knows nothing of HTTP.

Public functions: ``lint_path``, ``lint_bytes``, ``lint_object``, ``check_header`` (diagnostics),
``detect_kind`` (the kind of a payload from its content) and
``read_items(data, kind, content_type="json") -> list`` (a Norce body's items as Python
data, read as the linter reads them; :class:`LintUsageError` when they cannot be read).

The names are loaded on first access, so importing a submodule (the CLI imports
``linter.registry``) does not pay for the readers and the engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linter._api import (
        LintResult,
        LintUsageError,
        check_header,
        lint_bytes,
        lint_object,
        lint_path,
        read_items,
    )
    from linter.diagnostics import Diagnostic, Severity
    from linter.read.detect import detect_kind

_LAZY: dict[str, str] = {
    "Diagnostic": "linter.diagnostics",
    "LintResult": "linter._api",
    "LintUsageError": "linter._api",
    "Severity": "linter.diagnostics",
    "check_header": "linter._api",
    "detect_kind": "linter.read.detect",
    "lint_bytes": "linter._api",
    "lint_object": "linter._api",
    "lint_path": "linter._api",
    "read_items": "linter._api",
}

__all__ = [
    "Diagnostic",
    "LintResult",
    "LintUsageError",
    "Severity",
    "check_header",
    "detect_kind",
    "lint_bytes",
    "lint_object",
    "lint_path",
    "read_items",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
