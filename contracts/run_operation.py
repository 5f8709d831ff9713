"""One operation's property test: generate, send, check, shrink, remember the minimal failure."""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from contracts.run_checks import TRANSPORT_CHECK, Exchange, NamedCheck, Violation
from contracts.run_followup import FollowUpClient
from contracts.run_generation import Drawn
from contracts.run_http import SentRequest, UnsendableCaseError, build_request, send


@dataclass(slots=True)
class FailureRecord:
    """The minimal failing exchange of one check on one operation."""

    check: str
    message: str
    request: SentRequest
    status: int | None
    response_excerpt: str


@dataclass(slots=True)
class OperationOutcome:
    api: str
    operation_id: str
    label: str
    cases: int = 0
    passed: int = 0
    failed: int = 0
    requests_sent: int = 0
    seconds: float = 0.0
    failures: dict[str, FailureRecord] = field(default_factory=dict)
    error: str | None = None
    first_success: SentRequest | None = None


@dataclass(slots=True)
class OperationPlan:
    api: str
    operation_id: str
    operation: Any
    base_url: str
    client: httpx.Client
    auth: httpx.Auth
    headers: dict[str, str]
    checks: Sequence[NamedCheck]
    strategy: st.SearchStrategy[Any]
    max_examples: int
    seed: int
    on_success: Callable[[Exchange], None] | None = None
    followup: FollowUpClient | None = None
    admin: Any = None
    fixtures: Any = None
    # Cases every payload operation gets: (name, strategy, examples); see run_domain.rule_sweep.
    sweep: Sequence[tuple[str, st.SearchStrategy[Drawn], int]] = ()
    late_sweep: Callable[[], Sequence[tuple[str, st.SearchStrategy[Drawn], int]]] | None = None
    # Skip the remaining sweeps once a violation is recorded (``--exitfirst``).
    exitfirst: bool = False


# Requests and seconds an operation may spend on shrinking after its first failure.
SHRINK_BUDGET = 40
SHRINK_SECONDS = 6.0


class ShrinkBudgetSpent(BaseException):
    """Ends a property test whose shrinking used up its budget (Hypothesis lets it through)."""


class CheckFailedError(AssertionError):
    """Raised inside the property test so Hypothesis shrinks; one subclass per check."""


_FAILURE_TYPES: dict[str, type[CheckFailedError]] = {}
_FAILURE_TYPES_LOCK = threading.Lock()


def _failure_type(check: str) -> type[CheckFailedError]:
    # Hypothesis tells distinct failures apart by exception type, so each check gets its own.
    with _FAILURE_TYPES_LOCK:
        if check not in _FAILURE_TYPES:
            _FAILURE_TYPES[check] = type(f"CheckFailed_{check}", (CheckFailedError,), {})
        return _FAILURE_TYPES[check]


def operation_seed(run_seed: int, api: str, operation_id: str) -> int:
    """A stable per-operation seed derived from the run seed."""
    return (run_seed * 1_000_003 + zlib.crc32(f"{api}:{operation_id}".encode())) % 2**32


def _excerpt(response: httpx.Response) -> str:
    text = response.text if response.content else ""
    return text[:500]


def run_operation(plan: OperationPlan) -> OperationOutcome:
    outcome = OperationOutcome(plan.api, plan.operation_id, plan.operation.label)
    started = time.monotonic()
    lock = threading.Lock()

    def record(
        violations: list[Violation], request: SentRequest, response: httpx.Response | None
    ) -> None:
        with lock:
            for violation in violations:
                outcome.failures[violation.check] = FailureRecord(
                    check=violation.check,
                    message=violation.message,
                    request=request,
                    status=response.status_code if response is not None else None,
                    response_excerpt=_excerpt(response) if response is not None else "",
                )

    def run_property(
        strategy: st.SearchStrategy[Drawn], max_examples: int, salt: str, shrink: bool
    ) -> None:
        _property(plan, outcome, record, strategy, max_examples, salt, shrink)

    run_property(plan.strategy, plan.max_examples, "", True)
    if not (plan.exitfirst and outcome.failures):
        late = plan.late_sweep() if plan.late_sweep is not None else ()
        for name, strategy, examples in [*plan.sweep, *late]:
            # Sweep cases are reported as found, without shrinking.
            run_property(strategy, examples, name, False)
            if plan.exitfirst and outcome.failures:
                break

    if plan.followup is not None:
        outcome.requests_sent += plan.followup.requests_sent
    outcome.seconds = time.monotonic() - started
    return outcome


Recorder = Callable[[list[Violation], SentRequest, "httpx.Response | None"], None]


def _property(
    plan: OperationPlan,
    outcome: OperationOutcome,
    record: Recorder,
    strategy: st.SearchStrategy[Drawn],
    max_examples: int,
    salt: str,
    shrink: bool,
) -> None:
    """One Hypothesis property test over ``strategy``; failures land in ``outcome``."""
    budget = {"found": 0.0, "after_failure": 0}

    def exercise(drawn: Drawn) -> None:
        case = drawn.case
        if budget["found"]:
            # Shrinking sends real requests and regenerates payloads; past the budget it
            # stops, and the smallest failure seen so far is the one reported.
            budget["after_failure"] += 1
            spent = time.monotonic() - budget["found"]
            if budget["after_failure"] > SHRINK_BUDGET or spent > SHRINK_SECONDS:
                raise ShrinkBudgetSpent
        try:
            request = build_request(case, plan.base_url, plan.headers)
        except UnsendableCaseError:
            reject()
        outcome.cases += 1
        outcome.requests_sent += 1
        try:
            response = send(plan.client, request, plan.auth)
        except httpx.TransportError as exc:
            violation = Violation(TRANSPORT_CHECK, f"{type(exc).__name__}: {exc}")
            record([violation], SentRequest.from_httpx(request), None)
            outcome.failed += 1
            budget["found"] = budget["found"] or time.monotonic()
            raise _failure_type(TRANSPORT_CHECK)(violation.message) from None
        sent = SentRequest.from_httpx(response.request)
        exchange = Exchange(
            plan.api,
            plan.operation_id,
            case,
            response.request,
            response,
            client=plan.followup,
            admin=plan.admin,
            payload=drawn.payload,
            fixtures=plan.fixtures,
        )
        violations = []
        # In the sweep, a check that already failed on this operation is not asked again.
        checks = (
            plan.checks if shrink else [c for c in plan.checks if c.name not in outcome.failures]
        )
        for check in checks:
            message = check.run(exchange)
            if message is not None:
                violations.append(Violation(check.name, message))
        if violations:
            outcome.failed += 1
            record(violations, sent, response)
            budget["found"] = budget["found"] or time.monotonic()
            raise _failure_type(violations[0].check)(violations[0].message)
        outcome.passed += 1
        if 200 <= response.status_code < 300:
            if outcome.first_success is None:
                outcome.first_success = sent
            if plan.on_success is not None:
                plan.on_success(exchange)

    test = settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=False,
        phases=(Phase.explicit, Phase.generate, *((Phase.shrink,) if shrink else ())),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=True,
    )(given(strategy)(exercise))
    seed = operation_seed(plan.seed, plan.api, plan.operation_id + salt)
    test = hypothesis_seed(seed)(test)
    try:
        test()
    except (CheckFailedError, ShrinkBudgetSpent):
        pass
    except BaseExceptionGroup as group:
        _, rest = group.split(CheckFailedError)
        if rest is not None:
            outcome.error = "; ".join(f"{type(e).__name__}: {e}" for e in rest.exceptions)
    except HypothesisException as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a crash in generation or in a check must not end the whole run
        outcome.error = f"internal error: {type(exc).__name__}: {exc}"
