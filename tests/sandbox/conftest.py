"""Fixtures for the sandbox tests: one server per module over loopback, reset before each test."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import httpx
import pytest

from contracts.sandbox.app import create_app
from contracts.sandbox.client import CREDS
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.server import RunningSandbox, running_sandbox
from contracts.sandbox.settings import SandboxSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture(scope="module")
def server() -> Iterator[RunningSandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture
def transport() -> str:
    """How ``api`` reaches the sandbox; modules override this to run both ways."""
    return "loopback"


@pytest.fixture
def api(transport: str, request: pytest.FixtureRequest) -> Iterator[Api]:
    """A client reset to the seed with no fault: over real HTTP to the module's server
    (``loopback``) or to a fresh in-process app (``in-process``)."""
    if transport == "in-process":
        app = create_app(SandboxSettings(credentials=CREDS))
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(client)
        app.state.sandbox.store.close()
        return
    server: RunningSandbox = request.getfixturevalue("server")
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        helper = Api(client)
        helper.reset()
        yield helper
        helper.fault(None)


@pytest.fixture
def inproc() -> Iterator[Api]:
    """A client of a fresh in-process app (no socket)."""
    app = create_app(SandboxSettings(credentials=CREDS, max_body_bytes=64 * 1024))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client)
    app.state.sandbox.store.close()
