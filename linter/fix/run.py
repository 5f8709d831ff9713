"""Mend one document in rounds: lint, take the fixes that do not overlap, apply, lint again."""

from __future__ import annotations

import io
import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from linter.checking import DocumentInput, Selection
from linter.diagnostics import Diagnostic, Severity
from linter.engine import lint_document
from linter.fix.edits import Edit, apply_edits, choose_edits
from linter.fix.registry import Documents, fix_of

__all__ = ["MAX_ROUNDS", "Fixed", "fix_document"]

MAX_ROUNDS = 10
"""Rounds of fixing before giving up on overlapping fixes (each round lints again)."""


@dataclass
class Fixed:
    """The texts after fixing, and how many findings the fixes mended."""

    texts: dict[str, bytes]
    fixed: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    """Findings mended, by rule code."""
    files: dict[str, int] = field(default_factory=dict)
    """Findings mended, by the text that held them."""
    rounds: int = 0


def _lint(docs: Documents, options: Mapping[str, Any], selection: Selection) -> list[Diagnostic]:
    body = docs.texts[docs.body]
    header = docs.texts[docs.header] if docs.header is not None else None
    doc = DocumentInput(
        open=lambda: io.BytesIO(body),
        kind=docs.kind,
        file=docs.body,
        content_type=docs.content_type,
        header=header,
        header_file=docs.header or "<header>",
        options=dict(options),
    )
    return lint_document(doc, selection)


def _edits_of(finding: Diagnostic, docs: Documents, unsafe: bool) -> list[Edit]:
    entry = fix_of(finding.code)
    make = entry.maker(unsafe) if entry is not None else None
    if make is None or finding.file not in docs.texts:
        return []
    try:
        edits = make(finding, docs)
    except Exception:  # a fixer's bug leaves the finding as it is, never the file broken
        return []
    ordered = sorted(edits, key=lambda e: (e.file, e.start, e.end))
    for a, b in itertools.pairwise(ordered):
        if a.file == b.file and b.start < a.end:
            return []  # a fix whose own edits overlap is not applied
    return [e for e in ordered if e.file in docs.texts and 0 <= e.start <= e.end]


def fix_document(
    texts: Mapping[str, bytes],
    *,
    body: str,
    header: str | None,
    kind: str,
    content_type: str,
    options: Mapping[str, Any] | None = None,
    selection: Selection | None = None,
    unsafe: bool = False,
) -> Fixed:
    """Apply the fixes to the body ``texts[body]`` and its header ``texts[header]``.

    Rounds stop when no fix is left or after :data:`MAX_ROUNDS`; edits of one round never
    overlap, and each round lints the edited texts again. A round after which an error is
    reported more often than before is undone, and fixing stops there.
    """
    chosen_selection = selection or Selection()
    result = Fixed(dict(texts))
    previous: tuple[dict[str, bytes], Counter[str], list[Diagnostic]] | None = None
    for round_number in range(MAX_ROUNDS + 1):
        docs = Documents(result.texts, body, header, kind, content_type)
        findings = _lint(docs, options or {}, chosen_selection)
        errors = Counter(f.code for f in findings if f.severity is Severity.ERROR)
        if previous is not None and errors - previous[1]:
            # the last round raised an error that was not there: undo it and stop
            result.texts = previous[0]
            _count(result, previous[2], subtract=True)
            result.rounds -= 1
            break
        if round_number == MAX_ROUNDS:
            break
        groups = [_edits_of(finding, docs, unsafe) for finding in findings]
        edits, taken = choose_edits(groups)
        if not edits:
            break
        previous = (dict(result.texts), errors, [findings[i] for i in taken])
        result.rounds += 1
        for name in {edit.file for edit in edits}:
            result.texts[name] = apply_edits(
                result.texts[name], [e for e in edits if e.file == name]
            )
        _count(result, previous[2])
    return result


def _count(result: Fixed, mended: list[Diagnostic], *, subtract: bool = False) -> None:
    step = -1 if subtract else 1
    for finding in mended:
        result.codes[finding.code] = result.codes.get(finding.code, 0) + step
        result.files[finding.file] = result.files.get(finding.file, 0) + step
        result.fixed += step
    result.codes = {code: n for code, n in result.codes.items() if n}
    result.files = {name: n for name, n in result.files.items() if n}
