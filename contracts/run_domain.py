"""The bridge to skuguard's domain layer: payload strategies and domain checks.

``contracts.strategies`` and ``contracts.checks`` are public modules of their own;
this module only adapts them to the run's shapes (a strategy per operationId, a
:class:`~contracts.run_checks.NamedCheck` per domain check).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from hypothesis import strategies as st

from contracts.run_checks import Exchange, NamedCheck


def domain_check_names() -> list[str]:
    from contracts.checks import all_checks

    return [check.name for check in all_checks()]


def domain_checks(
    api: str, operation_id: str, selected: Collection[str] | None
) -> list[NamedCheck]:
    from contracts.checks import checks_for

    return [
        NamedCheck(check.name, _adapt(check))
        for check in checks_for(operation_id)
        if selected is None or check.name in selected
    ]


def _adapt(check: Any) -> Any:
    from contracts.checks import CheckContext, CheckFailure

    def run(exchange: Exchange) -> str | None:
        ctx = CheckContext.from_exchange(exchange)
        try:
            check.run(ctx)
        except CheckFailure as failure:
            return str(failure)
        return None

    return run


def payload_strategy(operation_id: str, fixtures: Any) -> st.SearchStrategy[Any] | None:
    from contracts.strategies import operation_payloads, payload_for_operation

    if operation_id not in operation_payloads():
        return None
    strategy: st.SearchStrategy[Any] = payload_for_operation(operation_id, fixtures)
    return strategy


def rule_sweep(operation_id: str, fixtures: Any) -> list[tuple[str, st.SearchStrategy[Any]]]:
    """For each linter rule the strategies can break for this operation, payloads breaking it.

    DELETE imports are left out: their values are ignored by the API.
    """
    from contracts.strategies import breakable_rules, broken_payloads, operation_payloads

    info = operation_payloads().get(operation_id)
    if info is None or info.deleting:
        return []
    return [
        (code, broken_payloads(info.kind, code, fixtures)) for code in breakable_rules(info.kind)
    ]
