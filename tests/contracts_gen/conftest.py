"""A real sandbox on loopback and authenticated clients for the domain-check tests."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from contracts.checks.context import CheckContext
from contracts.credentials import Credentials
from contracts.report.redact import Redactor
from contracts.run.auth import KachingAuth, NorceAuth, NorceTokenSource, UnleashedAuth
from contracts.run.followup import FollowUpClient, SandboxAdmin
from contracts.sandbox.server import RunningSandbox, running_sandbox


@dataclass
class Api:
    """One API of the running sandbox: where it lives and how to authenticate."""

    root: str
    auth: httpx.Auth
    http: httpx.Client
    admin: SandboxAdmin

    def client(self) -> FollowUpClient:
        return FollowUpClient(self.http, self.root, self.auth, {})

    def exchange(
        self,
        operation_id: str,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        with_admin: bool = True,
    ) -> CheckContext:
        """Send one request for real and wrap it as the runner would."""
        request = self.http.build_request(
            method, self.root + path, params=list(query), headers=dict(headers or {}), content=body
        )
        response = self.http.send(request, auth=self.auth)
        return CheckContext.from_httpx(
            operation_id,
            response.request,
            response,
            client=self.client(),
            admin=self.admin if with_admin else None,
        )


@dataclass
class Sandbox:
    running: RunningSandbox
    norce: Api
    kaching: Api
    unleashed: Api

    def fault(self, name: str | None) -> None:
        self.running.reset()
        self.running.set_fault(name)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    credentials = Credentials.from_env({})
    redactor = Redactor(credentials.secrets())
    with running_sandbox(credentials=credentials) as running, httpx.Client(timeout=10) as http:
        admin = SandboxAdmin(http, running.base_url)
        tokens = NorceTokenSource(running.norce_token_url, credentials, redactor)
        yield Sandbox(
            running,
            Api(running.norce_connect, NorceAuth(tokens), http, admin),
            Api(running.kaching, KachingAuth(credentials), http, admin),
            Api(running.unleashed, UnleashedAuth(credentials, redactor), http, admin),
        )


@pytest.fixture
def fresh(sandbox: Sandbox) -> Iterator[Sandbox]:
    """The sandbox reset to its seed, without a fault; cleared again afterwards."""
    sandbox.fault(None)
    yield sandbox
    sandbox.fault(None)


def json_bytes(value: Any) -> bytes:
    import json

    return json.dumps(value).encode()
