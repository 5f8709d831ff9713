"""Where each API of a run lives: the embedded sandbox, or the URL given with --base-url."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from contracts.run.auth import NORCE_CONNECT_SUFFIX, NORCE_TOKEN_PATH, AuthError, norce_token_url
from contracts.run.config import RunConfig
from linter.config import ConfigError
from linter.specs import Api

SANDBOX_PREFIXES: Mapping[Api, str] = {
    "norce": "/norce" + NORCE_CONNECT_SUFFIX,
    "kaching": "/kaching",
    "unleashed": "/unleashed",
}
SANDBOX_TOKEN_PATH = "/norce" + NORCE_TOKEN_PATH


class TargetUnreachableError(RuntimeError):
    """The target did not answer the probe; ``str()`` is ``<url>: <cause>``."""


@dataclass(frozen=True, slots=True)
class Targets:
    roots: Mapping[Api, str]
    token_url: str | None
    embedded: bool


def from_sandbox_root(root: str, apis: tuple[Api, ...], token_url: str | None) -> Targets:
    root = root.rstrip("/")
    return Targets(
        roots={api: root + SANDBOX_PREFIXES[api] for api in apis},
        token_url=token_url or root + SANDBOX_TOKEN_PATH,
        embedded=False,
    )


def from_base_url(config: RunConfig) -> Targets:
    assert config.base_url is not None
    if len(config.apis) > 1:
        return from_sandbox_root(config.base_url, config.apis, config.token_url)
    api = config.apis[0]
    token_url = config.token_url
    if api == "norce" and token_url is None and not _has_authorization(config.headers):
        try:
            token_url = norce_token_url(config.base_url)
        except AuthError as exc:
            raise ConfigError(f"--base-url: {exc}") from None
    return Targets(roots={api: config.base_url}, token_url=token_url, embedded=False)


def _has_authorization(headers: Mapping[str, str]) -> bool:
    return any(name.lower() == "authorization" for name in headers)


def _sandbox_root(handle: Any) -> str:
    for attribute in ("base_url", "url", "root"):
        value = getattr(handle, attribute, None)
        if isinstance(value, str):
            return value
    if isinstance(handle, str):
        return handle
    if isinstance(handle, tuple) and handle and isinstance(handle[0], str):
        return handle[0]
    raise RuntimeError(f"running_sandbox yielded {type(handle).__name__}, expected a base URL")


@contextlib.contextmanager
def open_targets(config: RunConfig) -> Iterator[Targets]:
    """Yield the run's targets; starts (and always stops) the embedded sandbox if needed."""
    if config.base_url is not None:
        yield from_base_url(config)
        return
    from contracts.sandbox.server import running_sandbox

    with running_sandbox() as handle:
        targets = from_sandbox_root(_sandbox_root(handle), config.apis, config.token_url)
        yield Targets(targets.roots, targets.token_url, embedded=True)


def probe(client: httpx.Client, targets: Targets) -> None:
    """One request to each distinct host; any HTTP answer means reachable."""
    seen: set[str] = set()
    for root in targets.roots.values():
        origin = str(httpx.URL(root).copy_with(path="/", query=None))
        if origin in seen:
            continue
        seen.add(origin)
        try:
            client.get(root)
        except httpx.TransportError as exc:
            reason = str(exc) or type(exc).__name__
            raise TargetUnreachableError(f"{root}: unreachable: {reason}") from None
