"""Probes sent once per operation, at its first accepted request: does the target enforce its
auth, and does it answer in each media type the operation declares?"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from contracts.run.auth import INVALID_SECRET, INVALID_SIGNATURE, KACHING_PARAMS, strip_auth
from contracts.run.operation import OperationOutcome

IGNORED_AUTH = "ignored_auth"
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


def _send(
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
        response = _send(client, variant(original), outcome, IGNORED_AUTH)
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


ACCEPT_HONOURED = "accept_honoured"


def probe_accept(client: httpx.Client, outcome: OperationOutcome, media_types: list[str]) -> None:
    """Resend the operation's first accepted request asking for each media type it declares
    (when it declares several): the answer must be a success in that type."""
    if outcome.first_success is None or len(media_types) < 2:
        return
    original = outcome.first_success.to_httpx()
    for media_type in media_types:
        request = httpx.Request(
            original.method, original.url, headers=original.headers, content=original.content
        )
        request.headers["Accept"] = media_type
        response = _send(client, request, outcome, ACCEPT_HONOURED)
        if response is None:
            return
        answered = response.headers.get("content-type", "").split(";")[0].strip()
        if 200 <= response.status_code < 300 and answered == media_type:
            continue
        outcome.record_probe_failure(
            ACCEPT_HONOURED,
            f"an accepted request resent with Accept: {media_type} got "
            f"{response.status_code} with Content-Type: {answered or '(none)'}",
            response,
        )
        return
