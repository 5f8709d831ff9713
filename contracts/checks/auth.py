"""The ``ignored_auth`` probe, sent once per operation at its first accepted request: does the
target enforce its authentication?"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from contracts.checks import sources
from contracts.checks.registry import Check, register
from contracts.run.auth import INVALID_SECRET, INVALID_SIGNATURE, KACHING_PARAMS, strip_auth
from contracts.run.operation import OperationOutcome

IGNORED_AUTH = "ignored_auth"
register(
    Check(
        IGNORED_AUTH,
        "An accepted request resent without, then with wrong, credentials gets 401 or 403.",
        None,
        source=sources.AUTH,
    )
)
REJECTION_STATUSES = frozenset({401, 403})


def _invalid_variant(request: httpx.Request) -> httpx.Request:
    """The same request with credentials present but wrong."""
    invalid = strip_auth(request)
    url = invalid.url
    if any(name in request.url.params for name in KACHING_PARAMS):
        for name in KACHING_PARAMS:
            url = url.copy_set_param(name, request.url.params.get(name, ""))
        url = url.copy_set_param("apikey", INVALID_SECRET)
    headers = httpx.Headers(invalid.headers)
    if "authorization" in request.headers:
        headers["Authorization"] = f"Bearer {INVALID_SECRET}"
    if "api-auth-signature" in request.headers:
        headers["api-auth-id"] = request.headers.get("api-auth-id", "")
        headers["api-auth-signature"] = INVALID_SIGNATURE
    return httpx.Request(request.method, url, headers=headers, content=request.content)


PROBES: tuple[tuple[str, Callable[[httpx.Request], httpx.Request]], ...] = (
    ("without credentials", strip_auth),
    ("with wrong credentials", _invalid_variant),
)


def send_probe(
    client: httpx.Client, request: httpx.Request, outcome: OperationOutcome, probe: str
) -> httpx.Response | None:
    """The response to a probe's request, or ``None`` (and the operation's error) when the
    target could not be reached."""
    outcome.requests_sent += 1
    try:
        response = client.send(request)
        response.read()
    except httpx.TransportError as exc:
        outcome.error = f"{probe} probe: {type(exc).__name__}: {exc}"
        return None
    return response


def probe_ignored_auth(client: httpx.Client, outcome: OperationOutcome) -> None:
    """Resend the operation's first accepted request without, then with wrong, credentials."""
    if outcome.first_success is None:
        return
    original = outcome.first_success.to_httpx()
    for description, variant in PROBES:
        response = send_probe(client, variant(original), outcome, IGNORED_AUTH)
        if response is None:
            return
        if response.status_code not in REJECTION_STATUSES:
            outcome.record_probe_failure(
                IGNORED_AUTH,
                f"request sent {description} got {response.status_code}, "
                "expected 401 or 403: the operation does not enforce its authentication",
                response,
            )
            return
