"""Drop a schema finding that only echoes a semantic rule's finding on the same value.

When a rule and the schema check both flag one node, the rule's message explains the fault
and cites what it enforces; the schema's is the generic echo. A schema finding is an echo
when a non-schema *error* of the same file points at the same node. A rule on an
ancestor (e.g. a duplicate row) is a different fault, so the schema finding inside it stays;
so is a warning on the same node (NP001 "present but not flagged" says nothing of whether the
value itself is allowed), which never hides an error.
"""

from __future__ import annotations

from collections.abc import Sequence

from linter.codes import SCHEMA_VIOLATION
from linter.diagnostics import Diagnostic, Severity


def drop_schema_echoes(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    explained = {
        (d.file, d.pointer)
        for d in diagnostics
        if d.code != SCHEMA_VIOLATION and d.pointer and d.severity is Severity.ERROR
    }
    return [
        d for d in diagnostics if d.code != SCHEMA_VIOLATION or (d.file, d.pointer) not in explained
    ]


__all__ = ["drop_schema_echoes"]
