"""Reports of diagnostics: plain text, JSON, SARIF and GitHub Actions annotations."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from linter.diagnostics import Diagnostic
from linter.report.github import render_github
from linter.report.json import render_json
from linter.report.sarif import render_sarif
from linter.report.text import render_text, summary

Renderer = Callable[[Sequence[Diagnostic], int], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}

__all__ = [
    "RENDERERS",
    "Renderer",
    "render_github",
    "render_json",
    "render_sarif",
    "render_text",
    "summary",
]
