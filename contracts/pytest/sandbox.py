"""The embedded sandbox as the pytest plugin serves it, and where contract tests send requests.

One sandbox per pytest session (so one per xdist worker), on a free port of
127.0.0.1; each test that asks for it gets it reset to its seed data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from contracts.credentials import Credentials

if TYPE_CHECKING:
    from contracts.sandbox.server import RunningSandbox

RESET_PATH = "/_sandbox/reset"
CLIENT_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class SandboxHandle:
    """What a test gets from ``skuguard_sandbox``.

    ``urls`` maps each API to its root (Norce: the Connect root,
    ``…/norce/commerce/connect/4.0``); ``client`` is an ``httpx.Client`` whose
    base URL is the sandbox's, so ``client.post("/kaching/imports/stock", …)`` works.
    """

    base_url: str
    urls: Mapping[str, str]
    norce_token_url: str
    credentials: Credentials
    client: httpx.Client
    fault: str | None

    def url(self, api: str) -> str:
        try:
            return self.urls[api]
        except KeyError:
            raise KeyError(f"no API {api!r}; known: {', '.join(self.urls)}") from None


class SandboxServer:
    """A running sandbox shared by one session's tests."""

    def __init__(self, running: RunningSandbox, credentials: Credentials, fault: str | None):
        self.running = running
        self.credentials = credentials
        self.fault = fault

    @property
    def base_url(self) -> str:
        return self.running.base_url

    @property
    def urls(self) -> dict[str, str]:
        return {
            "norce": self.running.norce_connect,
            "kaching": self.running.kaching,
            "unleashed": self.running.unleashed,
        }

    def reset(self, client: httpx.Client | None = None) -> None:
        """Back to the seed data through the admin route (the session's fault stays)."""
        if client is None:
            with httpx.Client(base_url=self.base_url, timeout=CLIENT_TIMEOUT_S) as own:
                self.reset(own)
            return
        reply = client.post(RESET_PATH)
        if reply.status_code != 200:
            raise RuntimeError(f"{self.base_url}{RESET_PATH}: answered {reply.status_code}")

    @contextlib.contextmanager
    def fresh_handle(self) -> Iterator[SandboxHandle]:
        with httpx.Client(base_url=self.base_url, timeout=CLIENT_TIMEOUT_S) as client:
            self.reset(client)
            yield SandboxHandle(
                base_url=self.base_url,
                urls=self.urls,
                norce_token_url=self.running.norce_token_url,
                credentials=self.credentials,
                client=client,
                fault=self.fault,
            )


@contextlib.contextmanager
def serve_sandbox(fault: str | None = None) -> Iterator[SandboxServer]:
    """Start the embedded sandbox (stopped when the block ends), credentials from the env."""
    from contracts.sandbox.server import running_sandbox

    credentials = Credentials.from_env()
    with running_sandbox(fault=fault, credentials=credentials) as running:
        yield SandboxServer(running, credentials, fault)


@dataclass(frozen=True, slots=True)
class ContractTarget:
    """Where the contract tests of each API send their requests.

    Remote (``--skuguard-base-url``): the URL is the root of the API under test,
    or only of ``api`` when ``--skuguard-api`` names one. Embedded: each API's
    root in the session's sandbox, reset before every contract test.
    """

    roots: Mapping[str, str] | None
    remote_url: str | None
    remote_api: str | None
    token_url: str | None
    server: SandboxServer | None

    @classmethod
    def remote(cls, base_url: str, api: str | None) -> ContractTarget:
        return cls(roots=None, remote_url=base_url, remote_api=api, token_url=None, server=None)

    @classmethod
    def sandbox(cls, server: SandboxServer) -> ContractTarget:
        return cls(
            roots=server.urls,
            remote_url=None,
            remote_api=None,
            token_url=server.running.norce_token_url,
            server=server,
        )

    @property
    def embedded(self) -> bool:
        return self.server is not None

    def serves(self, api: str) -> bool:
        return self.remote_api is None or self.remote_api == api

    def root(self, api: str) -> str:
        if self.roots is not None:
            return self.roots[api]
        assert self.remote_url is not None
        return self.remote_url

    def token_url_for(self, api: str) -> str | None:
        """Norce's token endpoint in the sandbox; ``None`` lets the runner derive it."""
        return self.token_url if api == "norce" else None

    @contextlib.contextmanager
    def prepared(self, fault: str | None = None) -> Iterator[None]:
        """Around a contract test: the embedded sandbox reset, with ``fault`` switched on.

        The session's own fault is restored afterwards; tests of one worker run
        one after another, so a test's fault never leaks into another's.
        """
        if self.server is None:
            yield
            return
        self.server.reset()
        if fault is None:
            yield
            return
        self.server.running.set_fault(fault)
        try:
            yield
        finally:
            self.server.running.set_fault(self.server.fault)
