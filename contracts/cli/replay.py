"""``skuguard contract --replay FILE``: send a saved failing request again and re-check it."""

from __future__ import annotations

from typing import Any, TextIO
from urllib.parse import parse_qsl

import httpx

from contracts.checks.auth import IGNORED_AUTH, REJECTION_STATUSES
from contracts.checks.context import CheckContext, Exchange
from contracts.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from contracts.credentials import Credentials
from contracts.report.redact import Redactor
from contracts.report.replay import (
    Replay,
    ReplayError,
    filled_request,
    load_replay,
    needs_token,
    retargeted,
)
from contracts.run.auth import AuthError, NorceTokenSource, norce_token_url
from contracts.run.domain import exchange_checks
from contracts.run.followup import sandbox_admin


def _case_for(replay: Replay, request: httpx.Request) -> Any:
    """A Schemathesis case of the replay's operation holding the request's data."""
    import json

    from contracts.run.runner import load_schema

    schema = load_schema(replay.api)  # type: ignore[arg-type]
    operation = schema.find_operation_by_id(replay.operation_id)
    path = request.url.path[len(httpx.URL(replay.root).path.rstrip("/")) :]
    path_parameters = _match_path(operation.path, path)
    body: Any = None
    if request.content:
        try:
            body = json.loads(request.content)
        except ValueError:
            body = request.content
    kwargs: dict[str, Any] = {
        "path_parameters": path_parameters,
        "query": dict(parse_qsl(request.url.query.decode(), keep_blank_values=True)),
        "headers": dict(request.headers),
    }
    if body is not None:
        kwargs["body"] = body
        kwargs["media_type"] = request.headers.get("content-type", "application/json").split(";")[0]
    return operation.Case(**kwargs)


def _operation_ids(api: str) -> set[str]:
    from linter.specs import spec_view

    return {
        str(operation["operationId"])
        for item in spec_view(api)["paths"].values()  # type: ignore[arg-type]
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def _match_path(template: str, path: str) -> dict[str, str]:
    from urllib.parse import unquote

    names = template.strip("/").split("/")
    values = path.strip("/").split("/")
    return {
        name[1:-1]: unquote(value)
        for name, value in zip(names, values, strict=False)
        if name.startswith("{") and name.endswith("}")
    }


def _token(replay: Replay, credentials: Credentials, redactor: Redactor) -> str | None:
    if not needs_token(replay):
        return None
    token_url = norce_token_url(replay.root)
    return NorceTokenSource(token_url, credentials, redactor).get()


def replay_command(
    path: Any,
    credentials: Credentials,
    redactor: Redactor,
    out: TextIO,
    *,
    base_url: str | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    try:
        replay = load_replay(path)
        if base_url is not None:
            replay = retargeted(replay, base_url)
        request = filled_request(
            replay, credentials, _token(replay, credentials, redactor), headers
        )
    except (ReplayError, AuthError) as exc:
        print(redactor.text(f"skuguard: --replay {path}: {exc}"), file=out)
        return EXIT_USAGE
    redactor.add(*(v for k, v in request.headers.items() if k.lower() == "api-auth-signature"))
    try:
        with httpx.Client(timeout=10.0) as client:
            response = client.send(request)
            response.read()
    except httpx.TransportError as exc:
        print(redactor.text(f"skuguard: {replay.root}: unreachable: {exc}"), file=out)
        return EXIT_USAGE
    print(
        redactor.text(f"replayed {replay.method} {request.url} -> {response.status_code}"),
        file=out,
    )
    violations = _recheck(replay, request, response)
    for name, message in violations:
        print(redactor.text(f"  {name}: {message}"), file=out)
    still = any(name == replay.check for name, _ in violations)
    verdict = "still fails" if still else "no longer fails"
    print(f"{replay.check}: {verdict}", file=out)
    return EXIT_FINDINGS if violations else EXIT_OK


def _recheck(
    replay: Replay, request: httpx.Request, response: httpx.Response
) -> list[tuple[str, str]]:
    if replay.check == IGNORED_AUTH:
        if response.status_code in REJECTION_STATUSES:
            return []
        return [(IGNORED_AUTH, f"got {response.status_code} without valid credentials")]
    if replay.operation_id not in _operation_ids(replay.api):
        return []  # e.g. a token-endpoint probe: resent and shown, nothing to re-check
    case = _case_for(replay, request)
    with httpx.Client(timeout=10.0) as client:
        exchange = Exchange(
            replay.api,
            replay.operation_id,
            case,
            request,
            response,
            admin=sandbox_admin(client, replay.root),
        )
        return _run_checks(exchange)


def _run_checks(exchange: Exchange) -> list[tuple[str, str]]:
    ctx = CheckContext.from_exchange(exchange)
    found = []
    for check in exchange_checks(exchange.operation_id, None):
        message = check.verdict(ctx)
        if message is not None:
            found.append((check.name, message))
    return found
