"""pytest11 entry point ``skuguard``: options, fixtures and helpers for other repositories.

Loaded in every pytest run of an environment where skuguard is installed, so it
must cost nothing when unused: it adds options, fixtures and a marker; its one
collection hook returns at once unless ``--skuguard-lint`` (or the ini key
``skuguard_lint``) is on, and everything heavy (the linter, the sandbox,
httpx, Schemathesis) is imported only when an option or a fixture needs it.

Payload files as test items: :mod:`contracts.pytest.lint_items`.
Fixtures: ``skuguard_settings``, ``skuguard_lint``, ``skuguard_sandbox``,
``skuguard_target``. Helpers: :func:`contracts.assert_valid_payload`,
:func:`contracts.contract_tests`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from contracts.pytest.options import PluginSettings, add_options, read_lint_settings, read_settings

if TYPE_CHECKING:
    from contracts.pytest.lint_items import PayloadFile
    from contracts.pytest.sandbox import ContractTarget, SandboxHandle, SandboxServer

_SETTINGS_KEY = pytest.StashKey[PluginSettings]()
_LINT_ON_KEY = pytest.StashKey[bool]()
_MARKER_LINE = "skuguard_lint: a payload file linted by skuguard (--skuguard-lint)"


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    # Validate eagerly so a bad value is a usage error at start, not a failure in one test.
    config.stash[_SETTINGS_KEY] = read_settings(config)
    config.addinivalue_line("markers", _MARKER_LINE)
    lint_settings = read_lint_settings(config)
    config.stash[_LINT_ON_KEY] = lint_settings.enabled
    if lint_settings.enabled:
        from contracts.pytest.lint_items import SELECTOR_KEY, make_selector

        config.stash[SELECTOR_KEY] = make_selector(config, lint_settings)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PayloadFile | None:
    if not parent.config.stash.get(_LINT_ON_KEY, False):
        return None
    from contracts.pytest.lint_items import SELECTOR_KEY

    return parent.config.stash[SELECTOR_KEY].collect(file_path, parent)


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
