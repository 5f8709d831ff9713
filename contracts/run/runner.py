"""A contract run: every operation of the selected APIs, generated, sent, checked and reported."""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TextIO

import httpx

from contracts.checks.context import SentRequest
from contracts.checks.registry import CHECKS
from contracts.checks.tokens import (
    TOKEN_CHECKS,
    TOKEN_EXPIRY,
    TOKEN_RATE_LIMIT,
    probe_token_expiry,
    probe_token_rate_limit,
    token_outcome,
)
from contracts.credentials import Credentials
from contracts.report.redact import Redactor
from contracts.run.auth import AuthError, NorceTokenSource, owned_headers
from contracts.run.config import RunConfig
from contracts.run.coverage import coverage_cases
from contracts.run.domain import (
    created_cases,
    exchange_checks,
    fixed_cases,
    payload_strategy,
)
from contracts.run.early_probes import FirstSuccessProbes
from contracts.run.followup import FollowUpClient, SandboxAdmin, sandbox_admin
from contracts.run.generation import KnownValues, case_strategy, domain_cases
from contracts.run.http.client import RunClient, Throttled
from contracts.run.http.request import make_auth
from contracts.run.http.traffic import Traffic
from contracts.run.jobs import JobService
from contracts.run.links import Harvester, link_targets
from contracts.run.operation import (
    PHASES,
    OperationOutcome,
    OperationPlan,
    Phase,
    absorb,
    run_operation,
)
from contracts.run.order import cheapest_first
from contracts.run.target import Targets, open_targets, probe
from linter.config import ConfigError
from linter.specs import Api


def known_check_names() -> list[str]:
    return list(CHECKS.names())


@dataclass(slots=True)
class RunResult:
    seed: int
    outcomes: list[OperationOutcome] = field(default_factory=list)
    seconds: float = 0.0
    token_requests: int = 0
    roots: dict[str, str] = field(default_factory=dict)
    # Every exchange of the run's client, and the 429/503 Retry-After waits (observations).
    traffic: Traffic | None = None
    throttled: list[Throttled] = field(default_factory=list)
    # --max-time ran out before the run finished.
    stopped_early: bool = False
    # One line each: what the run skipped and why (e.g. Norce's job checks, no job service).
    notices: list[str] = field(default_factory=list)

    @property
    def violations(self) -> int:
        return sum(len(outcome.failures) for outcome in self.outcomes)

    @property
    def observations(self) -> int:
        return sum(len(outcome.observations) for outcome in self.outcomes)

    @property
    def errors(self) -> list[str]:
        return [
            f"{outcome.api} {outcome.operation_id}: {outcome.error}"
            for outcome in self.outcomes
            if outcome.error
        ]

    @property
    def requests_sent(self) -> int:
        return sum(outcome.requests_sent for outcome in self.outcomes) + self.token_requests


def _selected(names: Iterable[str], config: RunConfig) -> list[str]:
    return [name for name in names if config.checks is None or name in config.checks]


def load_schema(api: Api) -> Any:
    import schemathesis

    from linter.specs import spec_file

    with spec_file(api) as path:
        schema = schemathesis.openapi.from_path(str(path))
    schema.config.generation.update(
        with_security_parameters=False,
        allow_extra_parameters=False,
        allow_x00=False,
        codec="utf-8",
    )
    return schema


def _operations(schema: Any) -> list[Any]:
    operations = []
    for result in schema.get_all_operations():
        operations.append(result.ok())
    return operations


def _default_fixtures() -> Any:
    from contracts.generate.payloads import Fixtures

    return Fixtures()


def _operation_id(operation: Any) -> str:
    return str(operation.definition.raw.get("operationId") or operation.label)


API_NAMES: dict[str, str] = {
    "norce": "Norce Connect Product service",
    "kaching": "Ka-ching stock import",
    "unleashed": "Unleashed StockOnHand",
}


def require_the_api(api: Api, root: str, outcomes: Iterable[OperationOutcome]) -> None:
    """A configuration error when every answer so far was 404 (or HTML): not the API."""
    answered = sum(o.responses for o in outcomes)
    missing = sum(o.not_found for o in outcomes)
    if answered == 0 or missing < answered:
        return
    html = sum(o.html for o in outcomes)
    why = "every request got 404" if not html else "every request got 404 or an HTML page"
    raise ConfigError(f"{root}: no {API_NAMES[api]} here ({why}); check --base-url")


class ContractRun:
    """Runs one API after another; within an API, operations in groups (link sources first)."""

    def __init__(
        self,
        config: RunConfig,
        credentials: Credentials,
        redactor: Redactor,
        *,
        progress: Callable[[OperationOutcome], None],
        on_request: Callable[[str, httpx.Request], None] | None = None,
    ) -> None:
        self._on_request = on_request
        self.config = config
        self.credentials = credentials
        self.redactor = redactor
        self.progress = progress
        self._lock = threading.Lock()
        # Set at the first violation under --exitfirst; every API's loop checks it.
        self._stop = threading.Event()
        # run_operations: only these are reported; their link sources feed them unreported.
        self._only: frozenset[str] | None = None
        self._source_examples = 0
        self._jobs: JobService | None = None
        self.fixtures = config.fixtures if config.fixtures is not None else _default_fixtures()

    def run(self, seed: int) -> RunResult:
        result = RunResult(seed=seed)
        started = time.monotonic()
        timer = None
        if self.config.max_time is not None:

            def out_of_time() -> None:
                result.stopped_early = True
                self._stop.set()

            timer = threading.Timer(self.config.max_time, out_of_time)
            timer.daemon = True
            timer.start()
        try:
            self._run_targets(seed, result)
        finally:
            if timer is not None:
                timer.cancel()
        result.seconds = time.monotonic() - started
        if self._jobs is not None and self._jobs.notice:
            result.notices.append(self._jobs.notice)
        if self.config.strict_assumptions:
            for outcome in result.outcomes:
                for check, record in outcome.observations.items():
                    outcome.failures.setdefault(check, record)
                outcome.observations.clear()
        return result

    def _run_targets(self, seed: int, result: RunResult) -> None:
        with open_targets(self.config) as targets, self._client(targets, result) as client:
            result.roots = {str(api): root for api, root in targets.roots.items()}
            probe(client, targets)
            # APIs hold separate state, so they may run side by side; the operations of one
            # API run in order, since checks read back state that another operation changes.
            workers = min(self.config.workers, len(self.config.apis))

            def one_api(api: Api) -> list[OperationOutcome]:
                return self._run_api(api, targets, client, seed, result)

            if workers <= 1:
                per_api = [one_api(api) for api in self.config.apis]
            else:
                with ThreadPoolExecutor(max_workers=workers) as pool:
                    per_api = list(pool.map(one_api, self.config.apis))
            for outcomes in per_api:
                result.outcomes += outcomes
            result.throttled = list(client.throttled)

    def run_operations(
        self, seed: int, operation_ids: Collection[str], *, source_examples: int
    ) -> RunResult:
        """Run and report only ``operation_ids``; each link source of one of them runs first,
        unreported and with at most ``source_examples`` examples, so they see real ids."""
        self._only = frozenset(operation_ids)
        self._source_examples = source_examples
        try:
            return self.run(seed)
        finally:
            self._only = None

    def _client(self, targets: Targets, result: RunResult) -> RunClient:
        # Redirects are not followed, so only https roots need the CA store (slow to load).
        urls = [*targets.roots.values(), targets.token_url or ""]
        tls = any(url.startswith("https://") for url in urls)
        traffic = Traffic(
            {str(api): root for api, root in targets.roots.items()},
            rate_per_second=self.config.rate_limit,
            on_request=self._on_request,
        )
        result.traffic = traffic
        deadline = None
        if self.config.max_time is not None:
            deadline = time.monotonic() + self.config.max_time
        return RunClient(
            timeout=self.config.timeout,
            follow_redirects=False,
            verify=tls,
            event_hooks=traffic.hooks(),
            deadline=deadline,
            retry_roots=tuple(targets.roots.values()),
        )

    def _run_api(
        self, api: Api, targets: Targets, client: httpx.Client, seed: int, result: RunResult
    ) -> list[OperationOutcome]:
        root = targets.roots[api]
        auth, token_source = make_auth(
            api,
            self.credentials,
            self.redactor,
            headers=self.config.headers,
            token_url=targets.token_url,
        )
        if token_source is not None:
            self._first_token(token_source)
        schema = load_schema(api)
        spec = schema.raw_schema
        operations = _operations(schema)
        targets_of_links = link_targets(spec, operations)
        groups = [
            cheapest_first([op for op in operations if _operation_id(op) not in targets_of_links]),
            cheapest_first([op for op in operations if _operation_id(op) in targets_of_links]),
        ]
        known = KnownValues()
        admin = sandbox_admin(client, root)
        outcomes: list[OperationOutcome] = []
        probes = FirstSuccessProbes(self, client, admin, token_source)
        ran: list[tuple[OperationPlan, OperationOutcome]] = []
        try:
            for group in groups:
                plans = [
                    self._plan(api, op, root, client, auth, known, spec, seed, admin)
                    for op in group
                ]
                for plan in plans:
                    plan.on_first_success = functools.partial(probes, plan.operation)
                pairs = [
                    (plan, OperationOutcome(api, plan.operation_id, plan.operation.label))
                    for plan in self._selected_plans(plans, spec)
                ]
                ran += pairs
                # Phase by phase across the group: every operation's valid payloads, then its
                # rule breakers, before any operation's generated cases.
                for phase in PHASES[:-1]:
                    self._run_phase(pairs, phase, probes, outcomes)
                    require_the_api(api, root, [o for _, o in ran])
            # Last, once every operation has had its generated cases: the coverage phase's.
            self._run_phase(ran, PHASES[-1], probes, outcomes)
            if not self._stop.is_set():
                outcomes += [o for _, o in ran if not any(o is listed for listed in outcomes)]
        finally:
            if token_source is not None:
                with self._lock:
                    result.token_requests += token_source.requests_sent
        return outcomes

    def _token_probes(
        self,
        client: httpx.Client,
        admin: SandboxAdmin,
        source: NorceTokenSource,
        accepted: SentRequest,
    ) -> OperationOutcome:
        outcome = token_outcome(source)
        started = time.monotonic()
        if TOKEN_EXPIRY in _selected(TOKEN_CHECKS, self.config):
            probe_token_expiry(client, admin, source, accepted, outcome)
            # The sandbox clock moved past the token's lifetime: the rest of the run needs
            # a new one, fetched now, before the rate-limit probe empties the bucket.
            source.get(force=True)
        if TOKEN_RATE_LIMIT in _selected(TOKEN_CHECKS, self.config):
            probe_token_rate_limit(client, source.token_url, self.credentials, outcome)
            source.burst_spent()
        outcome.seconds = time.monotonic() - started
        self.progress(outcome)
        return outcome

    def _first_token(self, source: NorceTokenSource) -> None:
        # Fetched before generation, so bad credentials end the run with one clear message.
        source.get()

    def _plan(
        self,
        api: Api,
        operation: Any,
        root: str,
        client: httpx.Client,
        auth: httpx.Auth,
        known: KnownValues,
        spec: Any,
        seed: int,
        admin: Any,
    ) -> OperationPlan:
        operation_id = _operation_id(operation)
        checks = exchange_checks(operation_id, self.config.checks)
        strategy = case_strategy(
            operation,
            operation_id,
            payloads=payload_strategy(operation_id, self.fixtures),
            known=known.for_operation(operation_id),
            fixed_headers=owned_headers(api),
        )
        headers = {k: v for k, v in self.config.headers.items() if k.lower() != "authorization"}
        return OperationPlan(
            api=api,
            operation_id=operation_id,
            operation=operation,
            base_url=root,
            client=client,
            auth=auth,
            headers=headers,
            checks=checks,
            strategy=strategy,
            max_examples=self.config.max_examples,
            seed=seed,
            on_success=Harvester(spec, operation, known),
            followup=self._followup(api, client, root, auth, headers),
            fixed_cases=[
                (name, domain_cases(operation, strategy, owned_headers(api)), examples)
                for name, strategy, examples in fixed_cases(operation_id, self.fixtures)
            ],
            # Known only once earlier operations of the group have run.
            created_cases=lambda: [
                (name, domain_cases(operation, strategy, owned_headers(api)), examples)
                for name, strategy, examples in created_cases(
                    operation_id, known.bodies_for(operation.path)
                )
            ],
            admin=admin,
            fixtures=self.fixtures,
            exitfirst=self.config.exitfirst,
            coverage=functools.partial(
                coverage_cases, operation, self.config.coverage_max, owned_headers(api)
            ),
        )

    def _followup(
        self, api: Api, client: httpx.Client, root: str, auth: httpx.Auth, headers: dict[str, str]
    ) -> FollowUpClient:
        followup = FollowUpClient(client, root, auth, headers)
        if api == "norce":
            with self._lock:
                if self._jobs is None:
                    self._jobs = JobService(root, self.config.job_url)
            followup.jobs = self._jobs
        return followup

    def _wants_token_probes(self) -> bool:
        return self._only is None and not self._stop.is_set()

    def _selected_plans(self, plans: list[OperationPlan], spec: Any) -> list[OperationPlan]:
        """Under run_operations: run the link sources of the chosen operations now, unreported,
        and return the chosen ones' plans."""
        if self._only is None:
            return plans
        chosen = [plan for plan in plans if plan.operation_id in self._only]
        if chosen:
            return chosen
        for plan in plans:
            if self._only & link_targets(spec, [plan.operation]):
                plan.max_examples = min(plan.max_examples, self._source_examples)
                plan.on_first_success = None
                plan.coverage = None
                run_operation(plan)
        return []

    def _run_phase(
        self,
        pairs: list[tuple[OperationPlan, OperationOutcome]],
        phase: Phase,
        probes: FirstSuccessProbes,
        outcomes: list[OperationOutcome],
    ) -> None:
        """One phase of each operation in order, counted into its outcome (listed in
        ``outcomes`` from its first phase that sent something, the probes' after it); a line
        per such phase. Under --exitfirst, stop at the first violation."""
        for plan, outcome in pairs:
            if self._stop.is_set():
                return
            part = run_operation(plan, phase)
            absorb(outcome, part)
            if part.cases or part.failures or part.error:
                self.progress(part)
                if not any(listed is outcome for listed in outcomes):
                    outcomes.append(outcome)
            outcomes += probes.take_outcomes()
            if self.config.exitfirst and part.failures:
                self._stop.set()


def run_contract(
    config: RunConfig,
    *,
    credentials: Credentials | None = None,
    redactor: Redactor | None = None,
    out: TextIO | None = None,
    progress: Callable[[OperationOutcome], None] | None = None,
    on_request: Callable[[str, httpx.Request], None] | None = None,
) -> RunResult:
    """Run the suite; raises ConfigError, AuthError or TargetUnreachableError for exit 2."""
    credentials = credentials or Credentials.from_env()
    redactor = redactor or Redactor.from_credentials(credentials)
    stream = out or sys.stderr

    def print_line(outcome: OperationOutcome) -> None:
        from contracts.report.output import progress_line

        print(redactor.text(progress_line(outcome)), file=stream, flush=True)

    runner = ContractRun(
        config, credentials, redactor, progress=progress or print_line, on_request=on_request
    )
    return runner.run(config.seed)


__all__ = ["AuthError", "RunResult", "known_check_names", "run_contract"]
