"""Drop a schema finding that only echoes a semantic rule's finding on the same value.

When a rule and the schema check both flag one node, the rule's message explains the fault
and cites what it enforces; the schema's is the generic echo. A schema finding is an echo
when a non-schema diagnostic of the same file points at the same node or at one of its
ancestors.
"""

from __future__ import annotations

from collections.abc import Sequence

from linter.codes import SCHEMA
from linter.diagnostics import Diagnostic


def _covers(outer: str, inner: str) -> bool:
    return inner == outer or inner.startswith(outer.rstrip("/") + "/")


def drop_schema_echoes(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    explained = [(d.file, d.pointer) for d in diagnostics if d.code != SCHEMA and d.pointer]
    return [
        d
        for d in diagnostics
        if d.code != SCHEMA or not any(f == d.file and _covers(p, d.pointer) for f, p in explained)
    ]


__all__ = ["drop_schema_echoes"]
