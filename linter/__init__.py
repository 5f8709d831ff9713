"""skuguard's payload linter: knows payloads and the documented rules; knows nothing of HTTP."""

from linter._api import (
    LintResult,
    LintUsageError,
    check_header,
    lint_bytes,
    lint_object,
    lint_path,
)
from linter._detect import detect_kind
from linter.diagnostics import Diagnostic, Severity

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
]
