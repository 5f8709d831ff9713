"""The rule registry: every rule is defined once here, with the text that documents it.

A rule is a plain function decorated with :func:`rule`. Its scope says when the
engine calls it:

``source``   no function; the reader emits it (parse errors, duplicate keys).
``header``   ``check(header, ctx)`` once per document, with the parsed Norce header dict.
``item``     ``check(item, index, ctx)`` for each top-level item of the document
             (an element of a Norce array, a Ka-ching location, an Unleashed row).
``document`` ``check(ctx)`` once, after every item (cross-item state lives in ``ctx.state``).

Rule modules load per kind: linting a document imports the rules shared by every kind
(:data:`SHARED_RULE_MODULES`) and its kind's ``rule_modules`` (see :mod:`linter.kinds`),
so a Ka-ching file never imports the Norce rules. Listing every rule imports them all.

A check yields :data:`Finding` pairs: the JSON Pointer of the offending node
(absolute within the document, or within the header for header rules) and a
message that names the offending value.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from linter.diagnostics import Severity
from linter.registry_type import Registry

Finding = tuple[str, str]

KINDS: tuple[str, ...] = (  # the built-in kinds, in the order they are listed to users
    "norce.products",
    "norce.onhands",
    "norce.prices",
    "norce.relations",
    "norce.header",
    "kaching.stock",
    "unleashed.stock-on-hand",
)

NORCE_BODY_KINDS: frozenset[str] = frozenset(
    {"norce.products", "norce.onhands", "norce.prices", "norce.relations"}
)


class Scope(StrEnum):
    SOURCE = "source"
    HEADER = "header"
    ITEM = "item"
    DOCUMENT = "document"


class LintContext(Protocol):
    """What a check may read while a document is linted."""

    @property
    def kind(self) -> str: ...

    @property
    def content_type(self) -> str:
        """``json`` or ``xml``."""
        ...

    @property
    def header(self) -> Mapping[str, Any] | None:
        """The parsed Norce header object, when one was given."""
        ...

    @property
    def header_kind(self) -> str | None:
        """Which Norce header type the header is.

        One of ``product``, ``onhand``, ``price``, ``relation``.
        """
        ...

    @property
    def options(self) -> Mapping[str, Any]:
        """Per-run options, e.g. ``{"adjustment": True}`` for a Ka-ching stock import."""
        ...

    def state(self, code: str) -> dict[str, Any]:
        """A dict private to the rule ``code`` that lives for the whole document."""
        ...

    @property
    def extras(self) -> Mapping[str, Any]:
        """Top-level members that are not items (Unleashed ``Pagination``).

        Complete when document rules run.
        """
        ...

    @property
    def item_count(self) -> int:
        """How many items were read so far (all of them, for document rules)."""
        ...


HeaderCheck = Callable[[Mapping[str, Any], LintContext], Iterable[Finding]]
ItemCheck = Callable[[Any, int, LintContext], Iterable[Finding]]
DocumentCheck = Callable[[LintContext], Iterable[Finding]]
AnyCheck = Callable[..., Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Example:
    """A payload for ``skuguard rule``; ``header`` is the Norce header text that goes with it."""

    body: str
    header: str | None = None
    kind: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    kinds: frozenset[str]
    scope: Scope
    summary: str
    why: str
    bad: Example
    good: Example
    check: AnyCheck | None = None
    needs_header: bool = False


SHARED_RULE_MODULES: tuple[str, ...] = ("linter.rules.syntax",)
"""The rule modules whose rules apply to documents of every kind."""

RULE_MODULES: tuple[str, ...] = (
    "linter.rules.syntax",
    "linter.rules.norce.headers",
    "linter.rules.norce.lists",
    "linter.rules.norce.products",
    "linter.rules.norce.sku_prices",
    "linter.rules.norce.unset_enums",
    "linter.rules.norce.onhands",
    "linter.rules.norce.prices",
    "linter.rules.norce.relations",
    "linter.rules.kaching",
    "linter.rules.unleashed",
)

RULES: Registry[Rule] = Registry(
    "rule", key=lambda r: r.code, normalise=str.upper, modules=RULE_MODULES
)
"""Every rule, by code; the rule modules register themselves on first read."""


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    kinds: Iterable[str],
    scope: Scope,
    summary: str,
    why: str,
    bad: Example,
    good: Example,
    needs_header: bool = False,
) -> Callable[[AnyCheck], AnyCheck]:
    """Register ``check`` as rule ``code``. Codes are stable: never reuse or renumber one."""

    def register(check: AnyCheck) -> AnyCheck:
        _add(
            Rule(
                code=code,
                name=name,
                severity=severity,
                kinds=frozenset(kinds),
                scope=scope,
                summary=summary,
                why=why,
                bad=bad,
                good=good,
                check=check,
                needs_header=needs_header,
            )
        )
        return check

    return register


def source_rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    kinds: Iterable[str],
    summary: str,
    why: str,
    bad: Example,
    good: Example,
) -> Rule:
    """Register a rule that the reader emits itself (no check function)."""
    registered = Rule(
        code=code,
        name=name,
        severity=severity,
        kinds=frozenset(kinds),
        scope=Scope.SOURCE,
        summary=summary,
        why=why,
        bad=bad,
        good=good,
    )
    _add(registered)
    return registered


def _add(new: Rule) -> None:
    from linter.kinds import KIND_REGISTRY

    unknown = {kind for kind in new.kinds if kind not in KIND_REGISTRY}
    if unknown:
        raise ValueError(f"rule {new.code} names unknown kinds {sorted(unknown)}")
    RULES.add(new)


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, sorted by code."""
    from linter.kinds import KIND_REGISTRY

    for kind in KIND_REGISTRY:
        _import(kind.rule_modules)
    return RULES.entries()


def get_rule(code: str) -> Rule | None:
    """The rule ``code``; the rule modules are all imported only when it is not loaded yet."""
    found = RULES.get(code, load=False)
    return found if found is not None else RULES.get(code)


def rules_for(kind: str, scope: Scope) -> tuple[Rule, ...]:
    """The rules of ``scope`` for ``kind``; imports only the rule modules that kind needs."""
    from linter.kinds import KIND_REGISTRY

    found = KIND_REGISTRY.get(kind)
    _import(SHARED_RULE_MODULES)
    _import(found.rule_modules if found is not None else RULE_MODULES)
    return tuple(r for r in RULES.entries(load=False) if kind in r.kinds and r.scope is scope)


def _import(modules: Iterable[str]) -> None:
    for module in modules:
        importlib.import_module(module)


__all__ = [
    "KINDS",
    "NORCE_BODY_KINDS",
    "RULES",
    "RULE_MODULES",
    "SHARED_RULE_MODULES",
    "AnyCheck",
    "DocumentCheck",
    "Example",
    "Finding",
    "HeaderCheck",
    "ItemCheck",
    "LintContext",
    "Rule",
    "Scope",
    "all_rules",
    "get_rule",
    "rule",
    "rules_for",
    "source_rule",
]
