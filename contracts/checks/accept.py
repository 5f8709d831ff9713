"""``accept_honoured``: a target answers in the media type a request asks for. Asked of every
accepted response, and probed once per operation with each media type it declares."""

from __future__ import annotations

import httpx

from contracts.checks import sources
from contracts.checks.auth import send_probe
from contracts.checks.context import CheckContext, Unmet
from contracts.checks.registry import Check, named, register
from contracts.run.operation import OperationOutcome

ACCEPT_HONOURED = "accept_honoured"


def _accept_honoured(ctx: CheckContext) -> None:
    """A success answer to ``Accept: <one declared type>`` comes in that type."""
    from contracts.run.generation import response_media_types

    accept = ctx.request.header("accept") or ""
    if ctx.exchange is None or not 200 <= ctx.response.status < 300 or "," in accept:
        return
    offered = response_media_types(ctx.exchange.case.operation)
    if len(offered) < 2 or accept not in offered:
        return
    answered = (ctx.response.header("content-type") or "").split(";")[0].strip()
    if answered != accept:
        raise Unmet(f"asked for Accept: {accept}, got Content-Type: {answered or '(none)'}")


register(
    Check(
        ACCEPT_HONOURED,
        "A success answer to a request accepting one declared media type comes in that type.",
        named(ACCEPT_HONOURED, _accept_honoured),
        source=sources.ACCEPT,
    )
)


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
        response = send_probe(client, request, outcome, ACCEPT_HONOURED)
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
