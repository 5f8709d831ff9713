"""The bridge to skuguard's domain layer: payload strategies and the checks of an exchange.

``contracts.generate.strategies`` and ``contracts.checks.registry`` are public modules of their own;
this module only adapts them to the run's shapes (a strategy per operationId, the checks
asked of each exchange of an operation in reporting order).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from hypothesis import strategies as st

from contracts.checks.registry import Check


def exchange_checks(operation_id: str, selected: Collection[str] | None) -> list[Check]:
    """The checks asked of each exchange of ``operation_id``, in reporting order:
    Schemathesis's built-ins, ``accept_honoured``, then the operation's domain checks."""
    from contracts.checks.accept import ACCEPT_HONOURED
    from contracts.checks.builtin import BUILTIN_CHECKS
    from contracts.checks.registry import CHECKS, checks_for

    checks = [*(CHECKS[name] for name in (*BUILTIN_CHECKS, ACCEPT_HONOURED))]
    checks += checks_for(operation_id)
    return [check for check in checks if selected is None or check.name in selected]


def payload_strategy(operation_id: str, fixtures: Any) -> st.SearchStrategy[Any] | None:
    from contracts.generate.strategies import operation_payloads, payload_for_operation

    if operation_id not in operation_payloads():
        return None
    strategy: st.SearchStrategy[Any] = payload_for_operation(operation_id, fixtures)
    return strategy


# Valid payloads every payload operation gets, whatever the random mix draws.
VALID_CASES = "valid"
VALID_EXAMPLES = 5


def fixed_cases(operation_id: str, fixtures: Any) -> list[tuple[str, st.SearchStrategy[Any], int]]:
    """Cases every payload operation gets: a few lint-clean payloads, and one payload per
    linter rule the strategies can break in a request that can be sent (not for DELETE,
    whose values the API ignores). Bodies come in the serializations the operation accepts.

    Items are ``(name, payload strategy, examples)``.
    """
    from contracts.generate.strategies import breakable_rules, broken_payloads, operation_payloads

    info = operation_payloads().get(operation_id)
    if info is None:
        return []
    valid = _lint_clean(operation_id, fixtures)
    cases: list[tuple[str, st.SearchStrategy[Any], int]] = [(VALID_CASES, valid, VALID_EXAMPLES)]
    if not info.deleting:
        codes = breakable_rules(info.kind, sendable_only=True)
        cases += [
            (code, broken_payloads(info.kind, code, fixtures, content_types=info.content_types), 1)
            for code in codes
        ]
    return cases


def _lint_clean(operation_id: str, fixtures: Any) -> st.SearchStrategy[Any]:
    """The operation's payloads that the linter finds no error in (in their exact bytes)."""
    from contracts.generate.strategies import payload_for_operation
    from contracts.generate.wire import lint_payload
    from linter import Severity

    def clean(payload: Any) -> bool:
        return not any(d.severity == Severity.ERROR for d in lint_payload(payload))

    strategy: st.SearchStrategy[Any] = payload_for_operation(operation_id, fixtures).filter(clean)
    return strategy


def created_cases(
    operation_id: str, bodies: list[Any]
) -> list[tuple[str, st.SearchStrategy[Any], int]]:
    """For a DELETE import: remove what earlier accepted POSTs created (values are ignored)."""
    from contracts.generate.payloads import Payload
    from contracts.generate.strategies import operation_payloads

    info = operation_payloads().get(operation_id)
    if info is None or not info.deleting or not bodies:
        return []
    payloads = st.sampled_from(bodies).map(lambda body: Payload(kind=info.kind, body=body))
    return [("created", payloads, min(3, len(bodies)))]
