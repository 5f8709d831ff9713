"""--report-html: one self-contained page (no script, no external asset) of a contract run:
the summary, a table per API, every failure and observation with its reproduction."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from contracts.report.output import Finding
from contracts.report.redact import Redactor
from contracts.run.operation import OperationOutcome

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3;text-align:left}td.n{text-align:right}
.fail{color:#a40000;font-weight:600}.ok{color:#1f6f1f;font-weight:600}
.observation{color:#8a5a00;font-weight:600}
section.finding{border:1px solid #ddd;border-left:5px solid #a40000;padding:.5em 1em;margin:1em 0}
section.finding.observation{border-left-color:#c98a00}
p.message{white-space:pre-wrap}
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
"""


def _table(outcomes: Sequence[OperationOutcome], findings: Sequence[Finding], api: str) -> str:
    rows = []
    for o in outcomes:
        if o.api != api:
            continue
        mine = [f.check for f in findings if f.api == api and f.operation_id == o.operation_id]
        verdict = (
            '<span class="fail">FAIL</span>'
            if mine
            else ('<span class="fail">ERROR</span>' if o.error else '<span class="ok">ok</span>')
        )
        counts = ", ".join(f"{escape(c)}: {mine.count(c)}" for c in sorted(set(mine))) or "-"
        rows.append(
            f"<tr><td>{escape(o.label)}</td><td>{verdict}</td><td class=n>{o.cases}</td>"
            f"<td class=n>{o.passed}</td><td class=n>{o.failed}</td>"
            f"<td class=n>{o.requests_sent}</td><td class=n>{o.seconds:.1f}</td>"
            f"<td>{counts}</td></tr>"
        )
    head = (
        "<tr><th>operation</th><th>verdict</th><th>cases</th><th>passed</th><th>failed</th>"
        "<th>requests</th><th>seconds</th><th>failures per check</th></tr>"
    )
    return f'<h2 id="api-{escape(api)}">{escape(api)}</h2><table>{head}{"".join(rows)}</table>'


def _finding(number: int, finding: Finding) -> str:
    kind = finding.kind
    parts = [
        f'<section class="finding {escape(kind)}" id="finding-{number}">',
        f"<h3>{number}. <span class={escape(kind)}>{escape(kind)}</span> "
        f"<code>{escape(finding.check)}</code> on {escape(finding.api)} "
        f"{escape(finding.label)}</h3>",
        f'<p class="message">{escape(finding.message)}</p>',
    ]
    if finding.source:
        parts.append(f"<p><b>Source:</b> {escape(finding.source)}</p>")
    if finding.request:
        parts.append(f"<h4>Request</h4><pre>{escape(finding.request)}</pre>")
    if finding.status is not None:
        parts.append(
            f"<h4>Response</h4><pre>{finding.status}\n{escape(finding.response_excerpt)}</pre>"
        )
    if finding.replay_file is not None:
        replay = f"skuguard contract --replay {finding.replay_file}"
        parts.append(f"<h4>Replay</h4><pre>{escape(replay)}</pre>")
    parts.append(f"<h4>curl</h4><pre>{escape(finding.curl)}</pre></section>")
    return "".join(parts)


def render_html(
    *,
    outcomes: Sequence[OperationOutcome],
    findings: Sequence[Finding],
    observations: Sequence[str],
    seed: int,
    seconds: float,
    requests_sent: int,
    exit_code: int,
    redactor: Redactor,
) -> str:
    apis = list(dict.fromkeys(o.api for o in outcomes))
    violations = [f for f in findings if f.kind == "violation"]
    verdict = "FAILED" if exit_code == 1 else ("ERROR" if exit_code == 2 else "PASSED")
    cls = "ok" if exit_code == 0 else "fail"
    summary = (
        f'<p id="summary"><span class="{cls}">{verdict}</span>: {len(violations)} violation(s), '
        f"{len(findings) - len(violations) + len(observations)} observation(s) in "
        f"{len(outcomes)} operation(s); {requests_sent} requests in {seconds:.1f}s; "
        f"seed {seed}; exit code {exit_code}</p>"
    )
    body = [f"<h1>skuguard contract report</h1>{summary}"]
    body += [_table(outcomes, findings, api) for api in apis]
    if findings:
        body.append("<h2>Failures and observations</h2>")
        body += [_finding(number, f) for number, f in enumerate(findings, 1)]
    if observations:
        items = "".join(f"<li class=observation>{escape(text)}</li>" for text in observations)
        body.append(f"<h2>Other observations</h2><ul>{items}</ul>")
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width">'
        f"<title>skuguard contract report</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
    return redactor.text(page)


def write_html(path: Path, page: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
