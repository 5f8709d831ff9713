"""Whether the text report is coloured, and the ANSI styles it uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from linter.diagnostics import Severity

COLOR_CHOICES = ("auto", "always", "never")

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
CYAN = "\x1b[36m"
BLUE = "\x1b[34m"
SEVERITY_STYLE = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """``always`` and ``never`` decide alone. ``auto``: a non-empty NO_COLOR turns colour off
    (no-color.org), then a non-empty FORCE_COLOR turns it on, else colour iff ``stream`` is a
    terminal."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Style:
    """Wraps text in ANSI codes, or leaves it alone when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if self.color and text else text

    def severity(self, severity: Severity) -> str:
        return self(severity.value, SEVERITY_STYLE[severity])


__all__ = ["COLOR_CHOICES", "Style", "use_color"]
