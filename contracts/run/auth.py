"""Authentication of contract-run requests, one ``httpx.Auth`` per API.

Each auth is applied to the final request, after Schemathesis generated the
query, so what is signed is exactly what is sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections.abc import Generator
from dataclasses import dataclass

import httpx

from contracts.credentials import Credentials
from contracts.ratelimit import TokenBucket
from contracts.report.redact import Redactor

NORCE_CONNECT_SUFFIX = "/commerce/connect/4.0"
NORCE_TOKEN_PATH = "/identity/1.0/connect/token"
UNLEASHED_CLIENT_TYPE = "account/skuguard"
KACHING_PARAMS = ("account", "integration", "apikey")
# Deliberately wrong credentials of the ignored-auth probe; not secrets.
INVALID_SECRET = "skuguard-invalid-credential"
INVALID_SIGNATURE = base64.b64encode(INVALID_SECRET.encode()).decode()

# Documented limit of Norce's token endpoint: 3 requests a minute plus a burst of 20.
TOKEN_RATE_PER_MINUTE = 3
TOKEN_BURST = 20
# Renew a token this long before it expires, so no request carries a dying token.
TOKEN_EXPIRY_MARGIN = 30.0


class AuthError(RuntimeError):
    """Credentials could not be obtained; the message is safe to print."""


def norce_token_url(connect_root: str) -> str:
    """The identity endpoint next to a Norce Connect root."""
    root = connect_root.rstrip("/")
    if not root.endswith(NORCE_CONNECT_SUFFIX):
        raise AuthError(
            f"cannot derive the token URL from {root!r}: it does not end in "
            f"{NORCE_CONNECT_SUFFIX}; pass --token-url"
        )
    return root[: -len(NORCE_CONNECT_SUFFIX)] + NORCE_TOKEN_PATH


@dataclass(slots=True)
class _Token:
    value: str
    expires_at: float


class NorceTokenSource:
    """Client-credentials tokens, cached for their lifetime and fetched within the rate limit."""

    def __init__(
        self,
        token_url: str,
        credentials: Credentials,
        redactor: Redactor,
        *,
        scope: str | None = None,
        timeout: float = 10.0,
        max_wait: float = 30.0,
    ) -> None:
        self.token_url = token_url
        self._credentials = credentials
        self._redactor = redactor
        self._scope = scope
        self._timeout = timeout
        self._max_wait = max_wait
        self._bucket = TokenBucket(TOKEN_RATE_PER_MINUTE, TOKEN_BURST)
        self._token: _Token | None = None
        self._lock = threading.Lock()
        self.requests_sent = 0
        self.lifetime = 0.0

    def get(self, *, force: bool = False) -> str:
        with self._lock:
            now = time.monotonic()
            if not force and self._token is not None and now < self._token.expires_at:
                return self._token.value
            self._token = self._fetch()
            return self._token.value

    def burst_spent(self) -> None:
        """The endpoint's burst was used up by other requests (the rate-limit probe): the
        next token is fetched only once the documented rate allows one."""
        with self._lock:
            self._bucket.empty()

    def _fetch(self) -> _Token:
        wait = self._bucket.wait_time()
        if wait > self._max_wait:
            raise AuthError(
                f"token endpoint rate limit ({TOKEN_RATE_PER_MINUTE}/min, burst {TOKEN_BURST}) "
                "reached; not asking again"
            )
        if wait > 0:
            time.sleep(wait)
        self._bucket.take()
        form = {
            "grant_type": "client_credentials",
            "client_id": self._credentials.norce_client_id,
            "client_secret": self._credentials.norce_client_secret,
        }
        if self._scope:
            form["scope"] = self._scope
        self.requests_sent += 1
        try:
            response = httpx.post(
                self.token_url,
                data=form,
                timeout=self._timeout,
                # Only an https endpoint needs the CA store (slow to load); no redirects.
                verify=self.token_url.startswith("https://"),
            )
        except httpx.HTTPError as exc:
            raise AuthError(f"token endpoint {self.token_url}: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise AuthError(
                f"token endpoint {self.token_url} answered {response.status_code}: "
                + self._redactor.text(response.text[:200])
            )
        try:
            payload = response.json()
            value = str(payload["access_token"])
            lifetime = float(payload.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError):
            raise AuthError(
                f"token endpoint {self.token_url}: reply has no access_token/expires_in"
            ) from None
        self._redactor.add(value)
        self.lifetime = lifetime
        expires_at = time.monotonic() + max(lifetime - TOKEN_EXPIRY_MARGIN, lifetime / 2)
        return _Token(value, expires_at)


class NorceAuth(httpx.Auth):
    """``Authorization: Bearer`` from the token source; one renewal if the server says 401."""

    def __init__(self, source: NorceTokenSource) -> None:
        self._source = source

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._source.get()}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self._source.get(force=True)}"
            yield request


class StaticHeaderAuth(httpx.Auth):
    """An ``Authorization`` given with ``-H``: sent as is, never refreshed."""

    def __init__(self, value: str) -> None:
        self._value = value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._value
        yield request


class KachingAuth(httpx.Auth):
    """The ``account``, ``integration`` and ``apikey`` query parameters, on every call."""

    def __init__(self, credentials: Credentials) -> None:
        self._values = {
            "account": credentials.kaching_account,
            "integration": credentials.kaching_integration,
            "apikey": credentials.kaching_apikey,
        }

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        url = request.url
        for name, value in self._values.items():
            url = url.copy_set_param(name, value)
        request.url = url
        yield request


def unleashed_signature(api_key: str, query: bytes | str) -> str:
    """base64(HMAC-SHA256(api key, query string exactly as sent))."""
    message = query.encode() if isinstance(query, str) else query
    digest = hmac.new(api_key.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class UnleashedAuth(httpx.Auth):
    """Signs the final query string of every request."""

    def __init__(self, credentials: Credentials, redactor: Redactor) -> None:
        self._api_id = credentials.unleashed_api_id
        self._api_key = credentials.unleashed_api_key
        self._redactor = redactor

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        signature = unleashed_signature(self._api_key, request.url.query)
        self._redactor.add(signature)
        request.headers["api-auth-id"] = self._api_id
        request.headers["api-auth-signature"] = signature
        request.headers["client-type"] = UNLEASHED_CLIENT_TYPE
        yield request


def owned_headers(api: str) -> dict[str, str]:
    """Headers the run's auth sets itself for ``api``; generation must leave them alone."""
    return {"client-type": UNLEASHED_CLIENT_TYPE} if api == "unleashed" else {}


def strip_auth(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` with every credential removed (for the ignored-auth probe)."""
    url = request.url
    for name in KACHING_PARAMS:
        url = url.copy_remove_param(name)
    headers = httpx.Headers(request.headers)
    for name in ("Authorization", "api-auth-id", "api-auth-signature"):
        headers.pop(name, None)
    return httpx.Request(request.method, url, headers=headers, content=request.content)
