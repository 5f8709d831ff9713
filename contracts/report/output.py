"""What a contract run prints and writes: progress, summary, reproductions, JUnit XML, JSON.

Every string that leaves this module has been through the run's
:class:`~contracts.report.redact.Redactor`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from contracts.report.redact import Redactor
from contracts.run.operation import OperationOutcome


@dataclass(frozen=True, slots=True)
class Finding:
    """One violated check on one operation, with its reproduction."""

    api: str
    operation_id: str
    label: str
    check: str
    message: str
    status: int | None
    response_excerpt: str
    seed: int
    replay_file: Path | None
    curl: str
    # "violation" or "observation" (the check's verdict kind), and the check's documented
    # source, when the check names one.
    kind: str = "violation"
    source: str | None = None
    # The request as saved for replay (placeholders for credentials).
    request: str = ""


def progress_line(outcome: OperationOutcome) -> str:
    verdict = "FAIL" if outcome.failures else ("ERROR" if outcome.error else "ok")
    checks = f" ({', '.join(sorted(outcome.failures))})" if outcome.failures else ""
    return (
        f"[{outcome.api}] {outcome.label}: {verdict}{checks} - {outcome.cases} cases, "
        f"{outcome.requests_sent} requests, {outcome.seconds:.1f}s"
    )


def summary_table(outcomes: Sequence[OperationOutcome]) -> str:
    header = ("operation", "cases", "passed", "failed", "failing checks")
    rows = [
        (
            f"{o.api} {o.label}",
            str(o.cases),
            str(o.passed),
            str(o.failed),
            ", ".join(sorted(o.failures)) or ("error" if o.error else "-"),
        )
        for o in outcomes
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i in (0, 4) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    separator = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), separator, *(line(row) for row in rows)])


def by_check(findings: Sequence[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    return dict(sorted(counts.items()))


def failure_details(findings: Sequence[Finding], redactor: Redactor) -> str:
    blocks = []
    for number, finding in enumerate(findings, 1):
        lines = [
            f"{number}. {finding.kind} {finding.check} on {finding.api} {finding.label}",
            f"   {_indent(finding.message)}",
        ]
        if finding.source:
            lines.append(f"   source: {finding.source}")
        if finding.status is not None:
            lines.append(f"   response: {finding.status} {_one_line(finding.response_excerpt)}")
        lines.append(f"   seed: {finding.seed}")
        if finding.replay_file is not None:
            lines.append(f"   replay: skuguard contract --replay {finding.replay_file}")
        lines.append(f"   curl: {finding.curl}")
        blocks.append(redactor.text("\n".join(lines)))
    return "\n\n".join(blocks)


def _indent(text: str) -> str:
    return text.strip().replace("\n", "\n   ")


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def observations_of(outcome: OperationOutcome, redactor: Redactor) -> list[dict[str, Any]]:
    """An operation's observations (behaviour the documents leave open), for the reports."""
    return [
        {
            "check": check,
            "message": redactor.text(record.message),
            "status": record.status,
            "request": redactor.text(f"{record.request.method} {record.request.url}"),
        }
        for check, record in sorted(outcome.observations.items())
    ]


def observation_lines(outcomes: Sequence[OperationOutcome], redactor: Redactor) -> list[str]:
    """One line per observation, for the console summary."""
    return [
        f"  {o.api} {o.label} {item['check']}: {item['message']}"
        for o in outcomes
        for item in observations_of(o, redactor)
    ]


def write_json(
    path: Path,
    *,
    outcomes: Sequence[OperationOutcome],
    findings: Sequence[Finding],
    seed: int,
    seconds: float,
    requests_sent: int,
    exit_code: int,
    redactor: Redactor,
    observations: Sequence[str] = (),
    stopped_early: bool = False,
) -> None:
    document: dict[str, Any] = {
        "observations": list(observations),
        "stopped_early": stopped_early,
        "tool": "skuguard contract",
        "seed": seed,
        "seconds": round(seconds, 3),
        "requests_sent": requests_sent,
        "exit_code": exit_code,
        "by_check": by_check(findings),
        "operations": [
            {
                "api": o.api,
                "operation_id": o.operation_id,
                "label": o.label,
                "cases": o.cases,
                "passed": o.passed,
                "failed": o.failed,
                "requests_sent": o.requests_sent,
                "seconds": round(o.seconds, 3),
                "error": o.error,
                "observations": observations_of(o, redactor),
                "failures": [
                    {
                        "check": f.check,
                        "message": f.message,
                        "status": f.status,
                        "response_excerpt": f.response_excerpt,
                        "replay_file": str(f.replay_file) if f.replay_file else None,
                        "curl": f.curl,
                        "kind": f.kind,
                        "source": f.source,
                    }
                    for f in findings
                    if f.api == o.api and f.operation_id == o.operation_id
                ],
            }
            for o in outcomes
        ],
    }
    text = json.dumps(redactor.data(document), indent=2, ensure_ascii=False)
    _write(path, redactor.text(text) + "\n")


def write_junit(
    path: Path,
    *,
    outcomes: Sequence[OperationOutcome],
    findings: Sequence[Finding],
    seconds: float,
    redactor: Redactor,
) -> None:
    suites = ET.Element("testsuites", name="skuguard contract", time=f"{seconds:.3f}")
    for api in dict.fromkeys(o.api for o in outcomes):
        mine = [o for o in outcomes if o.api == api]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=f"skuguard.{api}",
            tests=str(len(mine)),
            failures=str(sum(1 for o in mine if o.failures)),
            errors=str(sum(1 for o in mine if o.error and not o.failures)),
            time=f"{sum(o.seconds for o in mine):.3f}",
        )
        for outcome in mine:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"skuguard.{api}",
                name=outcome.label,
                time=f"{outcome.seconds:.3f}",
            )
            for finding in findings:
                if finding.api == api and finding.operation_id == outcome.operation_id:
                    if finding.kind != "violation":
                        continue  # an observation is listed, not failed (see system-out)
                    failure = ET.SubElement(
                        case, "failure", type=finding.check, message=_one_line(finding.message)
                    )
                    failure.text = failure_details([finding], redactor)
            if outcome.observations:
                properties = ET.SubElement(case, "properties")
                for item in observations_of(outcome, redactor):
                    ET.SubElement(
                        properties,
                        "property",
                        name=f"observation.{item['check']}",
                        value=_one_line(str(item["message"])),
                    )
            if outcome.error and not outcome.failures:
                error = ET.SubElement(case, "error", message=_one_line(outcome.error))
                error.text = outcome.error
            ET.SubElement(case, "system-out").text = (
                f"{outcome.cases} cases, {outcome.passed} passed, {outcome.failed} failed, "
                f"{len(outcome.observations)} observation(s)"
            )
    text = ET.tostring(suites, encoding="unicode")
    _write(path, '<?xml version="1.0" encoding="utf-8"?>\n' + redactor.text(text) + "\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
