"""``skuguard lint --fix``: byte-range edits that mend findings, each rule's fix safe or unsafe.

:mod:`linter.fix.registry` holds one entry per fixable rule code; the fixers live in
:mod:`linter.fix.header_fixes` and :mod:`linter.fix.body_fixes`; :mod:`linter.fix.run`
applies them in rounds and :mod:`linter.fix.command` wires them to the command line.
The names below are imported on first use, so ``skuguard rules`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linter.fix.edits import Edit, apply_edits, unified_diff
    from linter.fix.registry import FIXES, FixEntry, Safety, fix_line, fix_of
    from linter.fix.run import MAX_ROUNDS, Fixed, fix_document

_HOMES: dict[str, str] = {
    "Edit": "linter.fix.edits",
    "apply_edits": "linter.fix.edits",
    "unified_diff": "linter.fix.edits",
    "FIXES": "linter.fix.registry",
    "FixEntry": "linter.fix.registry",
    "Safety": "linter.fix.registry",
    "fix_line": "linter.fix.registry",
    "fix_of": "linter.fix.registry",
    "MAX_ROUNDS": "linter.fix.run",
    "Fixed": "linter.fix.run",
    "fix_document": "linter.fix.run",
}

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


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'linter.fix' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
