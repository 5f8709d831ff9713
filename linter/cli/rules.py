"""``skuguard rules`` (every rule, as text or JSON) and ``skuguard rule CODE | --all``."""

from __future__ import annotations

import argparse
import json

from linter.cli.output import EXIT_OK, EXIT_USAGE, emit, fail
from linter.fix.registry import fix_line, fix_of
from linter.registry import Rule


def run_rules(args: argparse.Namespace) -> int:
    from linter.registry import all_rules

    if args.format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "scope": r.scope.value,
                "kinds": sorted(r.kinds),
                "needs_header": r.needs_header,
                "summary": r.summary,
                **_fix_fields(r.code),
            }
            for r in all_rules()
        ]
        emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    lines = [
        f"{r.code}  {r.severity.value:<7}  fix:{_fix_safety(r.code):<6}  {r.summary}"
        for r in all_rules()
    ]
    emit("\n".join(lines) + "\n")
    return EXIT_OK


def run_rule(args: argparse.Namespace) -> int:
    import difflib

    from linter.registry import all_rules, get_rule
    from linter.registry_type import UnknownEntryError

    if args.all:
        if args.code is not None:
            return fail("rule", "give a CODE or --all, not both")
        emit("\n\n".join(explain(r) for r in all_rules()) + "\n")
        return EXIT_OK
    if args.code is None:
        return fail("rule", "give a rule CODE (see `skuguard rules`) or --all")
    found = get_rule(args.code)
    if found is None:
        codes = [r.code for r in all_rules()]
        near = difflib.get_close_matches(args.code.upper(), codes, n=3, cutoff=0.5)
        fail("rule", str(UnknownEntryError("rule code", args.code, near)))
        return EXIT_USAGE
    emit(explain(found) + "\n")
    return EXIT_OK


def explain(found: Rule) -> str:
    """The text of ``skuguard rule CODE``."""
    kinds = ", ".join(sorted(found.kinds))
    out = [
        f"{found.code} {found.name} ({found.severity.value}; {found.scope.value} rule; "
        f"kinds: {kinds})",
        "",
        f"What: {found.summary}",
        "",
        f"Why: {found.why}",
        "",
        f"Fix: {fix_line(found.code)}",
    ]
    if found.needs_header:
        out += [
            "",
            "Needs the Norce X-StormConnect-Header (--header or a NAME.header.json sidecar).",
        ]
    for label, example in (("Bad", found.bad), ("Good", found.good)):
        out += [
            "",
            f"{label} example ({example.kind or sorted(found.kinds)[0]}):",
            _indent(example.body),
        ]
        if example.header:
            out += ["  with header:", _indent(example.header)]
        if example.options:
            out += [f"  with options: {dict(example.options)}"]
    return "\n".join(out)


def _fix_safety(code: str) -> str:
    entry = fix_of(code)
    return "none" if entry is None else entry.safety.value


def _fix_fields(code: str) -> dict[str, object]:
    """The fix of a rule in ``skuguard rules --format json``."""
    entry = fix_of(code)
    return {
        "fix": _fix_safety(code),
        "fix_edit": entry.edit if entry is not None else None,
        "unsafe_fix_edit": entry.unsafe_edit if entry is not None else None,
    }


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines() or [""])
