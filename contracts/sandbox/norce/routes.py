"""Norce Connect under ``/norce/``: the token endpoint, the four imports, Job/Get, Job/GetLog."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from contracts.sandbox import faults
from contracts.sandbox import variations as v
from contracts.sandbox.auth import form_fields, refuse_repeats
from contracts.sandbox.bodies import parse_json, read_limited, require_media_type
from contracts.sandbox.errors import ApiError
from contracts.sandbox.norce import xml_input
from contracts.sandbox.norce.apply import (
    Outcome,
    Writer,
    apply_onhands,
    apply_prices,
    apply_products,
    apply_relations,
    row_text,
)
from contracts.sandbox.norce.header import accepted_header, raw_header
from contracts.sandbox.state import SandboxState
from contracts.sandbox.validation import find_operation, query_values
from linter import norce_model
from linter.coded_enums import coded_enum

PREFIX = "/norce"
CONNECT_ROOT = "/norce/commerce/connect/4.0"
TOKEN_PATH = "/norce/identity/1.0/connect/token"
JSON = "application/json"
XML = "application/xml"
NOT_INT32_OFFSET = 2**32

log = logging.getLogger("skuguard.sandbox.norce")

Applier = Callable[..., None]
APPLIERS: Mapping[str, Applier] = {
    "norce.products": apply_products,
    "norce.onhands": apply_onhands,
    "norce.prices": apply_prices,
    "norce.relations": apply_relations,
}
# The tables an import of each kind changes: a staging copies these and no others.
WRITTEN_TABLES: Mapping[str, tuple[str, ...]] = {
    "norce.products": ("norce_products", "norce_skus"),
    "norce.onhands": ("norce_onhands",),
    "norce.prices": ("norce_prices",),
    "norce.relations": ("norce_relations",),
}
KIND_BY_OPERATION: Mapping[str, str] = {
    op: kind for kind, op in norce_model.IMPORT_OPERATIONS.items()
}


def _status(name: str) -> int:
    return coded_enum("norce", "JobStatus").by_name[name].code


def _severity(name: str) -> int:
    return coded_enum("norce", "LogSeverity").by_name[name].code


def _iso(instant: datetime) -> str:
    return instant.isoformat(timespec="milliseconds").replace("+00:00", "Z")


async def token(request: Request) -> Response:
    state: SandboxState = request.app.state.sandbox
    client_ip = request.client.host if request.client else "unknown"
    limited = not state.faults.active(faults.NORCE_TOKEN_NOT_RATE_LIMITED)
    if limited and not state.tokens.take_rate_slot(client_ip):
        raise ApiError(
            429,
            "too many token requests: 3 per minute per IP plus a burst of 20",
            extra={"error": "rate_limited"},
            headers={"Retry-After": "20"},
        )
    require_media_type(request, ("application/x-www-form-urlencoded",))
    raw = await read_limited(request, min(state.settings.max_body_bytes, 64 * 1024))
    try:
        form = form_fields(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise ApiError(
            400, "the form body is not UTF-8", extra={"error": "invalid_request"}
        ) from None
    issued = state.tokens.issue(form)
    return JSONResponse(
        {
            "access_token": issued,
            "token_type": "Bearer",
            "expires_in": int(state.tokens.lifetime_s),
            "scope": form.get("scope", ""),
        },
        headers={"Cache-Control": "no-store"},
    )


def _authenticate(request: Request, state: SandboxState) -> None:
    refuse_repeats(request.headers, ("authorization",), "header")
    if state.faults.active(faults.NORCE_BEARER_NOT_CHECKED):
        return
    try:
        state.tokens.check_bearer(
            request.headers.get("authorization"),
            honour_expiry=not state.faults.active(faults.NORCE_TOKEN_NEVER_EXPIRES),
        )
    except ApiError as exc:
        if exc.status == 401 and state.variations.active(v.NORCE_BAD_TOKEN_403):
            raise ApiError(403, exc.message, extra=exc.extra) from None
        raise


def _connect_path(request: Request) -> str:
    path = request.url.path[len(CONNECT_ROOT) :]
    # Storm-era hosts put the job service under .../4.0/api/Job/...; serve both forms.
    return path[len("/api") :] if path.startswith("/api/") else path


async def import_items(request: Request) -> Response:
    state: SandboxState = request.app.state.sandbox
    _authenticate(request, state)
    try:
        op, _ = find_operation("norce", "post", _connect_path(request))
    except LookupError:
        raise ApiError(404, f"no operation at {request.url.path}") from None
    kind = KIND_BY_OPERATION[str(op.node.get("operationId"))]
    media = require_media_type(request, op.body_media_types() or (JSON,))
    syntax = "xml" if media == XML else "json"
    raw = raw_header(request)
    header, header_warnings = await run_in_threadpool(accepted_header, raw, kind, state, syntax)
    data = await read_limited(request, state.settings.max_body_bytes)
    if syntax == "xml":
        body: Any = await run_in_threadpool(xml_input.parse_body, data, kind)
    else:
        body = await run_in_threadpool(parse_json, data)
    problems = await run_in_threadpool(op.validate_body, body, media)
    schema_failed: dict[int, list[str]] = {}
    if problems and state.variations.active(v.NORCE_ITEMS_FAILED_NOT_REJECTED):
        schema_failed = await run_in_threadpool(_schema_failed_items, op, body, media)
        if schema_failed:
            problems = []
    if problems:
        raise ApiError(400, problems[0], extra={"Messages": problems})
    if state.faults.active(faults.NORCE_NON_ASCII_500) and _has_non_ascii_part_no(body):
        raise RuntimeError("non-ASCII part number")  # the seeded bug: an unhandled error
    item_only = state.variations.active(v.NORCE_ITEM_RULES_ONLY_COUNTED)
    checked = [item for i, item in enumerate(body) if i not in schema_failed]
    index_of = [i for i in range(len(body)) if i not in schema_failed]
    found, messages = await run_in_threadpool(
        _failed_items, checked, kind, header, syntax, item_only
    )
    failed = {index_of[i]: texts for i, texts in found.items()}
    for index, texts in schema_failed.items():
        failed[index] = texts
        messages = [*messages, *texts]
    settings = norce_model.header_settings(header, norce_model.header_kind_for_body(kind))
    writer = Writer(settings, state.faults.active(faults.NORCE_UNSET_FIELDS_OVERWRITTEN))
    outcome = Outcome()
    for index in sorted(failed):
        outcome.fail += 1
        outcome.note("Error", f"item {index}: " + "; ".join(failed[index]), body[index])
    accepted = [(i, item) for i, item in enumerate(body) if i not in failed]
    summary = {
        "NrOfItemsInTotal": len(body),
        "NrOfValidationFailures": len(failed),
        "Messages": messages + header_warnings,
    }
    status = _status("ValidationFailed") if failed else _status("Succeeded")
    job = _Job(str(op.node.get("operationId")), status, len(body), summary)
    job_id = await run_in_threadpool(_stage_and_write, state, kind, accepted, writer, outcome, job)
    return _job_response(job_id, summary, state)


@dataclass(frozen=True, slots=True)
class _Job:
    operation: str
    status: int
    totals: int
    summary: dict[str, Any]


def _stage_and_write(
    state: SandboxState,
    kind: str,
    accepted: list[tuple[int, Any]],
    writer: Writer,
    outcome: Outcome,
    job: _Job,
) -> int:
    """Apply the import and write its job, in a worker thread (never on the event loop).

    A big import is worked out on a stage first and then written in one short transaction,
    so Ka-ching writes are not held up while it is applied; a small one is applied straight
    in its transaction, which is short anyway. Readers never wait for either (WAL).
    """
    store = state.store
    kwargs: dict[str, Any] = {}
    if kind != "norce.products":
        kwargs["log_ignored"] = not state.faults.active(faults.NORCE_UNKNOWN_PARTNO_NOT_LOGGED)
    now = state.clock.utcnow()
    with store.norce_import():
        if len(accepted) < state.settings.staged_from_items:
            with store.transaction() as conn:
                APPLIERS[kind](conn, accepted, writer, outcome, **kwargs)
                return _write_job(conn, state, job, outcome, now)
        with store.staging(WRITTEN_TABLES[kind]) as stage:
            APPLIERS[kind](stage.conn, accepted, writer, outcome, **kwargs)
            with store.transaction(stage) as conn:
                return _write_job(conn, state, job, outcome, now)


def _write_job(
    conn: sqlite3.Connection, state: SandboxState, job: _Job, outcome: Outcome, now: datetime
) -> int:
    outcome.note(
        "Information",
        f"job finished: {job.totals} item(s), {outcome.inserts} inserted, {outcome.updates}"
        f" updated, {outcome.fail} failed, {outcome.ignored} ignored",
    )
    cursor = conn.execute(
        "INSERT INTO norce_jobs (operation, status_id, totals, inserts, updates, fail,"
        " start, stop, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            job.operation,
            job.status,
            job.totals,
            outcome.inserts,
            outcome.updates,
            outcome.fail,
            _iso(now),
            _iso(state.clock.utcnow()),
            json.dumps(job.summary),
        ),
    )
    job_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO norce_job_log (job_id, severity_id, message, imported_row, timestamp)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (job_id, _severity(severity), text, None if row is None else row_text(row), _iso(now))
            for severity, text, row in outcome.log
        ],
    )
    return job_id


def _job_response(job_id: int, summary: dict[str, Any], state: SandboxState) -> Response:
    if state.faults.active(faults.NORCE_TOTAL_OFF_BY_ONE) and summary["NrOfItemsInTotal"] > 0:
        summary = {**summary, "NrOfItemsInTotal": summary["NrOfItemsInTotal"] - 1}
    if state.faults.active(faults.NORCE_FAILURES_NOT_COUNTED):
        summary = {**summary, "NrOfValidationFailures": 0}
    shown: Any = str(job_id)
    if state.faults.active(faults.NORCE_JOBID_NOT_INT32):
        shown = str(job_id + NOT_INT32_OFFSET)
    if state.faults.active(faults.NORCE_JOBID_NUMBER):
        shown = job_id
    failures = summary["NrOfValidationFailures"]
    reply: dict[str, Any] = {
        "StatusCode": "Accepted",
        "Description": f"job {job_id} created"
        + (f"; {failures} item(s) failed validation" if failures else ""),
        "JobId": shown,
        "ValidationSummary": summary,
    }
    if state.faults.active(faults.NORCE_SUMMARY_MISSING):
        del reply["ValidationSummary"]
    if state.faults.active(faults.NORCE_REPLY_TEXT_PLAIN):
        return Response(json.dumps(reply), media_type="text/plain")
    return JSONResponse(reply)


_PART_NO_KEYS = ("PartNo", "RelatedPartNo")


def _has_non_ascii_part_no(node: Any) -> bool:
    if isinstance(node, list):
        return any(_has_non_ascii_part_no(v) for v in node)
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _PART_NO_KEYS and isinstance(value, str) and not value.isascii():
                return True
            if _has_non_ascii_part_no(value):
                return True
    return False


def _schema_failed_items(op: Any, body: Any, media: str) -> dict[int, list[str]]:
    """Items that break the schema on their own, each with its messages (none: not a list)."""
    if not isinstance(body, list):
        return {}
    failed: dict[int, list[str]] = {}
    for index, item in enumerate(body):
        problems = op.validate_body([item], media)
        if problems:
            failed[index] = [f"item {index}: {p}" for p in problems]
    return failed


_ITEM_POINTER = re.compile(r"^/(\d+)(/|$)")


def _failed_items(
    body: list[Any], kind: str, header: Mapping[str, Any], syntax: str, item_only: bool = False
) -> tuple[dict[int, list[str]], list[str]]:
    """Items with an error from the linter's item (or document) rules, and the messages."""
    from linter import Severity, lint_object
    from linter.registry import Scope, get_rule

    failed: dict[int, list[str]] = {}
    messages: list[str] = []
    try:
        diagnostics = lint_object(body, kind=kind, header=dict(header), content_type=syntax)
    except Exception as exc:  # a linter bug must not become a 500 of the emulated API
        log.error("linter failed on a %s body: %s", kind, type(exc).__name__)
        raise ApiError(400, f"request body could not be checked ({type(exc).__name__})") from None
    scopes = (Scope.ITEM,) if item_only else (Scope.ITEM, Scope.DOCUMENT, Scope.SOURCE)
    for diag in diagnostics:
        if diag.severity != Severity.ERROR:
            continue
        rule = get_rule(diag.code)
        if rule is None or rule.scope not in scopes:
            continue
        match = _ITEM_POINTER.match(diag.pointer)
        if match is None or int(match.group(1)) >= len(body):
            continue
        text = f"{diag.code} {diag.pointer}: {diag.message}"
        failed.setdefault(int(match.group(1)), []).append(text)
        messages.append(text)
    return failed, messages


def _job_id(request: Request, state: SandboxState) -> int:
    under_api = request.url.path.startswith(f"{CONNECT_ROOT}/api/")
    if state.variations.active(v.NORCE_JOB_SERVICE_ABSENT) or (
        not under_api and state.variations.active(v.NORCE_JOB_ONLY_UNDER_API)
    ):
        raise ApiError(404, f"no resource at {request.url.path}")
    op, _ = find_operation("norce", "get", _connect_path(request))
    values = query_values(op, request.query_params.multi_items(), case_insensitive=True)
    job_id = int(values["id"])
    if state.faults.active(faults.NORCE_JOB_GET_WRONG_JOB) and job_id > 0:
        job_id -= 1
    return job_id


async def get_job(request: Request) -> Response:
    state: SandboxState = request.app.state.sandbox
    _authenticate(request, state)
    job_id = _job_id(request, state)
    with state.store.reading() as conn:
        row = conn.execute("SELECT * FROM norce_jobs WHERE id = ?", (job_id,)).fetchone()
    if row is None:
        raise ApiError(404, f"no job with id {job_id}")
    finished = not state.faults.active(faults.NORCE_JOB_NEVER_FINISHES)
    start = datetime.fromisoformat(row["start"].replace("Z", "+00:00"))
    stop = datetime.fromisoformat(row["stop"].replace("Z", "+00:00"))
    run = stop - start
    return JSONResponse(
        {
            "JobId": row["id"],
            "StatusId": row["status_id"] if finished else _status("Initialized"),
            "IsFinished": finished,
            "Totals": row["totals"],
            "Inserts": row["inserts"],
            "Updates": row["updates"],
            "Fail": row["fail"],
            "Start": row["start"],
            "Stop": row["stop"] if finished else None,
            "LastUpdated": row["stop"],
            "RunTime": _timespan(run.total_seconds()) if finished else None,
            "StorageName": None,
        }
    )


def _timespan(seconds: float) -> str:
    whole = int(seconds)
    fraction = round((seconds - whole) * 10_000_000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{fraction:07d}"


async def get_job_log(request: Request) -> Response:
    state: SandboxState = request.app.state.sandbox
    _authenticate(request, state)
    job_id = _job_id(request, state)
    with state.store.reading() as conn:
        if conn.execute("SELECT 1 FROM norce_jobs WHERE id = ?", (job_id,)).fetchone() is None:
            raise ApiError(404, f"no job with id {job_id}")
        rows = conn.execute(
            "SELECT severity_id, message, imported_row, timestamp FROM norce_job_log"
            " WHERE job_id = ? ORDER BY id",
            (job_id,),
        ).fetchall()
    return JSONResponse(
        [
            {
                "SeverityId": r["severity_id"],
                "Message": r["message"],
                "TimeStamp": r["timestamp"],
                "ImportedRow": r["imported_row"],
            }
            for r in rows
        ]
    )
