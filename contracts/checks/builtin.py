"""Schemathesis's built-in checks, registered as skuguard checks and asked of every response.

Each is judged only as far as the documents go. A 5xx is always a violation (HTTP itself
says the server failed). For an error reply, the status within its class, its media type and
its body are observations: the vendors document no error bodies, so the specs' are invented
(``x-skuguard-source: assumed`` on each error response). An accepted negative case is a
violation only when the request breaks a rule the documents say the server refuses; a
rejected positive case only when skuguard's own generators built it in documented forms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from contracts.checks import sources
from contracts.checks.context import CheckContext, Exchange, Observed, Unmet
from contracts.checks.registry import Check, named, register
from linter.codes import (
    HEADER_DEPENDENCY,
)
from linter.provenance import Source
from linter.specs import Api, spec_view

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
    "status_code_conformance": "A success status is one the operation documents "
    "(an error status outside the list is only observed).",
    "content_type_conformance": "A success reply's Content-Type is one the operation documents.",
    "response_schema_conformance": "A success reply's body matches the documented schema.",
    "negative_data_rejection": "A request breaking a rule the documents say the server "
    "refuses is rejected (4xx, or a Norce ValidationSummary counting the broken items).",
    "positive_data_acceptance": "A request skuguard built in documented forms, and the linter "
    "finds valid as sent, is accepted.",
}

_SOURCES: dict[str, Source] = {
    "not_a_server_error": sources.SERVER_ERROR,
    "status_code_conformance": sources.SPEC_STATUSES,
    "content_type_conformance": sources.SUCCESS_SCHEMA,
    "response_schema_conformance": sources.SUCCESS_SCHEMA,
    "negative_data_rejection": sources.SPEC_CONSTRAINTS,
    "positive_data_acceptance": sources.SPEC_CONSTRAINTS,
}

# Linter rules whose breach the documents say the server refuses (request-level, so an
# accepted request breaking one is a violation). Any other rule's breach, accepted, is only
# observed: the documents do not say the server validates it.
REFUSED_RULES: Mapping[str, Source] = {
    HEADER_DEPENDENCY: Source.seed(
        sources.NORCE_HEADER, "Variants Required if you have VariantFieldsThatAreSet values"
    ),
}
MISSING_HEADER = Source.seed(sources.NORCE_SERVICE, "X-StormConnect-Header string required")


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


def response_source(exchange: Exchange) -> Source:
    """The source of the response the spec gives this exchange's status (error responses are
    ``assumed``; a status the spec does not list is judged by its class)."""
    status = exchange.response.status_code
    default = sources.SUCCESS_SCHEMA if 200 <= status < 300 else Source.parse("assumed")
    responses = exchange.case.operation.definition.raw.get("responses") or {}
    entry = responses.get(str(status))
    if isinstance(entry, Mapping) and "$ref" in entry:
        name = str(entry["$ref"]).rsplit("/", 1)[-1]
        entry = (
            spec_view(cast(Api, exchange.api)).get("components", {}).get("responses", {}).get(name)
        )
    if isinstance(entry, Mapping) and "x-skuguard-source" in entry:
        return Source.parse(entry["x-skuguard-source"])
    return default


def norce_counted_rejection(exchange: Exchange) -> bool:
    """A Norce 200 whose ValidationSummary counts failed items refuses those items."""
    if exchange.api != "norce" or exchange.response.status_code != 200:
        return False
    try:
        body = exchange.response.json()
    except ValueError:
        return False
    summary = body.get("ValidationSummary") if isinstance(body, dict) else None
    if not isinstance(summary, dict):
        return False
    failures, total = summary.get("NrOfValidationFailures"), summary.get("NrOfItemsInTotal")
    return isinstance(failures, int) and isinstance(total, int) and 0 < failures <= total


def refused_rule(errors: list[str] | None) -> Source | None:
    """The source of the first linter error the documents say the server refuses."""
    for error in errors or ():
        if error.startswith("no X-StormConnect-Header"):
            return MISSING_HEADER
        found = REFUSED_RULES.get(error.split(" ", 1)[0])
        if found is not None:
            return found
    return None


def _observed_here(name: str, exchange: Exchange) -> str | None:
    """Why a failure of check ``name`` on this exchange is only an observation (else None)."""
    status = exchange.response.status_code
    if name == "status_code_conformance" and not 200 <= status < 400:
        return "the documents leave open which error status answers this request"
    schema_checks = ("content_type_conformance", "response_schema_conformance")
    if name in schema_checks and not response_source(exchange).documented:
        return "the documents give no body or media type for this reply"
    if name == "negative_data_rejection":
        from contracts.run.lint import lint_errors

        found = refused_rule(lint_errors(exchange.operation_id, exchange.request))
        if found is None:
            return "no document says the server refuses this request"
    if name == "positive_data_acceptance":
        if exchange.payload is None:
            return "a generated value in a form the documents do not name was refused"
        from contracts.run.lint import lint_errors

        if lint_errors(exchange.operation_id, exchange.request, with_warnings=True):
            return "a lint warning flags a value the documents neither allow nor forbid"
    return None


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
        if name == "negative_data_rejection" and norce_counted_rejection(exchange):
            return
        try:
            exchange.case.validate_response(exchange.response, checks=[_function(name)])
        except FailureGroup as group:
            text = "; ".join(_failure_text(failure) for failure in group.exceptions)
        except AssertionError as exc:
            text = str(exc) or type(exc).__name__
        else:
            return
        why = _observed_here(name, exchange)
        if why is not None:
            raise Observed(f"{text} (observed: {why})") from None
        raise Unmet(text) from None

    return run


for _name in BUILTIN_CHECKS:
    register(
        Check(
            _name,
            _DESCRIPTIONS[_name],
            named(_name, _schemathesis_check(_name)),
            source=_SOURCES[_name],
        )
    )
