"""skuguard's payload linter: knows payloads and the documented rules; knows nothing of HTTP."""

from linter.diagnostics import Diagnostic, Severity

__all__ = ["Diagnostic", "Severity"]
