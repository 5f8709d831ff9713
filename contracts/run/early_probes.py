"""Probes sent at an operation's first accepted request, so what they find is reported early."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from contracts.checks.accept import ACCEPT_HONOURED, probe_accept
from contracts.checks.auth import IGNORED_AUTH, probe_ignored_auth
from contracts.run.auth import NorceTokenSource
from contracts.run.followup import SandboxAdmin
from contracts.run.generation import response_media_types
from contracts.run.operation import OperationOutcome

if TYPE_CHECKING:
    from contracts.run.runner import ContractRun


class FirstSuccessProbes:
    """Probes that need an accepted request, sent as soon as an operation has one, so a
    violation they find is reported early: ``ignored_auth`` and ``accept_honoured`` (each
    declared response media type asked for) for every operation, and once per API the token
    probes (Norce, sandbox targets only)."""

    def __init__(
        self,
        run: ContractRun,
        client: httpx.Client,
        admin: SandboxAdmin | None,
        token_source: NorceTokenSource | None,
    ) -> None:
        self._run = run
        self._client = client
        self._admin = admin
        self._token_source = token_source
        self._token_probed = False
        self._probed: set[str] = set()
        self._outcomes: list[OperationOutcome] = []

    def __call__(self, operation: Any, outcome: OperationOutcome) -> bool:
        """Probe with ``outcome``'s first accepted request (once per operation, whichever
        phase has it first); true: stop the run (-x)."""
        config = self._run.config
        if outcome.operation_id not in self._probed:
            self._probed.add(outcome.operation_id)
            if config.checks is None or IGNORED_AUTH in config.checks:
                probe_ignored_auth(self._client, outcome)
            if config.checks is None or ACCEPT_HONOURED in config.checks:
                probe_accept(self._client, outcome, response_media_types(operation))
        accepted = outcome.first_success
        if (
            not self._token_probed
            and accepted is not None
            and self._token_source is not None
            and self._admin is not None
            and self._run._wants_token_probes()
        ):
            self._token_probed = True
            probed = self._run._token_probes(
                self._client, self._admin, self._token_source, accepted
            )
            self._outcomes.append(probed)
            if config.exitfirst and probed.failures:
                self._run._stop.set()
        return config.exitfirst and (bool(outcome.failures) or self._run._stop.is_set())

    def take_outcomes(self) -> list[OperationOutcome]:
        """The probes' own outcomes (the token endpoint's) since the last call."""
        taken, self._outcomes = self._outcomes, []
        return taken
