"""Is a request valid? Decided by linting the request exactly as it was sent: its header,
its body bytes, read as the serialization its ``Content-Type`` names (JSON or XML).

Schemathesis judges a case by the schema; the APIs' documented rules go further
(header dependencies, header and body agreeing). A schema-valid request that breaks
a documented rule is rightly rejected, so "valid data should be accepted" is only
asked of requests the linter finds no error in.
"""

from __future__ import annotations

import httpx

STORM_HEADER = "X-StormConnect-Header"


def lint_errors(
    operation_id: str, request: httpx.Request, *, with_warnings: bool = False
) -> list[str] | None:
    """Error diagnostics (``with_warnings``: and warnings) of the payload sent; ``None`` when
    the operation takes no payload."""
    from contracts.generate.strategies import operation_payloads
    from contracts.generate.wire import content_type_of
    from linter import LintUsageError, Severity, check_header, lint_bytes

    info = operation_payloads().get(operation_id)
    if info is None:
        return None
    content_type = content_type_of(request.headers.get("content-type"))
    try:
        if info.api == "norce":
            header = request.headers.get(STORM_HEADER)
            if header is None:
                return [f"no {STORM_HEADER} header"]
            diagnostics = check_header(header, kind=info.kind, content_type=content_type)
            if not any(d.severity == Severity.ERROR for d in diagnostics):
                diagnostics = lint_bytes(
                    request.content, kind=info.kind, header=header, content_type=content_type
                )
        else:
            adjustment = request.url.params.get("adjustment") == "true"
            diagnostics = lint_bytes(
                request.content,
                kind=info.kind,
                content_type=content_type,
                options={"adjustment": adjustment},
            )
    except LintUsageError as exc:
        return [str(exc)]
    judged = {Severity.ERROR, Severity.WARNING} if with_warnings else {Severity.ERROR}
    return [
        f"{d.code} {d.pointer or '/'}: {d.message}" for d in diagnostics if d.severity in judged
    ]
