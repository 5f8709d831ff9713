"""The checks a contract run applies to each exchange: Schemathesis's and skuguard's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

# Schemathesis's built-in checks a run applies to every response, in reporting order.
BUILTIN_CHECKS: tuple[str, ...] = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
)
# skuguard's own protocol checks, applied like the built-ins.
RUNNER_CHECKS: tuple[str, ...] = ("accept_honoured",)
# Probes sent once per operation, at its first accepted request.
PROBE_CHECKS: tuple[str, ...] = ("ignored_auth",)
# Failures that are not a check's verdict but a request that could not be completed.
TRANSPORT_CHECK = "request_error"


@dataclass(frozen=True, slots=True)
class Violation:
    check: str
    message: str


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request sent and its response, with the Schemathesis case it came from.

    ``client`` sends authenticated follow-up requests to the same API, ``admin`` reads a
    sandbox's state (``None`` for other targets), ``payload`` is the domain payload the
    case was built from (``None`` for Schemathesis's own cases).
    """

    api: str
    operation_id: str
    case: Any
    request: httpx.Request
    response: httpx.Response
    client: Any = None
    admin: Any = None
    payload: Any = None
    fixtures: Any = None


CheckRun = Callable[[Exchange], str | None]
"""A check: returns a message when violated, ``None`` when it holds or does not apply."""


@dataclass(frozen=True, slots=True)
class NamedCheck:
    name: str
    run: CheckRun


def _builtin_functions() -> dict[str, Callable[..., Any]]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        positive_data_acceptance,
        response_schema_conformance,
        status_code_conformance,
    )

    return {
        "not_a_server_error": not_a_server_error,
        "status_code_conformance": status_code_conformance,
        "content_type_conformance": content_type_conformance,
        "response_schema_conformance": response_schema_conformance,
        "negative_data_rejection": negative_data_rejection,
        "positive_data_acceptance": positive_data_acceptance,
    }


def _schemathesis_check(name: str, function: Callable[..., Any]) -> NamedCheck:
    from schemathesis.core.failures import FailureGroup

    def run(exchange: Exchange) -> str | None:
        try:
            exchange.case.validate_response(exchange.response, checks=[function])
        except FailureGroup as group:
            return "; ".join(_failure_text(failure) for failure in group.exceptions)
        except AssertionError as exc:
            return str(exc) or type(exc).__name__
        return None

    return NamedCheck(name, run)


def _failure_text(failure: BaseException) -> str:
    title = getattr(failure, "title", None) or type(failure).__name__
    message = getattr(failure, "message", "") or ""
    return f"{title}: {message}".strip().rstrip(":") if message else str(title)


def _lint_gated(check: NamedCheck) -> NamedCheck:
    """Ask "valid data is accepted" only of requests the linter finds valid as sent."""
    from contracts.run.lint import lint_errors

    def run(exchange: Exchange) -> str | None:
        if lint_errors(exchange.operation_id, exchange.request):
            return None
        return check.run(exchange)

    return NamedCheck(check.name, run)


def _accept_honoured(exchange: Exchange) -> str | None:
    """A success answer to ``Accept: <one declared type>`` comes in that type."""
    from contracts.run.generation import response_media_types

    accept = exchange.request.headers.get("accept", "")
    if not 200 <= exchange.response.status_code < 300 or "," in accept:
        return None
    offered = response_media_types(exchange.case.operation)
    if len(offered) < 2 or accept not in offered:
        return None
    answered = exchange.response.headers.get("content-type", "").split(";")[0].strip()
    if answered != accept:
        return f"asked for Accept: {accept}, got Content-Type: {answered or '(none)'}"
    return None


def runner_checks(selected: Sequence[str]) -> list[NamedCheck]:
    return [NamedCheck(name, _accept_honoured) for name in selected if name == "accept_honoured"]


def builtin_checks(selected: Sequence[str]) -> list[NamedCheck]:
    functions = _builtin_functions()
    checks = [_schemathesis_check(name, functions[name]) for name in selected if name in functions]
    return [_lint_gated(c) if c.name == "positive_data_acceptance" else c for c in checks]
