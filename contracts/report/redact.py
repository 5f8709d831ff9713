"""The one place where secrets are removed from anything skuguard prints or writes.

Every sink (console, reports, replay files, curl commands, logs, exception
messages) passes its text through a :class:`Redactor`. A redactor knows the
configured credentials, learns secrets met at run time (bearer tokens,
signatures, secret ``-H`` values) and also removes values by context: the value
of a secret header, query parameter or form field is hidden whatever it is.
"""

from __future__ import annotations

import base64
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit, urlunsplit

from contracts.credentials import Credentials

REDACTED = "[REDACTED]"

SECRET_HEADERS: frozenset[str] = frozenset(
    {"authorization", "proxy-authorization", "api-auth-signature", "cookie", "set-cookie"}
)
SECRET_PARAMS: frozenset[str] = frozenset(
    {"apikey", "api_key", "client_secret", "access_token", "refresh_token", "token"}
)
# A header or query parameter whose name contains one of these marks a credential (a superset
# of Schemathesis's default sanitization list: it names Authorization, Cookie, Set-Cookie,
# Proxy-Authorization, X-API-Key, X-Auth-Token, token, api_key, password, secret…).
CREDENTIAL_WORDS: tuple[str, ...] = ("key", "token", "secret", "signature", "password", "auth")
_NAME_CHARS = r"[A-Za-z0-9_.-]*"
_CREDENTIAL_NAME = _NAME_CHARS + "(?:" + "|".join(CREDENTIAL_WORDS) + ")" + _NAME_CHARS


def is_credential_name(name: str) -> bool:
    """Whether a header, query parameter or JSON key of this name holds a credential."""
    lowered = name.lower()
    return lowered in SECRET_HEADERS or any(word in lowered for word in CREDENTIAL_WORDS)


# Shorter values are not secrets worth hiding and would garble unrelated text.
_MIN_SECRET_LENGTH = 4

_PARAM_PATTERN = re.compile(
    r"(?P<name>\b(?:" + "|".join(sorted(SECRET_PARAMS)) + r"))(?P<sep>=|\"\s*:\s*\")"
    r"(?P<value>[^&\s\"'<>]*)",
    re.IGNORECASE,
)
_HEADER_PATTERN = re.compile(
    r"(?P<name>\b(?:" + "|".join(sorted(SECRET_HEADERS)) + r"))(?P<sep>\s*:\s*|\"\s*:\s*\")"
    r"(?P<value>[^\r\n\"'<>]*)",
    re.IGNORECASE,
)
# In a curl command (``-H "Name: value"``) and in a query string (``?name=value``) any
# credential-named field is hidden; elsewhere only the fixed names are, so prose such as
# "auth: token endpoint ..." keeps its words.
_CURL_HEADER_PATTERN = re.compile(
    r"(?P<name>-H\s+[\"']?" + _CREDENTIAL_NAME + r")(?P<sep>\s*:\s*)(?P<value>[^\"'\r\n]*)",
    re.IGNORECASE,
)
_QUERY_PATTERN = re.compile(
    r"(?P<name>(?<=[?&])" + _CREDENTIAL_NAME + r")(?P<sep>=)(?P<value>[^&\s\"'<>#]*)",
    re.IGNORECASE,
)
_BEARER_PATTERN = re.compile(r"(?P<name>\bBearer)(?P<sep>\s+)(?P<value>[A-Za-z0-9._~+/=-]+)")


def _hide_value(match: re.Match[str]) -> str:
    value = match["value"]
    # Placeholders (``{{...}}``, ``${...}``) and already redacted values are not secrets.
    # A shell expression (``$(...)``, ``$VAR``) computes the value when the command runs.
    if not value or "{{" in value or "$" in value or REDACTED in value:
        return match[0]
    return f"{match['name']}{match['sep']}{REDACTED}"


def _variants(secret: str) -> set[str]:
    """The forms a secret takes in URLs, headers and JSON."""
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    forms.add(base64.b64encode(secret.encode()).decode())
    return {form for form in forms if len(form) >= _MIN_SECRET_LENGTH}


class Redactor:
    """Removes known and contextual secrets from text and structures. Thread-safe."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._forms: list[str] = []
        self.add(*secrets)

    @classmethod
    def from_credentials(cls, credentials: Credentials) -> Redactor:
        return cls(credentials.secrets())

    def add(self, *secrets: str) -> None:
        """Learn secrets met at run time (tokens, signatures, secret header values)."""
        with self._lock:
            forms = set(self._forms)
            for secret in secrets:
                if secret:
                    forms |= _variants(secret)
                    if secret.lower().startswith("bearer "):
                        forms |= _variants(secret[7:].strip())
            self._forms = sorted(forms, key=len, reverse=True)

    def text(self, value: str) -> str:
        """Return ``value`` with every known secret and every secret-by-context hidden."""
        for form in self._forms:
            if form in value:
                value = value.replace(form, REDACTED)
        value = _BEARER_PATTERN.sub(_hide_value, value)
        value = _HEADER_PATTERN.sub(_hide_value, value)
        value = _CURL_HEADER_PATTERN.sub(_hide_value, value)
        value = _QUERY_PATTERN.sub(_hide_value, value)
        return _PARAM_PATTERN.sub(_hide_value, value)

    def learn_headers(self, headers: Mapping[str, str]) -> None:
        """Learn the values of credential-named headers given by the user (``-H``); a
        cookie's values are learnt one by one too."""
        for name, value in headers.items():
            if not is_credential_name(name):
                continue
            self.add(value)
            if name.lower() == "cookie":
                self.add(*(part.partition("=")[2].strip() for part in value.split(";")))

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            name: REDACTED if is_credential_name(name) else self.text(value)
            for name, value in headers.items()
        }

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        query = (
            "&".join(self._query_pair(pair) for pair in parts.query.split("&"))
            if parts.query
            else ""
        )
        return self.text(urlunsplit(parts._replace(query=query)))

    def _query_pair(self, pair: str) -> str:
        name, sep, _ = pair.partition("=")
        if sep and is_credential_name(name) and "{{" not in pair and "$" not in pair:
            return f"{name}={REDACTED}"
        return pair

    def data(self, value: Any) -> Any:
        """Redact every string of a JSON-like structure, and values under secret keys."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {
                key: REDACTED
                if isinstance(key, str) and isinstance(item, str) and _secret_key(key, item)
                else self.data(item)
                for key, item in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.data(item) for item in value]
        return value


def _secret_key(key: str, value: str) -> bool:
    return is_credential_name(key) and bool(value) and "{{" not in value and "$" not in value


class RedactingFilter(logging.Filter):
    """A logging filter that redacts each record's final message."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self._redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._redactor.text(record.getMessage())
        record.args = None
        return True


def redact_logging(redactor: Redactor) -> None:
    """Redact every record that reaches the root logger's handlers (and the last resort)."""
    log_filter = RedactingFilter(redactor)
    handlers = list(logging.getLogger().handlers)
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(log_filter)
