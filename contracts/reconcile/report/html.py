"""A self-contained HTML page: the summary, then one filterable table per target.

The filter (text and kinds) can also be set from the address: ``report.html#q=MUG&kind=missing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import TextIO

from contracts.reconcile.comparison import KINDS, Difference, Summary
from contracts.reconcile.doc_rules import DOC_RULES
from contracts.reconcile.mapping import Target

ROWS_PER_TARGET = 5000

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2330}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;margin:.4rem 0}
th,td{border:1px solid #c9ced8;padding:.2rem .6rem;text-align:left}
th{background:#eef1f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.missing td:nth-child(1){color:#a4262c}tr.extra td:nth-child(1){color:#8a5a00}
tr.quantity td:nth-child(1){color:#0f5ea8}tr.unmapped td:nth-child(1){color:#5c2d91}
.filters{margin:1rem 0;padding:.6rem;background:#f6f7fa;border:1px solid #dde1e8}
.filters label{margin-right:1rem}.ok{color:#1b7f3b}.note{color:#555;font-size:.9em}
"""

_SCRIPT = """
function applyFilter(){
  const text=document.getElementById('filter').value.toLowerCase();
  const kinds=new Set([...document.querySelectorAll('input.kind:checked')].map(e=>e.value));
  for(const table of document.querySelectorAll('table.diffs')){
    let shown=0;
    for(const row of table.tBodies[0].rows){
      const visible=kinds.has(row.className)&&row.textContent.toLowerCase().includes(text);
      row.hidden=!visible; if(visible) shown++;
    }
    document.getElementById(table.dataset.counter).textContent=shown;
  }
}
function filterFromHash(){
  const wanted=new URLSearchParams(location.hash.slice(1));
  if(wanted.has('q')) document.getElementById('filter').value=wanted.get('q');
  if(wanted.has('kind')){
    const kinds=new Set(wanted.get('kind').split(','));
    for(const box of document.querySelectorAll('input.kind')) box.checked=kinds.has(box.value);
  }
  applyFilter();
}
document.addEventListener('input',applyFilter);
window.addEventListener('hashchange',filterFromHash);
filterFromHash();
"""


def _cell(value: object, numeric: bool = False) -> str:
    shown = "" if value is None else escape(str(value))
    return f'<td class="n">{shown}</td>' if numeric else f"<td>{shown}</td>"


def _row(diff: Difference) -> str:
    cells = (
        _cell(diff.kind),
        _cell(diff.location),
        _cell(diff.product),
        _cell(diff.variant),
        _cell(diff.source_qty, numeric=True),
        _cell(diff.target_qty, numeric=True),
    )
    return f'<tr class="{diff.kind}">' + "".join(cells) + "</tr>\n"


def _summary_table(summaries: Mapping[Target, Summary]) -> str:
    head = "".join(f"<th>{k}</th>" for k in ("target", "compared", *KINDS))
    rows = ""
    for target, s in summaries.items():
        counts = "".join(_cell(s.counts[k], numeric=True) for k in KINDS)
        rows += f"<tr>{_cell(target)}{_cell(s.compared, numeric=True)}{counts}</tr>\n"
    return f'<table id="summary"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def write_html(
    out: TextIO, differences: Iterable[Difference], summaries: Mapping[Target, Summary]
) -> None:
    out.write('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">')
    out.write("<title>skuguard reconcile</title>")
    out.write(f"<style>{_STYLE}</style></head><body>\n<h1>skuguard reconcile</h1>\n")
    out.write(_summary_table(summaries))
    checks = "".join(
        f'<label><input type="checkbox" class="kind" value="{k}" checked> {k}</label>'
        for k in KINDS
    )
    out.write(
        '<div class="filters"><label>Filter <input id="filter" type="search" '
        f'placeholder="product, location, variant"></label>{checks}</div>\n'
    )
    rows = iter(differences)
    pending: Difference | None = next(rows, None)
    for target, summary in summaries.items():
        out.write(f'<h2 id="target-{target}">{target}: <span id="shown-{target}">')
        out.write(f"{min(summary.differing, ROWS_PER_TARGET)}</span> shown of ")
        out.write(f"{summary.differing} differences</h2>\n")
        if summary.differing == 0:
            out.write('<p class="ok">No differences.</p>\n')
        out.write(f'<table class="diffs" data-counter="shown-{target}"><thead><tr>')
        out.write("".join(f"<th>{c}</th>" for c in ("kind", "location", "product", "variant")))
        out.write("<th>source qty</th><th>target qty</th></tr></thead><tbody>\n")
        written = 0
        while pending is not None and pending.target == target:
            if written < ROWS_PER_TARGET:
                out.write(_row(pending))
                written += 1
            pending = next(rows, None)
        out.write("</tbody></table>\n")
        if summary.differing > ROWS_PER_TARGET:
            out.write(f'<p class="note">Only the first {ROWS_PER_TARGET} rows are on the page;')
            out.write(" use --format csv or json for all of them.</p>\n")
    out.write("<h2>Rules applied</h2><ul>\n")
    for rule in DOC_RULES:
        out.write(f'<li>{escape(rule.applies)} <a href="{escape(rule.url)}">')
        out.write(f"{escape(rule.source)}</a></li>\n")
    out.write(f"</ul>\n<script>{_SCRIPT}</script>\n</body></html>\n")
