"""Domain checks of Norce Connect imports: the reply's ValidationSummary and JobId, header rules
enforced, and the job the import created (Job/Get, Job/GetLog).

Whether a request was valid is decided by linting the request as it was sent: the
``X-StormConnect-Header`` text and the body bytes on the wire.
"""

from __future__ import annotations

import functools
import json
import re
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contracts.checks.context import NOT_JSON, CheckContext, Observed, ReceivedResponse, Unmet
from contracts.checks.registry import check
from contracts.checks.sources import source_of
from contracts.generate.strategies import operation_payloads
from linter.coded_enums import coded_enum
from linter.specs import schema

IMPORTS = (
    "POST /Product/ImportProducts",
    "POST /Product/ImportOnhands",
    "POST /Product/ImportSkuPriceLists",
    "POST /Product/ImportRelations",
)
JOB_GET = "/Job/Get"
JOB_LOG = "/Job/GetLog"
HEADER = "X-StormConnect-Header"
TERMINAL_STATUSES = ("Succeeded", "Failed", "ValidationFailed")
# Poll Job/Get this often before calling a job unfinished. The sandbox (a target with
# read-back) runs jobs synchronously, so there an unfinished job is a violation at the first
# poll; a real Norce may keep a job queued for minutes, so elsewhere only its state is checked.
JOB_POLLS = 5
JOB_POLL_SECONDS = 0.2

_ITEM_POINTER = re.compile(r"^/(\d+)(?:/|$)")


@dataclass(frozen=True)
class SentImport:
    """What the linter says about the import request as sent."""

    kind: str
    header_text: str | None
    items: list[Any] | None
    header_errors: tuple[str, ...]
    failing_items: frozenset[int]
    required_missing: frozenset[int] = frozenset()


def _kind(operation_id: str) -> str | None:
    info = operation_payloads().get(operation_id)
    return info.kind if info is not None and info.api == "norce" else None


def sent_items(ctx: CheckContext) -> Any:
    """The body as sent, read as the serialization its Content-Type names (JSON or XML)."""
    from contracts.generate.wire import content_type_of, read_items

    content_type = content_type_of(ctx.request.header("content-type"))
    if content_type == "json" or ctx.request.body is None:
        return ctx.request.json
    kind = _kind(ctx.operation_id)
    return None if kind is None else read_items(ctx.request.body, kind, content_type)


def lint_sent(ctx: CheckContext) -> SentImport | None:
    """Lint the header and body exactly as sent; ``None`` for non-import operations.

    An item fails when an item or document rule, or the schema, finds an error in it; a
    repeated key (SG002) is a fault of the bytes that a JSON reader resolves silently, not
    a validation failure of the item.
    """
    from contracts.generate.wire import content_type_of
    from linter import Severity, check_header, lint_bytes
    from linter.codes import SCHEMA_VIOLATION
    from linter.registry import Scope, get_rule

    kind = _kind(ctx.operation_id)
    if kind is None:
        return None
    content_type = content_type_of(ctx.request.header("content-type"))
    header_text = ctx.request.header(HEADER)
    header_errors: tuple[str, ...] = ()
    if header_text is None or not header_text.strip():
        header_errors = (f"no {HEADER} header",)
    else:
        header_errors = tuple(
            f"{d.code} {d.pointer or '/'}: {d.message}"
            for d in check_header(header_text, kind=kind, content_type=content_type)
            if d.severity == Severity.ERROR
        )
    body = sent_items(ctx)
    items = body if isinstance(body, list) else None
    failing: set[int] = set()
    required: set[int] = set()
    if items is not None and ctx.request.body is not None and header_text and not header_errors:
        for diag in lint_bytes(
            ctx.request.body,
            kind=kind,
            header=header_text,
            content_type=content_type,
            file="<body>",
        ):
            rule = get_rule(diag.code)
            if diag.severity != Severity.ERROR or rule is None:
                continue
            if rule.scope not in (Scope.ITEM, Scope.DOCUMENT) and diag.code != SCHEMA_VIOLATION:
                continue
            match = _ITEM_POINTER.match(diag.pointer)
            if match is not None and int(match.group(1)) < len(items):
                failing.add(int(match.group(1)))
                if diag.code == SCHEMA_VIOLATION and "required" in diag.message.lower():
                    required.add(int(match.group(1)))
    return SentImport(
        kind, header_text, items, header_errors, frozenset(failing), frozenset(required)
    )


def _summary(response: ReceivedResponse) -> Mapping[str, Any] | None:
    body = response.json
    if body is NOT_JSON or not isinstance(body, dict):
        return None
    summary = body.get("ValidationSummary")
    return summary if isinstance(summary, dict) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@check(
    name="norce_validation_summary",
    source=source_of("norce_validation_summary"),
    api="norce",
    operations=IMPORTS,
    description="An accepted import's ValidationSummary counts the items sent "
    "(NrOfItemsInTotal), with NrOfValidationFailures within 0..total; fewer failures than "
    "items missing a documented required field is a violation, than other linted errors an "
    "observation.",
)
def validation_summary(ctx: CheckContext) -> None:
    if ctx.response.status != 200:
        return
    sent = lint_sent(ctx)
    if sent is None or sent.items is None:
        return
    summary = _summary(ctx.response)
    if summary is None:
        raise Unmet(f"expected a ValidationSummary object, got {ctx.response.describe()}")
    total = _int(summary.get("NrOfItemsInTotal"))
    failures = _int(summary.get("NrOfValidationFailures"))
    if total != len(sent.items):
        raise Unmet(
            f"{len(sent.items)} items were sent, NrOfItemsInTotal says "
            f"{summary.get('NrOfItemsInTotal')!r}",
        )
    if failures is None or failures > total:
        raise Unmet(
            f"NrOfValidationFailures should be an integer within 0..{total}, got "
            f"{summary.get('NrOfValidationFailures')!r}",
        )
    if failures < len(sent.required_missing):
        raise Unmet(
            f"{len(sent.required_missing)} item(s) lack a field the docs mark required "
            f"({sorted(sent.required_missing)[:5]}), NrOfValidationFailures says {failures}",
        )
    if failures == 0:
        _job_says_validation_failed(ctx)
    if failures < len(sent.failing_items):
        # The documents do not list which rules the server validates ("failed initial
        # validation"): fewer failures than the linter finds is only observed.
        raise Observed(
            f"the linter finds errors in {len(sent.failing_items)} item(s) "
            f"({sorted(sent.failing_items)[:5]}), NrOfValidationFailures says {failures}",
        )


def _job_says_validation_failed(ctx: CheckContext) -> None:
    """Per-item problems surface in the reply's NrOfValidationFailures and later as job
    StatusId 4 (reference/apis.md §1.5, N-JOB): a job that ended "Validation failed" after a
    reply counting no failure contradicts that."""
    job_id = _valid_job_id(ctx)
    if job_id is None or ctx.client is None:
        return
    response = _job_call(ctx, JOB_GET, job_id)
    job = response.json if response is not None and response.status == 200 else None
    failed = coded_enum("norce", "JobStatus").by_name["ValidationFailed"].code
    if isinstance(job, dict) and job.get("StatusId") == failed:
        raise Unmet(
            f"NrOfValidationFailures says 0, but Job/Get?id={job_id} ended StatusId {failed} "
            "(Validation failed); per-item problems surface in both "
            "(reference/apis.md §1.5: NrOfValidationFailures, then job StatusId 4)"
        )


@check(
    name="norce_header_rules_enforced",
    source=source_of("norce_header_rules_enforced"),
    api="norce",
    operations=IMPORTS,
    description="An import whose X-StormConnect-Header lacks a setting the header docs mark "
    "required (or is absent) is rejected (4xx) or reported (NrOfValidationFailures > 0); "
    "other header errors accepted are only observed.",
)
def header_rules_enforced(ctx: CheckContext) -> None:
    sent = lint_sent(ctx)
    if sent is None or not sent.header_errors:
        return
    status = ctx.response.status
    if 400 <= status < 500:
        return
    if status == 200:
        summary = _summary(ctx.response)
        failures = _int(summary.get("NrOfValidationFailures")) if summary else None
        if failures:
            return
    from contracts.checks.builtin import refused_rule

    documented = [e for e in sent.header_errors if refused_rule([e]) is not None]
    message = (
        f"the header breaks {(documented or list(sent.header_errors))[0]}, so the import "
        f"should be rejected (4xx) or report failures; got {ctx.response.describe()}"
    )
    if documented:
        raise Unmet(message)
    raise Observed(message + " (no document says Norce rejects this)")


@functools.cache
def _job_id_pattern() -> re.Pattern[str]:
    node: Mapping[str, Any] = schema("norce", "JobResponse")["properties"]["JobId"]
    while "pattern" not in node and "$ref" in node:
        node = schema("norce", str(node["$ref"]).rsplit("/", 1)[-1])
    return re.compile(str(node["pattern"]))


def _job_id(response: ReceivedResponse) -> Any:
    body = response.json
    return body.get("JobId") if isinstance(body, dict) else None


@check(
    name="norce_job_id_int32",
    source=source_of("norce_job_id_int32"),
    api="norce",
    operations=IMPORTS,
    description="An accepted import's JobId is a string holding a non-negative int32.",
)
def job_id_int32(ctx: CheckContext) -> None:
    if ctx.response.status != 200 or ctx.response.json is NOT_JSON:
        return
    job_id = _job_id(ctx.response)
    if not isinstance(job_id, str) or not _job_id_pattern().match(job_id):
        raise Unmet(f"expected JobId as a string holding an int32 (0..2147483647), got {job_id!r}")


def _valid_job_id(ctx: CheckContext) -> str | None:
    if ctx.response.status != 200:
        return None
    job_id = _job_id(ctx.response)
    if isinstance(job_id, str) and _job_id_pattern().match(job_id):
        return job_id
    return None


def _job_call(ctx: CheckContext, path: str, job_id: str) -> ReceivedResponse | None:
    """GET the Job service's ``path`` for ``job_id``; ``None`` when there is no follow-up
    client or no Job service answers (the run prints one notice; nothing is judged)."""
    job_path = getattr(ctx.client, "job_path", None)
    url = job_path(path, job_id) if callable(job_path) else path
    if not isinstance(url, str):
        return None
    return ctx.call("GET", url, query=[("id", job_id)])


def _finished_job(ctx: CheckContext, job_id: str) -> Mapping[str, Any] | None:
    terminal = {coded_enum("norce", "JobStatus").by_name[n].code for n in TERMINAL_STATUSES}
    known = set(coded_enum("norce", "JobStatus").codes)
    job: Mapping[str, Any] = {}
    polls = 1 if ctx.admin is not None else JOB_POLLS
    for attempt in range(polls):
        response = _job_call(ctx, JOB_GET, job_id)
        if response is None:
            return None
        if response.status != 200 or not isinstance(response.json, dict):
            raise Unmet(
                f"Job/Get?id={job_id} (a JobId just returned) should be 200, "
                f"got {response.describe()}",
            )
        job = response.json
        if str(job.get("JobId")) != job_id:
            raise Unmet(
                f"Job/Get?id={job_id} should describe job {job_id}, got JobId {job.get('JobId')!r}",
            )
        status = job.get("StatusId")
        if status not in known:
            raise Unmet(f"Job/Get?id={job_id}: StatusId {status!r} is not a JobStatus")
        finished = job.get("IsFinished")
        if finished is not (status in terminal):
            raise Unmet(
                f"Job/Get?id={job_id}: IsFinished is {finished!r} with StatusId {status} "
                f"(terminal: {sorted(terminal)})",
            )
        if finished:
            return job
        if attempt + 1 < polls:
            time.sleep(JOB_POLL_SECONDS)
    if ctx.admin is None:
        return None
    raise Unmet(
        f"Job/Get?id={job_id} should finish; after {polls} poll(s) it is still StatusId "
        f"{job.get('StatusId')} with IsFinished {job.get('IsFinished')!r}",
    )


def _accepted_job(ctx: CheckContext) -> tuple[str, Mapping[str, Any]] | None:
    """The JobId an accepted import returned and its finished job from Job/Get; ``None`` when
    there is none to look up (no valid JobId, no follow-up client) or it never finished."""
    job_id = _valid_job_id(ctx)
    if job_id is None or ctx.client is None:
        return None
    job = _finished_job(ctx, job_id)
    return None if job is None else (job_id, job)


@check(
    name="norce_job_consistent",
    source=source_of("norce_job_consistent"),
    api="norce",
    operations=IMPORTS,
    description="Job/Get for the returned JobId describes that job with a known StatusId "
    "(IsFinished exactly when terminal); the job finishes (on the sandbox, which runs jobs "
    "synchronously), and then Totals counts the items sent, Inserts + Updates + Fail <= Totals.",
)
def job_consistent(ctx: CheckContext) -> None:
    found = _accepted_job(ctx)
    if found is None:
        return
    job_id, job = found
    counts = {key: _int(job.get(key)) for key in ("Totals", "Inserts", "Updates", "Fail")}
    if any(value is None or value < 0 for value in counts.values()):
        raise Unmet(f"Job/Get?id={job_id}: counters must be non-negative integers, got {counts}")
    totals = counts["Totals"] or 0
    done = (counts["Inserts"] or 0) + (counts["Updates"] or 0) + (counts["Fail"] or 0)
    if done > totals:
        raise Unmet(
            f"Job/Get?id={job_id}: Inserts + Updates + Fail = {done} exceeds Totals {totals}"
        )
    sent = sent_items(ctx)
    if isinstance(sent, list) and totals != len(sent):
        raise Unmet(f"Job/Get?id={job_id}: {len(sent)} items were sent, Totals says {totals}")


@check(
    name="norce_job_log_accounts",
    source=source_of("norce_job_log_accounts"),
    api="norce",
    operations=IMPORTS,
    description="Every item a finished job neither inserted nor updated (failed or ignored, "
    "e.g. an unknown part number) has a Job/GetLog record naming it (ImportedRow).",
)
def job_log_accounts(ctx: CheckContext) -> None:
    found = _accepted_job(ctx)
    if found is None:
        return
    job_id, job = found
    untouched = (
        (_int(job.get("Totals")) or 0)
        - (_int(job.get("Inserts")) or 0)
        - (_int(job.get("Updates")) or 0)
    )
    response = _job_call(ctx, JOB_LOG, job_id)
    if response is None:
        return
    records = response.json if response.status == 200 else None
    if not isinstance(records, list):
        raise Unmet(f"Job/GetLog?id={job_id} should list records, got {response.describe()}")
    about_rows = [r for r in records if isinstance(r, dict) and r.get("ImportedRow")]
    if len(about_rows) < untouched:
        raise Unmet(
            f"job {job_id} left {untouched} item(s) neither inserted nor updated, but Job/GetLog "
            f"has {len(about_rows)} record(s) naming an imported row",
        )


def _part_nos(product: Mapping[str, Any]) -> set[str]:
    return {
        str(sku.get("PartNo"))
        for variant in product.get("Variants") or ()
        if isinstance(variant, Mapping)
        for sku in variant.get("Skus") or ()
        if isinstance(sku, Mapping) and sku.get("PartNo")
    }


def _unflagged_text_property(header: Mapping[str, Any]) -> str | None:
    """A settable text property of Product whose flag (and twins) the header leaves out."""
    from contracts.generate.norce_header import HEADER_SCHEMAS, governed, list_enum
    from linter import norce_model

    header_schema = HEADER_SCHEMAS["norce.products"]
    gov = governed(norce_model.PRODUCT_SCHEMA, header_schema)
    enum = list_enum(header_schema, gov.list_name)
    chosen = {
        member.name
        for value in header.get(gov.list_name) or ()
        if (member := enum.resolve(value)) is not None
    }
    identifiers = {norce_model.CODE_PROPERTY, norce_model.MANUFACTURER_CODE_PROPERTY}
    node = schema("norce", norce_model.PRODUCT_SCHEMA)["properties"]
    for prop, base in sorted(gov.flag_of.items()):
        types = node[prop].get("type")
        if (
            prop not in identifiers
            and isinstance(types, list)
            and "string" in types
            and "format" not in node[prop]
            and base not in chosen
            and not chosen.intersection(gov.twins.get(base, ()))
        ):
            return prop
    return None


@check(
    name="norce_unset_fields_untouched",
    source=source_of("norce_unset_fields_untouched"),
    api="norce",
    operations=("POST /Product/ImportProducts",),
    description="With read-back: a product field whose flag the header leaves out is not "
    "written (the accepted product is re-sent with a marker in such a field).",
)
def unset_fields_untouched(ctx: CheckContext) -> None:
    if ctx.response.status != 200 or ctx.admin is None or ctx.client is None:
        return
    sent = lint_sent(ctx)
    if sent is None or sent.items is None or sent.header_errors or sent.header_text is None:
        return
    try:
        header = json.loads(sent.header_text)
    except ValueError:
        return
    prop = _unflagged_text_property(header) if isinstance(header, dict) else None
    candidates = [
        item
        for index, item in enumerate(sent.items)
        if index not in sent.failing_items and isinstance(item, dict) and _part_nos(item)
    ]
    if prop is None or not candidates:
        return
    product = dict(candidates[0])
    marker = f"skuguard-unflagged-{zlib.crc32(ctx.request.url.encode()):08x}"
    product[prop] = marker
    media = ctx.request.header("content-type") or "application/json"
    response = ctx.call(
        "POST",
        "/Product/ImportProducts",
        headers={HEADER: sent.header_text, "Content-Type": media},
        body=_same_serialization([product], media, sent.kind),
    )
    if response is None or response.status != 200:
        return
    wanted = _part_nos(product)
    stored = ctx.admin("norce/products")
    for doc in stored if isinstance(stored, list) else ():
        if isinstance(doc, dict) and wanted & _part_nos(doc) and doc.get(prop) == marker:
            raise Unmet(
                f"Product.{prop} was sent without its flag in ProductFieldsThatAreSet, so Norce "
                f"must ignore it; read-back shows it written ({marker!r})",
            )


def _same_serialization(items: list[Any], media: str, kind: str) -> Any:
    """``items`` as a body of the media type the original request used (JSON: as data)."""
    from contracts.generate import dc_xml
    from contracts.generate.wire import content_type_of
    from linter import norce_model

    if content_type_of(media) != "xml":
        return items
    return dc_xml.body(items, norce_model.body_item_schema(kind))
