"""The registry of breakers: for a (kind, rule code), the mutation that breaks exactly that rule.

Breakers live in :data:`BREAKER_MODULES` (one module per rule family, plus the byte-level
ones in :mod:`contracts.breakers.bytes`) and register themselves with :func:`breaks`; the
modules are imported on first use, so every query sees every breaker.

A breaker draws a valid payload, copies it and changes the least it can. It edits ``body``
and ``header``; an XML payload is then written out again from them (see
:func:`contracts.generate.xml.rewrite`), unless the mutation set the exact bytes itself.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st

from contracts.generate import xml as generate_xml
from contracts.generate.payloads import Fixtures, Payload
from linter.registry_type import Registry

Draw = Callable[[st.SearchStrategy[Any]], Any]
Breaker = Callable[[st.SearchStrategy[Payload], Fixtures], st.SearchStrategy[Payload]]
Mutation = Callable[[Draw, Payload], Payload]

BREAKER_MODULES: tuple[str, ...] = tuple(
    f"contracts.breakers.{family}"
    for family in (
        "schema",
        "norce.headers",
        "norce.rows",
        "norce.products",
        "norce.onhands",
        "norce.prices",
        "norce.relations",
        "kaching",
        "unleashed",
        "bytes",
    )
)


@dataclass(frozen=True)
class BreakerEntry:
    """The breaker of rule ``code`` for one ``kind``."""

    kind: str
    code: str
    kinds: frozenset[str]
    mutate: Mutation
    also: frozenset[str] = frozenset()
    sets_adjustment: bool = False
    sendable: bool = True

    @property
    def name(self) -> str:
        return breaker_name(self.kind, self.code)


def breaker_name(kind: str, code: str) -> str:
    """The registry name of the breaker of ``code`` for ``kind``: ``kind:CODE``."""
    return f"{kind}:{code.upper()}"


def _normalised(name: str) -> str:
    kind, _, code = name.partition(":")
    return breaker_name(kind, code)


BREAKERS: Registry[BreakerEntry] = Registry(
    "breaker", key=lambda entry: entry.name, normalise=_normalised, modules=BREAKER_MODULES
)
_LOADING = threading.RLock()


def _entries() -> tuple[BreakerEntry, ...]:
    with _LOADING:
        return BREAKERS.entries()


def breaks(
    code: str,
    kinds: Iterable[str],
    *,
    also: Iterable[str] = (),
    sets_adjustment: bool = False,
    sendable: bool = True,
) -> Callable[[Mutation], Mutation]:
    """Register ``mutation`` as the breaker of rule ``code`` for ``kinds``.

    ``also`` names rules that every violation of ``code`` necessarily breaks too (e.g. the
    schema rule SG003 when the spec itself forbids what ``code`` describes). ``sendable``
    is false when the broken payload cannot be sent as an HTTP request that is still broken
    (a header value cannot hold a line break; a limit lowered through a linter option does
    not travel with the request).
    """
    kinds = tuple(kinds)

    def register(mutation: Mutation) -> Mutation:
        for kind in kinds:
            BREAKERS.add(
                BreakerEntry(
                    kind,
                    code,
                    frozenset(kinds),
                    mutation,
                    frozenset(also),
                    sets_adjustment,
                    sendable,
                )
            )
        return mutation

    return register


def _entry(kind: str, code: str) -> BreakerEntry | None:
    _entries()
    return BREAKERS.get(breaker_name(kind, code))


def companions(kind: str, code: str) -> frozenset[str]:
    """Rules a payload breaking ``code`` necessarily breaks too (empty for most rules)."""
    entry = _entry(kind, code)
    return entry.also if entry else frozenset()


def breakable(kind: str, *, sendable_only: bool = False) -> tuple[str, ...]:
    """Rule codes with a breaker for ``kind`` that the linter registry knows, sorted.

    With ``sendable_only``, only those whose broken payloads can be sent as HTTP requests.
    """
    from linter.registry import get_rule

    return tuple(
        sorted(
            entry.code
            for entry in _entries()
            if entry.kind == kind
            and (rule := get_rule(entry.code)) is not None
            and kind in rule.kinds
            and (entry.sendable or not sendable_only)
        )
    )


def breaker(kind: str, code: str) -> Breaker | None:
    """The breaker of ``code`` for ``kind``, or ``None``."""
    if code.upper() not in breakable(kind):
        return None
    entry = BREAKERS[breaker_name(kind, code)]

    def build(valid: st.SearchStrategy[Payload], fixtures: Fixtures) -> st.SearchStrategy[Payload]:
        @st.composite
        def broken(draw: Draw) -> Payload:
            original = draw(valid)
            payload = replace(
                original,
                body=copy.deepcopy(original.body),
                header=copy.deepcopy(original.header),
                options=dict(original.options),
                body_bytes=None,
            )
            return generate_xml.written(entry.mutate(draw, payload))

        return broken()

    return build


def breaker_or_fail(kind: str, code: str) -> Breaker:
    """Like :func:`breaker`, for codes known to be breakable."""
    found = breaker(kind, code)
    if found is None:
        raise LookupError(f"no breaker for {code} in {kind}")
    return found


def needs_adjustment_choice(code: str) -> bool:
    """True when the breaker decides the ``adjustment`` option itself (not for DELETE)."""
    return any(e.sets_adjustment for e in _entries() if e.code == code)
