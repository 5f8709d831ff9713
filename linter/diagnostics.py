"""The diagnostic a rule produces, and its severity."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, located by JSON Pointer and (when known) 1-based line and column."""

    code: str
    severity: Severity
    message: str
    pointer: str
    file: str = "<input>"
    line: int = 1
    column: int = 1

    def to_dict(self) -> dict[str, object]:
        """The exact shape of one entry of the JSON report."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return {
            k: data[k] for k in ("code", "severity", "message", "file", "line", "column", "pointer")
        }


__all__ = [
    "Diagnostic",
    "Severity",
]
