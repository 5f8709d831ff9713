"""Turning a Schemathesis case into the exact HTTP request a contract run sends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import requests

from contracts import __version__
from contracts.credentials import Credentials
from contracts.report.redact import Redactor
from contracts.run.auth import (
    KachingAuth,
    NorceAuth,
    NorceTokenSource,
    StaticHeaderAuth,
    UnleashedAuth,
)
from linter.specs import Api

USER_AGENT = f"skuguard/{__version__}"
# Headers Schemathesis adds for its own bookkeeping; they are not part of the contract.
_DROPPED_HEADERS = frozenset({"x-schemathesis-testcaseid", "user-agent", "connection"})


class UnsendableCaseError(ValueError):
    """The generated case cannot be put on the wire (e.g. a header no HTTP library encodes)."""


def build_request(case: Any, base_url: str, extra_headers: Mapping[str, str]) -> httpx.Request:
    """The request for ``case`` before auth: Schemathesis's own serialization, our headers."""
    kwargs = case.as_transport_kwargs(base_url=base_url)
    try:
        prepared = requests.Request(
            method=kwargs["method"],
            url=kwargs["url"],
            params=kwargs.get("params"),
            headers=kwargs.get("headers"),
            json=kwargs.get("json"),
            data=kwargs.get("data"),
            cookies=kwargs.get("cookies"),
        ).prepare()
    except (ValueError, TypeError, requests.RequestException) as exc:
        raise UnsendableCaseError(str(exc)) from None
    headers = [
        (name, value if isinstance(value, str) else value.decode("latin-1"))
        for name, value in prepared.headers.items()
        if name.lower() not in _DROPPED_HEADERS and name.lower() != "content-length"
    ]
    headers.append(("User-Agent", USER_AGENT))
    merged = httpx.Headers(headers)
    for name, value in extra_headers.items():
        merged[name] = value
    body = prepared.body
    content = body.encode() if isinstance(body, str) else bytes(body or b"")  # type: ignore[arg-type]
    try:
        return httpx.Request(
            str(prepared.method), str(prepared.url), headers=merged, content=content
        )
    except (ValueError, TypeError, httpx.InvalidURL) as exc:
        raise UnsendableCaseError(str(exc)) from None


@dataclass(slots=True)
class ApiTarget:
    """Where one API lives and how its requests are authenticated."""

    api: Api
    base_url: str
    auth: httpx.Auth
    token_source: NorceTokenSource | None = None


def make_auth(
    api: Api,
    credentials: Credentials,
    redactor: Redactor,
    *,
    headers: Mapping[str, str],
    token_url: str | None,
) -> tuple[httpx.Auth, NorceTokenSource | None]:
    if api == "kaching":
        return KachingAuth(credentials), None
    if api == "unleashed":
        return UnleashedAuth(credentials, redactor), None
    override = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    if override is not None:
        redactor.add(override)
        return StaticHeaderAuth(override), None
    if token_url is None:
        raise ValueError("Norce needs a token URL")
    source = NorceTokenSource(token_url, credentials, redactor)
    return NorceAuth(source), source


def send(client: httpx.Client, request: httpx.Request, auth: httpx.Auth) -> httpx.Response:
    response = client.send(request, auth=auth)
    response.read()
    return response
