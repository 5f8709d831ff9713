"""The text report: ``full`` (a code frame under each diagnostic) or ``concise`` (one line
each), then a summary such as ``2 errors, 1 warning in 3 files``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from linter.diagnostics import Diagnostic, Severity
from linter.report.frame import frame_lines, source_line
from linter.report.style import BLUE, BOLD, CYAN, DIM, Style

TEXT_FORMATS = ("full", "concise")


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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(
    diagnostics: Sequence[Diagnostic], files: int, baselined: int | None = None
) -> str:
    """``2 errors, 1 warning in 3 files``; ``no problems in 1 file`` when clean; with a
    baseline, ``(50 in baseline)`` after it."""
    s = summary(diagnostics, files)
    parts = [
        _plural(s[key], noun)
        for key, noun in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
        if s[key]
    ]
    found = ", ".join(parts) if parts else "no problems"
    hidden = "" if baselined is None else f" ({baselined} in baseline)"
    return f"{found} in {_plural(files, 'file')}{hidden}"


def _location(d: Diagnostic, style: Style) -> str:
    return style(f"{escape_file_name(d.file)}:{d.line}:{d.column}:", BOLD)


def _head(d: Diagnostic, style: Style) -> str:
    return f"{_location(d, style)} {style.severity(d.severity)} {style(d.code, BOLD)} {d.message}"


def render_text(
    diagnostics: Sequence[Diagnostic],
    files: int,
    *,
    output_format: str = "full",
    color: bool = False,
    baselined: int | None = None,
) -> str:
    style = Style(color)
    lines: list[str] = []
    for d in diagnostics:
        lines.append(_head(d, style))
        if output_format == "concise":
            continue
        text = source_line(d.file, d.line)
        if text is None:
            continue
        label, shown, caret = frame_lines(text, d.line, d.column)
        pad = " " * len(label)
        bar = style("|", BLUE)
        lines.append(f"{pad} {bar}")
        lines.append(f"{style(label, BLUE)} {bar} {shown}")
        lines.append(f"{pad} {bar} {style(caret, SEVERITY_CARET[d.severity])}")
        lines.append("")
    if output_format == "concise" and diagnostics:
        lines.append("")
    lines.append(style(summary_line(diagnostics, files, baselined), BOLD))
    return "\n".join(lines) + "\n"


SEVERITY_CARET = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: CYAN}


def render_statistics(diagnostics: Sequence[Diagnostic], *, color: bool = False) -> str:
    """One line per code, most frequent first: count, code, severity, and a message of it."""
    style = Style(color)
    counts = Counter(d.code for d in diagnostics)
    first: dict[str, Diagnostic] = {}
    for d in diagnostics:
        first.setdefault(d.code, d)
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = [
        f"{count:>{width}}  {style(code, BOLD)}  {style.severity(first[code].severity):<7}  "
        f"{style(_name(code), DIM)}"
        for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def _name(code: str) -> str:
    from linter.registry import get_rule

    found = get_rule(code)
    return found.name if found is not None else ""


__all__ = [
    "TEXT_FORMATS",
    "render_statistics",
    "render_text",
    "summary",
    "summary_line",
]
