"""Schemathesis's built-in checks, registered as skuguard checks and asked of every response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contracts.checks.context import CheckContext, Unmet
from contracts.checks.registry import Check, named, register

# Schemathesis's built-in checks a run applies to every response, in reporting order.
BUILTIN_CHECKS: tuple[str, ...] = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
)

_DESCRIPTIONS: dict[str, str] = {
    "not_a_server_error": "The response is not a 5xx server error.",
    "status_code_conformance": "The status code is one the operation documents.",
    "content_type_conformance": "The Content-Type is one the operation documents.",
    "response_schema_conformance": "The body matches the documented response schema.",
    "negative_data_rejection": "A request the spec does not allow is rejected.",
    "positive_data_acceptance": (
        "A request the spec allows, and the linter finds valid as sent, is accepted."
    ),
}


def _function(name: str) -> Callable[..., Any]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi import checks

    if name == "not_a_server_error":
        return not_a_server_error
    function: Callable[..., Any] = getattr(checks, name)
    return function


def _failure_text(failure: BaseException) -> str:
    title = getattr(failure, "title", None) or type(failure).__name__
    message = getattr(failure, "message", "") or ""
    return f"{title}: {message}".strip().rstrip(":") if message else str(title)


def _schemathesis_check(name: str) -> Callable[[CheckContext], None]:
    """Ask Schemathesis's check ``name`` of the context's exchange (imported on first use)."""

    def run(ctx: CheckContext) -> None:
        from schemathesis.core.failures import FailureGroup

        exchange = ctx.exchange
        if exchange is None:
            return
        if name == "positive_data_acceptance":
            from contracts.run.lint import lint_errors

            # Asked only of requests the linter finds valid as sent.
            if lint_errors(exchange.operation_id, exchange.request):
                return
        try:
            exchange.case.validate_response(exchange.response, checks=[_function(name)])
        except FailureGroup as group:
            raise Unmet("; ".join(_failure_text(failure) for failure in group.exceptions)) from None
        except AssertionError as exc:
            raise Unmet(str(exc) or type(exc).__name__) from None

    return run


for _name in BUILTIN_CHECKS:
    register(Check(_name, _DESCRIPTIONS[_name], named(_name, _schemathesis_check(_name))))
