"""One operation's property test: generate, send, check, shrink, remember the minimal failure."""

from __future__ import annotations

import functools
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import Phase as HypothesisPhase
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from contracts.checks.context import TRANSPORT_CHECK, CheckContext, Exchange, SentRequest, Violation
from contracts.checks.registry import Check
from contracts.run.domain import VALID_CASES
from contracts.run.followup import FollowUpClient
from contracts.run.generation import Drawn
from contracts.run.http.request import UnsendableCaseError, build_request, send


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
    # What the target did where the documents leave the behaviour open: never exit 1.
    observations: dict[str, FailureRecord] = field(default_factory=dict)
    error: str | None = None
    # Responses received, and those that were 404 or HTML (a root that is not the API).
    responses: int = 0
    not_found: int = 0
    html: int = 0
    first_success: SentRequest | None = None

    def record_probe_failure(
        self, check: str, message: str, response: httpx.Response, *, excerpt: bool = True
    ) -> None:
        """A probe's violation, shown by ``response`` to the request the probe sent."""
        self.failed += 1
        self.failures[check] = FailureRecord(
            check=check,
            message=message,
            request=SentRequest.from_httpx(response.request),
            status=response.status_code,
            response_excerpt=response.text[:500] if excerpt else "",
        )


@dataclass(slots=True)
class OperationPlan:
    api: str
    operation_id: str
    operation: Any
    base_url: str
    client: httpx.Client
    auth: httpx.Auth
    headers: dict[str, str]
    checks: Sequence[Check]
    strategy: st.SearchStrategy[Any]
    max_examples: int
    seed: int
    on_success: Callable[[Exchange], None] | None = None
    followup: FollowUpClient | None = None
    admin: Any = None
    fixtures: Any = None
    # The valid and rules phases' cases: (name, strategy, examples); see domain.fixed_cases.
    fixed_cases: Sequence[tuple[str, st.SearchStrategy[Drawn], int]] = ()
    created_cases: Callable[[], Sequence[tuple[str, st.SearchStrategy[Drawn], int]]] | None = None
    # Skip the remaining fixed cases once a violation is recorded (``--exitfirst``).
    exitfirst: bool = False
    # Called once, at the operation's first accepted request (probes that need one); a true
    # result ends the operation there (``--exitfirst`` after a probe found a violation).
    on_first_success: Callable[[OperationOutcome], bool] | None = None
    # The operation's share of Schemathesis's coverage phase, built when its turn comes.
    coverage: Callable[[], Sequence[Drawn]] | None = None


Phase = Literal["valid", "rules", "generated", "coverage"]
# The order a run gives them: each phase for every operation of a group before the next, the
# cheap and targeted first (coverage last, after every group).
PHASES: tuple[Phase, ...] = ("valid", "rules", "generated", "coverage")

# Requests and seconds an operation may spend on shrinking after its first failure.
SHRINK_BUDGET = 40
SHRINK_SECONDS = 6.0


class ShrinkBudgetSpent(BaseException):
    """Ends a property test whose shrinking used up its budget (Hypothesis lets it through)."""


class OperationStopped(BaseException):
    """Ends a property test because the run stops (a probe found a violation under -x)."""


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


def run_operation(plan: OperationPlan, phase: Phase | None = None) -> OperationOutcome:
    """One phase of the operation's cases (an outcome labelled ``<operation> [<phase>]``, to
    :func:`absorb` into the operation's), or without ``phase`` all but coverage: ``valid``
    its few fixed lint-clean payloads (and, for a DELETE, what earlier POSTs created),
    ``rules`` its payloads breaking one rule each (both reported as found, unshrunk),
    ``generated`` Hypothesis's cases (shrunk), ``coverage`` Schemathesis's coverage phase's."""
    label = plan.operation.label + (f" [{phase}]" if phase else "")
    outcome = OperationOutcome(plan.api, plan.operation_id, label)
    started = time.monotonic()
    followups_before = plan.followup.requests_sent if plan.followup is not None else 0
    lock = threading.Lock()

    def record(
        violations: list[Violation], request: SentRequest, response: httpx.Response | None
    ) -> None:
        with lock:
            for violation in violations:
                kept = outcome.observations if violation.observed else outcome.failures
                kept[violation.check] = FailureRecord(
                    check=violation.check,
                    message=violation.message,
                    request=request,
                    status=response.status_code if response is not None else None,
                    response_excerpt=_excerpt(response) if response is not None else "",
                )

    def run_property(
        strategy: st.SearchStrategy[Drawn],
        max_examples: int,
        salt: str,
        shrink: bool,
        examples: Sequence[Drawn] = (),
    ) -> bool:
        stopped = _property(plan, outcome, record, strategy, max_examples, salt, shrink, examples)
        return stopped or bool(plan.exitfirst and outcome.failures)

    fixed: list[tuple[str, st.SearchStrategy[Drawn], int]] = []
    if phase in (None, "valid"):
        late = plan.created_cases() if plan.created_cases is not None else ()
        fixed += [entry for entry in plan.fixed_cases if entry[0] == VALID_CASES]
        fixed += late
    if phase in (None, "rules"):
        fixed += [entry for entry in plan.fixed_cases if entry[0] != VALID_CASES]
    property_tests: list[Callable[[], bool]] = [
        functools.partial(run_property, strategy, examples, name, False)
        for name, strategy, examples in fixed
    ]
    if phase in (None, "generated"):
        property_tests.append(
            functools.partial(run_property, plan.strategy, plan.max_examples, "", True)
        )
    if phase == "coverage" and plan.coverage is not None:
        property_tests.append(functools.partial(_run_coverage, plan.coverage, run_property))
    for property_test in property_tests:
        if property_test():
            break

    if plan.followup is not None:
        outcome.requests_sent += plan.followup.requests_sent - followups_before
    outcome.seconds = time.monotonic() - started
    return outcome


def _phases(shrink: bool, *, explicit_only: bool) -> tuple[HypothesisPhase, ...]:
    if explicit_only:
        return (HypothesisPhase.explicit,)
    return (
        HypothesisPhase.explicit,
        HypothesisPhase.generate,
        *((HypothesisPhase.shrink,) if shrink else ()),
    )


def absorb(outcome: OperationOutcome, extra: OperationOutcome) -> None:
    """Count ``extra`` (more cases of the same operation) into ``outcome``."""
    outcome.cases += extra.cases
    outcome.passed += extra.passed
    outcome.failed += extra.failed
    outcome.requests_sent += extra.requests_sent
    outcome.seconds += extra.seconds
    for check, record in extra.failures.items():
        outcome.failures.setdefault(check, record)
    for check, record in extra.observations.items():
        outcome.observations.setdefault(check, record)
    outcome.responses += extra.responses
    outcome.not_found += extra.not_found
    outcome.html += extra.html
    outcome.error = outcome.error or extra.error
    outcome.first_success = outcome.first_success or extra.first_success


Recorder = Callable[[list[Violation], SentRequest, "httpx.Response | None"], None]


def _run_coverage(
    coverage: Callable[[], Sequence[Drawn]], run_property: Callable[..., bool]
) -> bool:
    """The coverage phase's cases, each sent once as an explicit example."""
    cases = coverage()
    if not cases:
        return False
    return run_property(st.sampled_from(cases), len(cases), "coverage", False, cases)


def _property(
    plan: OperationPlan,
    outcome: OperationOutcome,
    record: Recorder,
    strategy: st.SearchStrategy[Drawn],
    max_examples: int,
    salt: str,
    shrink: bool,
    examples: Sequence[Drawn] = (),
) -> bool:
    """One Hypothesis property test over ``strategy``; failures land in ``outcome``.

    With ``examples``, exactly those cases are sent, each once, and nothing is generated.
    Returns whether the operation was stopped (a probe's violation, or ``-x``)."""
    budget = {"found": 0.0, "after_failure": 0}

    def exercise(drawn: Drawn) -> None:
        case = drawn.case
        if not shrink and plan.exitfirst and outcome.failures:
            raise OperationStopped
        if shrink and budget["found"]:
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
        except httpx.TimeoutException:
            # No answer in time: the target is unreachable, which is not a violation.
            outcome.error = (
                f"unreachable: no answer within the request timeout ({request.url.host})"
            )
            raise OperationStopped from None
        except httpx.TransportError as exc:
            violation = Violation(TRANSPORT_CHECK, f"{type(exc).__name__}: {exc}")
            record([violation], SentRequest.from_httpx(request), None)
            outcome.failed += 1
            budget["found"] = budget["found"] or time.monotonic()
            raise _failure_type(TRANSPORT_CHECK)(violation.message) from None
        sent = SentRequest.from_httpx(response.request)
        outcome.responses += 1
        content_type = response.headers.get("content-type", "").lower()
        if response.status_code == 404 or "html" in content_type:
            outcome.not_found += 1
            outcome.html += "html" in content_type
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
        violations: list[Violation] = []
        # Without shrinking, a check that already failed on this operation is not asked again.
        checks = (
            plan.checks if shrink else [c for c in plan.checks if c.name not in outcome.failures]
        )
        ctx = CheckContext.from_exchange(exchange)
        observations: list[Violation] = []
        for check in checks:
            verdict = check.judge(ctx)
            if verdict is not None:
                (observations if verdict.observed else violations).append(verdict)
        if observations:
            # Observed, not shrunk: the documents allow it, so there is nothing to minimise.
            record([o for o in observations if o.check not in outcome.observations], sent, response)
        if violations:
            outcome.failed += 1
            record(violations, sent, response)
            budget["found"] = budget["found"] or time.monotonic()
            raise _failure_type(violations[0].check)(violations[0].message)
        outcome.passed += 1
        if 200 <= response.status_code < 300:
            if plan.on_success is not None:
                plan.on_success(exchange)
            if outcome.first_success is None:
                outcome.first_success = sent
                if plan.on_first_success is not None and plan.on_first_success(outcome):
                    raise OperationStopped

    test = settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=False,
        phases=_phases(shrink, explicit_only=bool(examples)),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=True,
    )(given(strategy)(exercise))
    for drawn in reversed(examples):
        test = example(drawn)(test)
    seed = operation_seed(plan.seed, plan.api, plan.operation_id + salt)
    test = hypothesis_seed(seed)(test)
    try:
        test()
    except OperationStopped:
        return True
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
    return False
