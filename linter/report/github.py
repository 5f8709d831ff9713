"""GitHub Actions workflow commands, one annotation per diagnostic."""

from __future__ import annotations

from collections.abc import Sequence

from linter.diagnostics import Diagnostic, Severity

_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Sequence[Diagnostic], files: int) -> str:
    lines = []
    for d in diagnostics:
        command = _GITHUB_COMMAND[d.severity]
        props = (
            f"file={_escape_property(d.file)},line={d.line},col={d.column},"
            f"title={_escape_property(d.code)}"
        )
        lines.append(f"::{command} {props}::{_escape_data(d.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
