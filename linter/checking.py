"""What the engine needs to call a rule and record its findings.

The per-document context a check reads, a finding waiting for its position, which rules
are selected, and the guard that turns a rule's exception into an SG000 diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from linter.codes import INTERNAL_ERROR
from linter.diagnostics import Severity
from linter.read.item import Item
from linter.read.problems import Problem
from linter.registry import Rule, Scope, get_rule, rules_for

Opener = Callable[[], BinaryIO]
HeaderInput = str | bytes | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rule codes run: ruff style prefixes (``NH``, ``SG002``); ignore wins over select."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        if self.select is not None and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


@dataclass(repr=False, eq=False)
class DocumentContext:
    kind: str
    content_type: str
    header: Mapping[str, Any] | None
    header_kind: str | None
    options: Mapping[str, Any]
    extras: dict[str, Any] = field(default_factory=dict)
    item_count: int = 0
    _states: dict[str, dict[str, Any]] = field(default_factory=dict)

    def state(self, code: str) -> dict[str, Any]:
        found = self._states.get(code)
        if found is None:
            found = self._states[code] = {}
        return found


@dataclass(slots=True, repr=False, eq=False)
class PendingFinding:
    """A finding waiting for its position: a byte offset, or a line and column."""

    code: str
    severity: Severity
    message: str
    pointer: str
    file: str
    offset: int | None = None
    line: int | None = None
    column: int | None = None
    in_text: bytes | None = None  # when the offset is within this text (a header), not the file


@dataclass(repr=False, eq=False)
class DocumentInput:
    """One document to lint."""

    open: Opener
    kind: str
    file: str
    content_type: str = "json"
    header: HeaderInput | None = None
    header_file: str = "<header>"
    options: Mapping[str, Any] = field(default_factory=dict)
    parse_as: str | None = None
    """Read the bytes as this serialization instead of ``content_type`` (``lint_object``)."""


Where = int | tuple[int, int] | None
"""A byte offset, a (line, column), or not known yet (located at the end)."""


def finding_at(
    found: Rule, message: str, pointer: str, file: str, where: Where, in_text: bytes | None = None
) -> PendingFinding:
    """A finding of rule ``found``; ``in_text`` when the offset is within a header's text."""
    if isinstance(where, tuple):
        return PendingFinding(
            found.code, found.severity, message, pointer, file, line=where[0], column=where[1]
        )
    return PendingFinding(
        found.code, found.severity, message, pointer, file, offset=where, in_text=in_text
    )


def severity_of(code: str) -> Severity:
    registered = get_rule(code)
    return registered.severity if registered is not None else Severity.ERROR


def pending_from_problem(problem: Problem, file: str, text: bytes | None = None) -> PendingFinding:
    return PendingFinding(
        code=problem.code,
        severity=severity_of(problem.code),
        message=problem.message,
        pointer=problem.pointer,
        file=file,
        offset=problem.offset,
        line=problem.line,
        column=problem.column,
        in_text=text,
    )


def internal_message(rule: Rule, error: Exception) -> str:
    return f"internal error in rule {rule.code} ({rule.name}): {type(error).__name__}: {error}"


def run_check(
    rule: Rule, call: Callable[[], Iterable[tuple[str, str]]]
) -> Iterator[tuple[str, str, Rule]]:
    try:
        for pointer, message in call():
            yield pointer, message, rule
    except Exception as error:  # a broken rule must not stop the run
        yield "", internal_message(rule, error), INTERNAL_RULE


INTERNAL_RULE = Rule(
    code=INTERNAL_ERROR,
    name="internal-error",
    severity=Severity.ERROR,
    kinds=frozenset(),
    scope=Scope.SOURCE,
    summary="A rule failed while checking this document.",
    why="",
    bad=None,  # type: ignore[arg-type]
    good=None,  # type: ignore[arg-type]
)


def active_rules(kind: str, scope: Scope, selection: Selection) -> list[Rule]:
    return [r for r in rules_for(kind, scope) if selection.enabled(r.code)]


def header_rules(kind: str, selection: Selection) -> list[Rule]:
    found: dict[str, Rule] = {}
    for source_kind in (kind, "norce.header"):
        for candidate in active_rules(source_kind, Scope.HEADER, selection):
            found[candidate.code] = candidate
    return sorted(found.values(), key=lambda r: r.code)


def nearest_position(positions: Mapping[str, tuple[int, int]], pointer: str) -> tuple[int, int]:
    probe = pointer
    while probe not in positions and probe:
        probe = probe.rsplit("/", 1)[0]
    return positions.get(probe, (1, 1))


def pending_in_item(
    item: Item, pointer: str, message: str, found: Rule, file: str
) -> PendingFinding:
    try:
        where = item.locate(pointer)
    except Exception:  # locating is best effort; the pointer still names the node
        where = item.raw_offset
    return finding_at(found, message, pointer, file, where)
