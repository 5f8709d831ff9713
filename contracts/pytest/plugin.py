"""pytest11 entry point ``skuguard``: options, fixtures and helpers for other repositories.

Loaded in every pytest run of an environment where skuguard is installed, so it
must cost nothing when unused: it adds options and fixtures and no hook that
touches collection or reporting, and everything heavy (the linter, the sandbox,
httpx, Schemathesis) is imported inside the fixtures that need it.

Fixtures: ``skuguard_settings``, ``skuguard_lint``, ``skuguard_sandbox``,
``skuguard_target``. Helpers: :func:`contracts.assert_valid_payload`,
:func:`contracts.contract_tests`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from contracts.pytest.options import PluginSettings, add_options, read_settings

if TYPE_CHECKING:
    from contracts.pytest.sandbox import ContractTarget, SandboxHandle, SandboxServer

_SETTINGS_KEY = pytest.StashKey[PluginSettings]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    # Validate eagerly so a bad value is a usage error at start, not a failure in one test.
    config.stash[_SETTINGS_KEY] = read_settings(config)


@pytest.fixture(scope="session")
def skuguard_settings(pytestconfig: pytest.Config) -> PluginSettings:
    """The resolved ``--skuguard-*`` options (command line over ini keys)."""
    return pytestconfig.stash[_SETTINGS_KEY]


@pytest.fixture(scope="session")
def skuguard_lint() -> Callable[..., list[dict[str, object]]]:
    """``skuguard_lint(payload, kind=..., header=None, content_type=None, options=None)``.

    ``payload`` is a Python object, ``bytes``, or a file path (``str`` or
    ``Path``); returns the diagnostics as dicts with the JSON report's fields
    (code, severity, message, file, line, column, pointer).
    """
    from contracts.pytest.assertions import lint_as_dicts

    return lint_as_dicts


@pytest.fixture(scope="session")
def skuguard_sandbox_server(skuguard_settings: PluginSettings) -> Iterator[SandboxServer]:
    """One embedded sandbox per session (so one per xdist worker), on a free loopback port."""
    from contracts.pytest.sandbox import serve_sandbox

    with serve_sandbox(fault=skuguard_settings.fault) as server:
        yield server


@pytest.fixture
def skuguard_sandbox(skuguard_sandbox_server: SandboxServer) -> Iterator[SandboxHandle]:
    """The session's sandbox, reset to its seed data before the test.

    Exposes ``base_url``, ``url(api)`` (the root of each API), ``credentials``
    and ``client`` (an ``httpx.Client`` on the base URL, closed after the test).
    """
    with skuguard_sandbox_server.fresh_handle() as handle:
        yield handle


@pytest.fixture(scope="session")
def skuguard_target(
    skuguard_settings: PluginSettings, request: pytest.FixtureRequest
) -> ContractTarget:
    """Where contract tests send requests: ``--skuguard-base-url``, else the embedded sandbox."""
    from contracts.pytest.sandbox import ContractTarget

    if skuguard_settings.base_url is not None:
        return ContractTarget.remote(skuguard_settings.base_url, skuguard_settings.api)
    server: SandboxServer = request.getfixturevalue("skuguard_sandbox_server")
    return ContractTarget.sandbox(server)
