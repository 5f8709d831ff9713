"""Lint a payload from a test: :func:`assert_valid_payload` and the lint call it shares.

A payload is given as a Python object (what ``json.loads`` returns), as raw
``bytes`` of a document, or as a path (``str`` or :class:`os.PathLike`) of a
file. The linter is imported on first use, so importing this module is cheap.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linter import Diagnostic

# Names the linter gives a document that came from no file; not worth printing.
_ANONYMOUS_SOURCES = frozenset({"<input>", "<bytes>", "<object>", "<example>"})
_HEADER_SOURCE = "<header>"


def lint_payload(
    payload: object,
    *,
    kind: str | None = None,
    header: str | bytes | Mapping[str, Any] | None = None,
    content_type: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> list[Diagnostic]:
    """Lint ``payload`` (object, bytes, or path of a file or directory); return the diagnostics.

    ``kind`` is required for objects and bytes; for files the linter detects it
    when omitted. Raises :class:`linter.LintUsageError` (a ``ValueError``)
    naming the place and the cause when the input cannot be linted at all.
    """
    import linter

    try:
        if isinstance(payload, str | os.PathLike):
            result = linter.lint_path(
                Path(payload), kind=kind, header=header, content_type=content_type, options=options
            )
            if result.failures:
                raise linter.LintUsageError("; ".join(result.failures))
            return list(result.diagnostics)
        if kind is None:
            raise linter.LintUsageError("kind= is required to lint a Python object or bytes")
        if isinstance(payload, bytes | bytearray):
            return linter.lint_bytes(
                bytes(payload), kind=kind, header=header, content_type=content_type, options=options
            )
        return linter.lint_object(payload, kind=kind, header=header, options=options)
    except linter.LintUsageError as error:
        raise linter.LintUsageError(f"skuguard: {error}") from None


def lint_as_dicts(
    payload: object,
    *,
    kind: str | None = None,
    header: str | bytes | Mapping[str, Any] | None = None,
    content_type: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> list[dict[str, object]]:
    """Like :func:`lint_payload`, each diagnostic as in the JSON report (the fixture's form)."""
    diagnostics = lint_payload(
        payload, kind=kind, header=header, content_type=content_type, options=options
    )
    return [diag.to_dict() for diag in diagnostics]


def failing(diagnostics: Sequence[Diagnostic], *, strict: bool) -> list[Diagnostic]:
    """The diagnostics that fail an assertion: errors, and warnings when ``strict``."""
    levels = {"error", "warning"} if strict else {"error"}
    return [diag for diag in diagnostics if str(diag.severity) in levels]


def describe(diag: Diagnostic) -> str:
    """One line: code, severity, pointer, message, and the file position when there is one.

    Pointers of header diagnostics are within the header, so they say ``header``.
    """
    where = diag.pointer or "/"
    if diag.file == _HEADER_SOURCE:
        where = f"header {where}"
    line = f"{diag.code} {diag.severity!s:<7} {where}: {diag.message}"
    if diag.file not in _ANONYMOUS_SOURCES and diag.file != _HEADER_SOURCE:
        line += f"  ({diag.file}:{diag.line}:{diag.column})"
    return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def failure_message(kind: str | None, diagnostics: Sequence[Diagnostic], *, strict: bool) -> str:
    counts = ", ".join(
        _count(sum(1 for d in diagnostics if str(d.severity) == level), level)
        for level in ("error", "warning", "info")
    )
    rule = "errors and warnings fail" if strict else "errors fail; warnings are listed only"
    lines = [f"payload is not a valid {kind or 'document'}: {counts} ({rule})"]
    lines += ["  " + describe(diag) for diag in diagnostics]
    return "\n".join(lines)


def assert_valid_payload(
    payload: object,
    *,
    kind: str | None = None,
    header: str | bytes | Mapping[str, Any] | None = None,
    strict: bool = False,
    content_type: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> None:
    """Fail the calling test if the linter finds an error in ``payload``.

    Warnings fail too when ``strict=True``; info diagnostics never fail. The
    message lists every diagnostic with its code, severity, pointer and message.
    ``header`` is the Norce ``X-StormConnect-Header`` (dict, text or bytes);
    ``options`` the per-request facts a payload does not hold (Ka-ching:
    ``{"adjustment": True}``).
    """
    __tracebackhide__ = True
    diagnostics = lint_payload(
        payload, kind=kind, header=header, content_type=content_type, options=options
    )
    if failing(diagnostics, strict=strict):
        raise AssertionError(failure_message(kind, diagnostics, strict=strict))
