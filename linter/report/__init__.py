"""Reports of diagnostics: plain text, JSON, SARIF and GitHub Actions annotations.

The text report is loaded with the package; the others when first asked for, so a plain
``skuguard lint`` imports no more than it prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

from linter.diagnostics import Diagnostic
from linter.report.text import render_text, summary

Renderer = Callable[[Sequence[Diagnostic], int], str]

_LOADED_ON_USE = {
    "json": "linter.report.json",
    "sarif": "linter.report.sarif",
    "github": "linter.report.github",
}
"""Format -> the module of its ``render_<format>``."""


def __getattr__(name: str) -> Any:
    form = name.removeprefix("render_")
    if form != name and form in _LOADED_ON_USE:
        return getattr(import_module(_LOADED_ON_USE[form]), name)
    if name == "RENDERERS":
        renderers: dict[str, Renderer] = {"text": render_text}
        renderers.update({form: __getattr__(f"render_{form}") for form in _LOADED_ON_USE})
        return renderers
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RENDERERS",
    "Renderer",
    "render_github",
    "render_json",
    "render_sarif",
    "render_text",
    "summary",
]
