"""The plain text report: one line per diagnostic and a summary line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from linter.diagnostics import Diagnostic, Severity


def summary(diagnostics: Sequence[Diagnostic], files: int) -> dict[str, int]:
    def count(severity: Severity) -> int:
        return sum(1 for d in diagnostics if d.severity is severity)

    return {
        "files": files,
        "errors": count(Severity.ERROR),
        "warnings": count(Severity.WARNING),
        "infos": count(Severity.INFO),
    }


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_file_name(name: str) -> str:
    """A file name with its control characters written as escapes (``\\n``, ``\\x1b``), so
    that one diagnostic stays one line and a name cannot drive the terminal."""
    return _CONTROL.sub(lambda m: _NAMED.get(m[0], f"\\x{ord(m[0]):02x}"), name)


def render_text(diagnostics: Sequence[Diagnostic], files: int) -> str:
    lines = [
        f"{escape_file_name(d.file)}:{d.line}:{d.column}: {d.code} {d.message}" for d in diagnostics
    ]
    s = summary(diagnostics, files)
    lines.append(
        f"{s['files']} file(s) checked: {s['errors']} error(s), {s['warnings']} warning(s), "
        f"{s['infos']} info(s)"
    )
    return "\n".join(lines) + "\n"
