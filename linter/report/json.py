"""The JSON report: every diagnostic and the summary counts."""

from __future__ import annotations

import json
from collections.abc import Sequence

from linter.diagnostics import Diagnostic
from linter.report.text import summary


def render_json(
    diagnostics: Sequence[Diagnostic], files: int, *, baselined: int | None = None
) -> str:
    """``baselined``: findings a baseline hid (``summary.baselined``, only with a baseline)."""
    counts = summary(diagnostics, files)
    if baselined is not None:
        counts["baselined"] = baselined
    report = {"diagnostics": [d.to_dict() for d in diagnostics], "summary": counts}
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
