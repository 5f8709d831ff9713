"""Replay files: the exact request of a failure, saved without secrets, sent again on demand.

Credentials in a saved request are replaced by placeholders: ``{{SKUGUARD_…}}`` for
values read from the environment, ``{{norce-token}}`` for a bearer token and
``{{unleashed-signature}}`` for a signature. Replaying fills them from the
environment of the replay (a fresh token, a signature over the query as sent).
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

from contracts.checks.context import SentRequest
from contracts.credentials import Credentials
from contracts.report.redact import Redactor, is_credential_name
from contracts.run.auth import (
    INVALID_SECRET,
    INVALID_SIGNATURE,
    NORCE_CONNECT_SUFFIX,
    NORCE_TOKEN_PATH,
    unleashed_signature,
)

FORMAT_VERSION = 1
NORCE_TOKEN = "{{norce-token}}"
UNLEASHED_SIGNATURE = "{{unleashed-signature}}"
_ENV_PLACEHOLDER = re.compile(r"\{\{(SKUGUARD_[A-Z_]+)\}\}")

_QUERY_PLACEHOLDERS: Mapping[str, str] = {
    "account": "{{SKUGUARD_KACHING_ACCOUNT}}",
    "integration": "{{SKUGUARD_KACHING_INTEGRATION}}",
    "apikey": "{{SKUGUARD_KACHING_APIKEY}}",
}
_HEADER_PLACEHOLDERS: Mapping[str, str] = {
    "api-auth-id": "{{SKUGUARD_UNLEASHED_API_ID}}",
    "api-auth-signature": UNLEASHED_SIGNATURE,
}
_ENV_FIELDS: Mapping[str, str] = {
    "SKUGUARD_KACHING_ACCOUNT": "kaching_account",
    "SKUGUARD_KACHING_INTEGRATION": "kaching_integration",
    "SKUGUARD_KACHING_APIKEY": "kaching_apikey",
    "SKUGUARD_UNLEASHED_API_ID": "unleashed_api_id",
    "SKUGUARD_NORCE_CLIENT_SECRET": "norce_client_secret",
}
_FORM_SECRET = "client_secret"
# Any other credential-named header (one given with -H) is saved as this placeholder, filled
# from the environment variable of that name or from the same -H given again.
HEADER_PLACEHOLDER_PREFIX = "SKUGUARD_HEADER_"


def header_variable(name: str) -> str:
    """The environment variable that fills a saved credential header: X-Api-Key ->
    SKUGUARD_HEADER_X_API_KEY."""
    return HEADER_PLACEHOLDER_PREFIX + re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


class ReplayError(ValueError):
    """A replay file that cannot be used; ``str()`` is ``<file>: <cause>``."""


def _placeholder_query(url: str, credentials: Credentials) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    real = {
        "account": credentials.kaching_account,
        "integration": credentials.kaching_integration,
        "apikey": credentials.kaching_apikey,
    }
    pairs = []
    for pair in parts.query.split("&"):
        name, sep, value = pair.partition("=")
        placeholder = _QUERY_PLACEHOLDERS.get(name)
        # Only the real credential is a secret; a deliberately wrong one (a probe) stays as sent.
        if sep and placeholder and value == quote(real[name], safe=""):
            pairs.append(f"{name}={placeholder}")
        else:
            pairs.append(pair)
    return urlunsplit(parts._replace(query="&".join(pairs)))


def _placeholder_header(name: str, value: str, credentials: Credentials) -> str:
    lowered = name.lower()
    if lowered == "authorization" and value.lower().startswith("bearer "):
        return f"Bearer {NORCE_TOKEN}"
    if lowered == "api-auth-id" and value == credentials.unleashed_api_id:
        return _HEADER_PLACEHOLDERS[lowered]
    if lowered == "api-auth-signature":
        return UNLEASHED_SIGNATURE if value != INVALID_SIGNATURE else value
    if (
        is_credential_name(name)
        and lowered not in _HEADER_PLACEHOLDERS
        and INVALID_SECRET not in value
    ):
        return "{{" + header_variable(name) + "}}"
    return value


def _placeholder_form(body: bytes, credentials: Credentials) -> bytes:
    """A token request's client secret becomes a placeholder."""
    secret = f"{_FORM_SECRET}={quote(credentials.norce_client_secret, safe='')}".encode()
    return body.replace(secret, f"{_FORM_SECRET}={{{{SKUGUARD_NORCE_CLIENT_SECRET}}}}".encode())


def _body_fields(body: bytes) -> dict[str, str]:
    try:
        return {"body": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(body).decode("ascii")}


def replay_document(
    request: SentRequest,
    *,
    api: str,
    operation_id: str,
    check: str,
    message: str,
    seed: int,
    root: str,
    credentials: Credentials,
    redactor: Redactor,
) -> dict[str, Any]:
    headers = [
        [name, _placeholder_header(name, value, credentials)] for name, value in request.headers
    ]
    document: dict[str, Any] = {
        "skuguard_replay": FORMAT_VERSION,
        "api": api,
        "operation_id": operation_id,
        "check": check,
        "message": message,
        "seed": seed,
        "root": root,
        "request": {
            "method": request.method,
            "url": _placeholder_query(request.url, credentials),
            "headers": headers,
            **_body_fields(_placeholder_form(request.body or b"", credentials)),
        },
    }
    # A last net: anything secret the placeholders did not catch is redacted.
    redacted: dict[str, Any] = json.loads(redactor.text(json.dumps(document)))
    return redacted


def write_replay(path: Path, document: Mapping[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True, slots=True)
class Replay:
    api: str
    operation_id: str
    check: str
    seed: int | None
    root: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def load_replay(path: Path) -> Replay:
    place = str(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReplayError(f"{place}: cannot read the file: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReplayError(f"{place}: not a JSON replay file: {exc}") from None
    if not isinstance(document, dict) or document.get("skuguard_replay") != FORMAT_VERSION:
        raise ReplayError(f"{place}: not a skuguard replay file (version {FORMAT_VERSION})")
    try:
        request = document["request"]
        if "body_base64" in request:
            body = base64.b64decode(request["body_base64"], validate=True)
        else:
            body = str(request.get("body", "")).encode("utf-8")
        headers = tuple((str(name), str(value)) for name, value in request["headers"])
        return Replay(
            api=str(document["api"]),
            operation_id=str(document["operation_id"]),
            check=str(document["check"]),
            seed=document.get("seed"),
            root=str(document["root"]),
            method=str(request["method"]),
            url=str(request["url"]),
            headers=headers,
            body=body,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReplayError(f"{place}: malformed replay file: missing or bad {exc}") from None


def _env_value(
    credentials: Credentials, name: str, headers: Mapping[str, str] | None = None
) -> str:
    if name.startswith(HEADER_PLACEHOLDER_PREFIX):
        given = {header_variable(k): v for k, v in (headers or {}).items()}
        found = given.get(name) or os.environ.get(name)
        if found is None:
            raise ReplayError(
                f"the request needs {{{{{name}}}}}: set {name} or give the header with -H again"
            )
        return found
    field_name = _ENV_FIELDS.get(name)
    if field_name is None:
        raise ReplayError(f"unknown placeholder {{{{{name}}}}}")
    value: str = getattr(credentials, field_name)
    return value


def filled_request(
    replay: Replay,
    credentials: Credentials,
    token: str | None,
    headers: Mapping[str, str] | None = None,
) -> httpx.Request:
    """The replay's request with every placeholder filled (``headers``: the -H given to the
    replay); the signature is computed last."""
    url = _ENV_PLACEHOLDER.sub(
        lambda m: quote(_env_value(credentials, m[1], headers), safe=""), replay.url
    )
    saved: list[tuple[str, str]] = []
    for name, value in replay.headers:
        if NORCE_TOKEN in value:
            if token is None:
                raise ReplayError("the request needs a Norce token but none could be obtained")
            value = value.replace(NORCE_TOKEN, token)
        value = _ENV_PLACEHOLDER.sub(lambda m: _env_value(credentials, m[1], headers), value)
        saved.append((name, value))
    body = _ENV_PLACEHOLDER.sub(
        lambda m: quote(_env_value(credentials, m[1], headers), safe=""),
        replay.body.decode("utf-8", "surrogateescape"),
    ).encode("utf-8", "surrogateescape")
    request = httpx.Request(replay.method, url, headers=saved, content=body)
    if request.headers.get("api-auth-signature") == UNLEASHED_SIGNATURE:
        signature = unleashed_signature(credentials.unleashed_api_key, request.url.query)
        request.headers["api-auth-signature"] = signature
    return request


def retargeted(replay: Replay, root: str) -> Replay:
    """The replay aimed at another API root (e.g. a sandbox on another port)."""
    if not replay.url.startswith(replay.root):
        raise ReplayError(f"the saved URL does not start with its root {replay.root}")
    url = root.rstrip("/") + replay.url[len(replay.root) :]
    return Replay(
        replay.api,
        replay.operation_id,
        replay.check,
        replay.seed,
        root.rstrip("/"),
        replay.method,
        url,
        replay.headers,
        replay.body,
    )


def needs_token(replay: Replay) -> bool:
    return any(NORCE_TOKEN in value for _, value in replay.headers)


def _shell_signature(url: str) -> str:
    """A shell expression computing the Unleashed signature of the URL's query with openssl."""
    import shlex

    query = urlsplit(url).query
    return (
        f"$(printf %s {shlex.quote(query)} | openssl dgst -sha256 -binary "
        '-hmac "$SKUGUARD_UNLEASHED_API_KEY" | base64)'
    )


def _shell_norce_token(root: str) -> str:
    """A shell expression fetching a Norce token with the SKUGUARD_NORCE_* credentials."""
    import shlex

    base = root.rstrip("/")
    if base.endswith(NORCE_CONNECT_SUFFIX):
        base = base[: -len(NORCE_CONNECT_SUFFIX)]
    token_url = base + NORCE_TOKEN_PATH
    return (
        "$(curl -s -d grant_type=client_credentials "
        '--data-urlencode "client_id=$SKUGUARD_NORCE_CLIENT_ID" '
        '--data-urlencode "client_secret=$SKUGUARD_NORCE_CLIENT_SECRET" '
        f'{shlex.quote(token_url)} | sed -E \'s/.*"access_token" *: *"([^"]+)".*/\\1/\')'
    )


def curl_command(document: Mapping[str, Any]) -> str:
    """A curl command for a replay document that runs as it is in bash (or sh), given the
    SKUGUARD_* variables: placeholders become shell variables, a Norce token and an
    Unleashed signature are computed by the command itself."""
    import shlex

    request = document["request"]

    def shell(text: str) -> str:
        pieces = re.split(r"(\{\{[^}]+\}\})", text)
        out = []
        for piece in pieces:
            if piece.startswith("{{") and piece.endswith("}}"):
                name = piece[2:-2].upper().replace("-", "_")
                out.append("${" + name + "}")
            else:
                out.append(re.sub(r'(["\\$`])', r"\\\1", piece))
        return '"' + "".join(out) + '"'

    # A placeholder in the query is passed with --url-query (curl 7.87+), which URL-encodes
    # the variable's value; it moves to the end of the query.
    url_parts = urlsplit(request["url"])
    kept: list[str] = []
    encoded: list[str] = []
    for pair in url_parts.query.split("&") if url_parts.query else []:
        (encoded if _ENV_PLACEHOLDER.search(pair) else kept).append(pair)
    url = urlunsplit(url_parts._replace(query="&".join(kept)))
    parts = ["curl", "-X", request["method"], shell(url)]
    for pair in encoded:
        parts += ["--url-query", shell(pair)]
    for name, value in request["headers"]:
        if name.lower() in {"content-length", "accept-encoding", "host"}:
            continue
        if value == UNLEASHED_SIGNATURE:
            parts += ["-H", f'"{name}: {_shell_signature(request["url"])}"']
            continue
        if NORCE_TOKEN in value:
            token = _shell_norce_token(str(document.get("root", "")))
            prefix, _, suffix = value.partition(NORCE_TOKEN)
            parts += ["-H", shell(f"{name}: {prefix}")[:-1] + token + shell(suffix)[1:]]
            continue
        parts += ["-H", shell(f"{name}: {value}")]
    if request.get("body"):
        parts += ["--data-binary", shlex.quote(request["body"])]
    elif request.get("body_base64"):
        # Bytes that are not UTF-8 are decoded by the command itself (bash process substitution).
        quoted_body = shlex.quote(request["body_base64"])
        parts += ["--data-binary", f"@<(printf %s {quoted_body} | base64 -d)"]
    return " ".join(parts)
