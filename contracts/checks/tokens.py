"""Probes of Norce's token endpoint, sent only to a sandbox (they need its clock, or would
break the rate limit of a real endpoint): tokens expire, and the endpoint limits its rate."""

from __future__ import annotations

import httpx

from contracts.checks import sources
from contracts.checks.context import SentRequest
from contracts.checks.registry import Check, register
from contracts.credentials import Credentials
from contracts.run.auth import (
    NORCE_TOKEN_PATH,
    TOKEN_BURST,
    TOKEN_RATE_PER_MINUTE,
    NorceTokenSource,
)
from contracts.run.followup import SandboxAdmin
from contracts.run.operation import OperationOutcome

TOKEN_EXPIRY = "token_expiry"
TOKEN_RATE_LIMIT = "token_rate_limit"
TOKEN_CHECKS: tuple[str, ...] = (TOKEN_EXPIRY, TOKEN_RATE_LIMIT)
register(
    Check(
        TOKEN_EXPIRY,
        "A Norce token used past its lifetime is refused (sandbox targets only).",
        None,
        "norce",
        source=sources.TOKEN_EXPIRY,
    )
)
register(
    Check(
        TOKEN_RATE_LIMIT,
        "Norce's token endpoint answers 429 past its documented burst (sandbox targets only).",
        None,
        "norce",
        source=sources.TOKEN_RATE_LIMIT,
    )
)
REJECTED = frozenset({401, 403})
# A few requests past the burst, for the requests the run itself already spent.
_EXTRA_REQUESTS = 2


def token_outcome(source: NorceTokenSource) -> OperationOutcome:
    # Named like every other operation, relative to the API's host root (the sandbox serves
    # it under /norce, Norce under the tenant's host), not by the full sandbox path.
    return OperationOutcome("norce", "token", f"POST {NORCE_TOKEN_PATH}")


def probe_token_expiry(
    client: httpx.Client,
    admin: SandboxAdmin,
    source: NorceTokenSource,
    accepted: SentRequest,
    outcome: OperationOutcome,
) -> None:
    """Move the sandbox clock past the token's lifetime and resend an accepted request."""
    token = source.get()
    admin.post("clock/advance", {"seconds": source.lifetime + 1})
    request = accepted.to_httpx()
    request.headers["Authorization"] = f"Bearer {token}"
    outcome.cases += 1
    outcome.requests_sent += 1
    response = client.send(request)
    response.read()
    if response.status_code in REJECTED:
        outcome.passed += 1
        return
    outcome.record_probe_failure(
        TOKEN_EXPIRY,
        f"a token used {source.lifetime + 1:.0f}s after it was issued (expires_in "
        f"{source.lifetime:.0f}s) was accepted with {response.status_code}, expected 401",
        response,
    )


def probe_token_rate_limit(
    client: httpx.Client, token_url: str, credentials: Credentials, outcome: OperationOutcome
) -> None:
    """Ask for tokens in one burst: the endpoint must answer 429 past its documented burst."""
    form = {
        "grant_type": "client_credentials",
        "client_id": credentials.norce_client_id,
        "client_secret": credentials.norce_client_secret,
    }
    limit = TOKEN_BURST + _EXTRA_REQUESTS
    last: httpx.Response | None = None
    for _ in range(limit):
        outcome.requests_sent += 1
        last = client.post(token_url, data=form)
        if last.status_code == 429:
            outcome.cases += 1
            outcome.passed += 1
            return
    assert last is not None
    outcome.cases += 1
    # A token reply holds a token: no excerpt of it.
    outcome.record_probe_failure(
        TOKEN_RATE_LIMIT,
        f"{limit} token requests in a burst were all answered ({last.status_code}); the "
        f"documented limit is {TOKEN_RATE_PER_MINUTE}/min with a burst of {TOKEN_BURST}, "
        "so 429 was expected",
        last,
        excerpt=False,
    )
