"""Contract tests in a user's test suite: ``test_kaching = contract_tests("kaching")``.

The returned function is a pytest test parametrized by the API's operations
(one test per ``operationId``). Each test runs that operation's property test
with the contract runner (:mod:`contracts.run.runner`) — the same generation,
checks and reproductions as ``skuguard contract`` — against
``--skuguard-base-url`` or, when none is given, the session's embedded sandbox.
A violation fails the test with the runner's reproduction, secrets redacted.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from contracts.pytest.options import APIS, PluginSettings

if TYPE_CHECKING:
    from contracts.credentials import Credentials
    from contracts.generate.payloads import Fixtures
    from contracts.pytest.sandbox import ContractTarget
    from contracts.report.redact import Redactor
    from contracts.run.config import RunConfig
    from contracts.run.operation import OperationOutcome
    from contracts.run.runner import RunResult

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
REPLAY_DIR = Path(".skuguard") / "replays"
# Examples of each link source run only to collect ids for a link target's test.
HARVEST_EXAMPLES = 10


def operation_ids(api: str) -> list[str]:
    """The API's operations as the runner names them: ``operationId``, else ``METHOD /path``."""
    from linter.specs import spec_view

    found: list[str] = []
    for path, item in spec_view(api).get("paths", {}).items():  # type: ignore[arg-type]
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                found.append(str(operation.get("operationId") or f"{method.upper()} {path}"))
    return found


def contract_tests(
    api: str, *, operations: Iterable[str] | None = None, fault: str | None = None
) -> Callable[..., None]:
    """A test function running the contract suite of ``api``, one test per operation.

    Assign it to a ``test_*`` name in a test module. ``operations`` keeps only
    the named ``operationId`` s. ``fault`` switches the embedded sandbox into
    that seeded fault for these tests (to see the suite catch it; skipped
    against ``--skuguard-base-url``). Examples per operation and the seed come
    from ``--skuguard-max-examples`` and ``--skuguard-seed``.
    """
    if api not in APIS:
        raise ValueError(f"skuguard: unknown API {api!r}; known: {', '.join(APIS)}")
    if fault is not None:
        from contracts.sandbox.faults import get_fault

        if get_fault(fault) is None:
            raise ValueError(
                f"skuguard: unknown fault {fault!r}; see `skuguard sandbox --list-faults`"
            )
    known = operation_ids(api)
    selected = known if operations is None else list(operations)
    unknown = sorted(set(selected) - set(known))
    if unknown:
        raise ValueError(
            f"skuguard: {api} has no operation {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(known)}"
        )

    @pytest.mark.parametrize("skuguard_operation", [pytest.param(op, id=op) for op in selected])
    def contract_test(
        skuguard_operation: str,
        skuguard_target: ContractTarget,
        skuguard_settings: PluginSettings,
        pytestconfig: pytest.Config,
    ) -> None:
        run_contract_test(
            api,
            skuguard_operation,
            skuguard_target,
            skuguard_settings,
            replay_dir=pytestconfig.rootpath / REPLAY_DIR,
            fault=fault,
        )

    contract_test.__doc__ = f"skuguard contract suite of {api}, one operation per test."
    return contract_test


@functools.cache
def _fixtures(path: Path | None) -> Fixtures | None:
    if path is None:
        return None
    from contracts.generate.payloads import Fixtures, FixturesError

    try:
        return Fixtures.from_toml(path)
    except FixturesError as error:
        pytest.fail(f"skuguard: --skuguard-fixtures {error}", pytrace=False)


def run_contract_test(
    api: str,
    operation_id: str,
    target: ContractTarget,
    settings: PluginSettings,
    *,
    replay_dir: Path,
    fault: str | None = None,
) -> None:
    """Run one operation's contract test; ``pytest.fail`` with the reproduction on violation."""
    if not target.serves(api):
        pytest.skip(f"--skuguard-base-url serves {target.remote_api}, not {api}")
    if fault is not None and not target.embedded:
        pytest.skip(f"fault {fault} needs the embedded sandbox, not --skuguard-base-url")
    from contracts.cli.suite import collect_findings
    from contracts.credentials import Credentials
    from contracts.report.output import failure_details
    from contracts.report.redact import Redactor
    from contracts.run.auth import AuthError
    from contracts.run.config import RunConfig
    from contracts.run.target import TargetUnreachableError
    from linter.config import ConfigError

    credentials = Credentials.from_env()
    redactor = Redactor.from_credentials(credentials)
    config = RunConfig(
        apis=(api,),  # type: ignore[arg-type]
        base_url=target.root(api),
        token_url=target.token_url_for(api),
        fixtures=_fixtures(settings.fixtures),
        max_examples=settings.max_examples,
        seed=settings.seed,
        replay_dir=replay_dir,
    )
    progress = io.StringIO()
    try:
        with target.prepared(fault):
            result = _run_one_operation(config, credentials, redactor, operation_id, progress)
    except (ConfigError, AuthError, TargetUnreachableError) as error:
        pytest.fail(redactor.text(f"skuguard: {error}"), pytrace=False)
    print(progress.getvalue(), end="")
    outcome = _outcome_of(result.outcomes, operation_id)
    if outcome.failures:
        findings = collect_findings(result, config, credentials, redactor)
        headline = (
            f"skuguard contract: {api} {outcome.label} violated "
            f"{len(outcome.failures)} check(s) in {outcome.cases} case(s) "
            f"(seed {result.seed}, max examples {config.max_examples})"
        )
        pytest.fail(f"{headline}\n\n{failure_details(findings, redactor)}", pytrace=False)
    if outcome.error:
        pytest.fail(
            redactor.text(f"skuguard: {api} {outcome.label}: {outcome.error}"), pytrace=False
        )


def _outcome_of(outcomes: Sequence[OperationOutcome], operation_id: str) -> OperationOutcome:
    for outcome in outcomes:
        if outcome.operation_id == operation_id:
            return outcome
    pytest.fail(f"skuguard: the contract runner did not run {operation_id}", pytrace=False)


def _run_one_operation(
    config: RunConfig,
    credentials: Credentials,
    redactor: Redactor,
    operation_id: str,
    out: io.StringIO,
) -> RunResult:
    from contracts.report.output import progress_line
    from contracts.run.runner import ContractRun

    def progress(outcome: OperationOutcome) -> None:
        print(redactor.text(progress_line(outcome)), file=out)

    # When the operation is a link target (job and product look-ups), its link sources
    # (imports, lists) run first, unreported and with a small budget, to feed it real ids.
    run = ContractRun(config, credentials, redactor, progress=progress)
    return run.run_operations(config.seed, [operation_id], source_examples=HARVEST_EXAMPLES)
