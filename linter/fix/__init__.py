"""``skuguard lint --fix``: byte-range edits that mend findings, each rule's fix safe or unsafe.

:mod:`linter.fix.registry` holds one entry per fixable rule code; the fixers live in
:mod:`linter.fix.header_fixes` and :mod:`linter.fix.body_fixes`; :mod:`linter.fix.run`
applies them in rounds and :mod:`linter.fix.command` wires them to the command line.
"""

from __future__ import annotations

from linter.fix.edits import Edit, apply_edits, unified_diff
from linter.fix.registry import FIXES, FixEntry, Safety, fix_line, fix_of
from linter.fix.run import MAX_ROUNDS, Fixed, fix_document

__all__ = [
    "FIXES",
    "MAX_ROUNDS",
    "Edit",
    "FixEntry",
    "Fixed",
    "Safety",
    "apply_edits",
    "fix_document",
    "fix_line",
    "fix_of",
    "unified_diff",
]
