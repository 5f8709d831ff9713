"""skuguard's payload linter: knows payloads and the documented rules; knows nothing of HTTP.

Public functions: ``lint_path``, ``lint_bytes``, ``lint_object``, ``check_header`` (diagnostics),
``detect_kind`` (the kind of a payload from its content) and
``read_items(data, kind, content_type="json") -> list`` (a Norce body's items as Python
data, read as the linter reads them; :class:`LintUsageError` when they cannot be read).
"""

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
