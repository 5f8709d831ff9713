"""The plain text report: one line per diagnostic and a summary line."""

from __future__ import annotations

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


def render_text(diagnostics: Sequence[Diagnostic], files: int) -> str:
    lines = [f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}" for d in diagnostics]
    s = summary(diagnostics, files)
    lines.append(
        f"{s['files']} file(s) checked: {s['errors']} error(s), {s['warnings']} warning(s), "
        f"{s['infos']} info(s)"
    )
    return "\n".join(lines) + "\n"
