"""Credentials as each API documents them: Norce OAuth2 tokens, Ka-ching query keys,
Unleashed HMAC signatures. Secrets are compared with :func:`hmac.compare_digest` and never
logged or echoed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable
from urllib.parse import unquote_to_bytes

from contracts.credentials import Credentials
from contracts.ratelimit import TokenBucket
from contracts.sandbox.clock import Clock
from contracts.sandbox.errors import ApiError


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class TokenIssuer:
    """Norce's token endpoint state: issued tokens with expiry, and the per-IP rate limit."""

    def __init__(
        self,
        credentials: Credentials,
        clock: Clock,
        *,
        lifetime_s: float,
        rate_per_minute: float,
        burst: int,
    ) -> None:
        self._credentials = credentials
        self._clock = clock
        self.lifetime_s = lifetime_s
        self._rate_per_minute = rate_per_minute
        self._burst = burst
        self._lock = threading.Lock()
        self._tokens: dict[str, float] = {}
        self._buckets: dict[str, TokenBucket] = {}

    def reset(self) -> None:
        with self._lock:
            self._tokens.clear()
            self._buckets.clear()

    def take_rate_slot(self, client_ip: str) -> bool:
        """Take one request from ``client_ip``'s bucket; ``False`` when it is empty."""
        with self._lock:
            bucket = self._buckets.get(client_ip)
            if bucket is None:
                bucket = self._buckets[client_ip] = TokenBucket(
                    self._rate_per_minute, self._burst, clock=self._clock.now
                )
        return bucket.try_take()

    def issue(self, form: Mapping[str, str]) -> str:
        grant = form.get("grant_type", "")
        if grant != "client_credentials":
            raise ApiError(
                400,
                "grant_type must be client_credentials",
                extra={"error": "unsupported_grant_type"},
            )
        client_id = form.get("client_id", "")
        client_secret = form.get("client_secret", "")
        if not client_id or not client_secret:
            raise ApiError(
                401, "client_id and client_secret are required", extra={"error": "invalid_client"}
            )
        ok_id = same_secret(client_id, self._credentials.norce_client_id)
        ok_secret = same_secret(client_secret, self._credentials.norce_client_secret)
        if not (ok_id and ok_secret):
            raise ApiError(401, "unknown client or wrong secret", extra={"error": "invalid_client"})
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._purge_expired()
            self._tokens[token] = self._clock.now() + self.lifetime_s
        return token

    def _purge_expired(self) -> None:
        now = self._clock.now()
        for token in [t for t, exp in self._tokens.items() if exp <= now]:
            del self._tokens[token]

    def check_bearer(self, authorization: str | None, *, honour_expiry: bool = True) -> None:
        if not authorization:
            raise ApiError(
                401,
                "a bearer token is required (Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": 'Bearer realm="norce"'},
            )
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(
                401,
                "the Authorization header must use the Bearer scheme",
                headers={"WWW-Authenticate": 'Bearer realm="norce"'},
            )
        with self._lock:
            expiry = self._tokens.get(token.strip())
        if expiry is None:
            raise ApiError(
                401,
                "the bearer token is not valid",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if honour_expiry and expiry <= self._clock.now():
            raise ApiError(
                401,
                "the bearer token has expired",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )


@runtime_checkable
class MultiValues(Protocol):
    """Query parameters, form fields or headers, where a name may come more than once."""

    def getlist(self, key: str) -> list[str]: ...


def refuse_repeats(values: MultiValues, names: Sequence[str], where: str) -> None:
    """400 when a credential is sent twice: which of two values counts is not documented,
    and accepting either lets a wrong value ride along with a right one."""
    for name in names:
        if len(values.getlist(name)) > 1:
            raise ApiError(400, f"the {where} {name} is given more than once")


def form_fields(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The token request's form as a dict; 400 when a credential field comes twice."""
    names = [name for name, _ in pairs]
    for name in ("grant_type", "client_id", "client_secret"):
        if names.count(name) > 1:
            raise ApiError(
                400,
                f"the form field {name} is given more than once",
                extra={"error": "invalid_request"},
            )
    return dict(pairs)


def check_kaching(
    query: Mapping[str, str], credentials: Credentials, *, check_apikey: bool = True
) -> None:
    if isinstance(query, MultiValues):
        refuse_repeats(query, ("account", "integration", "apikey"), "query parameter")
    missing = [name for name in ("account", "integration", "apikey") if not query.get(name)]
    if missing:
        raise ApiError(401, f"missing query parameter(s): {', '.join(missing)}")
    if not same_secret(query["account"], credentials.kaching_account):
        raise ApiError(403, "unknown account")
    if not same_secret(query["integration"], credentials.kaching_integration):
        raise ApiError(403, "unknown integration for this account")
    if check_apikey and not same_secret(query["apikey"], credentials.kaching_apikey):
        raise ApiError(403, "the apikey is not valid for this integration")


def unleashed_signature(api_key: str, query_string: str | bytes) -> str:
    """base64(HMAC-SHA256(api_key, query_string)), as Unleashed documents it."""
    message = query_string.encode("utf-8") if isinstance(query_string, str) else query_string
    digest = hmac.new(api_key.encode("utf-8"), message, hashlib.sha256)
    return base64.b64encode(digest.digest()).decode("ascii")


def check_unleashed(
    headers: Mapping[str, str],
    raw_query: bytes,
    credentials: Credentials,
    *,
    check_signature: bool = True,
) -> None:
    """Verify api-auth-id and api-auth-signature (403 when missing or wrong).

    The signature is checked over the query string exactly as received; a signature over its
    percent-decoded form is accepted too, since public clients sign either (see apis.md 3.1).
    """
    if isinstance(headers, MultiValues):
        refuse_repeats(headers, ("api-auth-id", "api-auth-signature"), "header")
    api_id = headers.get("api-auth-id")
    signature = headers.get("api-auth-signature")
    if not api_id or not signature:
        raise ApiError(403, "api-auth-id and api-auth-signature headers are required")
    if not same_secret(api_id, credentials.unleashed_api_id):
        raise ApiError(403, "unknown api-auth-id")
    if not check_signature:
        return
    key = credentials.unleashed_api_key
    forms = {
        raw_query,
        unquote_to_bytes(raw_query),
        unquote_to_bytes(raw_query.replace(b"+", b" ")),
    }
    if not any(same_secret(signature, unleashed_signature(key, form)) for form in forms):
        raise ApiError(403, "api-auth-signature does not match the query string")
