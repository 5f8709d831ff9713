"""Subcommands ``skuguard lint``, ``skuguard rules`` and ``skuguard rule CODE``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from linter.registry import KINDS

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
FORMATS = ("text", "json", "sarif", "github")


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register ``lint``, ``rules`` and ``rule``."""
    lint = subparsers.add_parser(
        "lint",
        help="lint import payloads (Norce, Ka-ching, Unleashed)",
        description=(
            "Lint payload files or directories (recursing into *.json and *.xml; NAME.header.json "
            "sidecars are headers, not bodies), or '-' for stdin. Exit 0: no errors; 1: errors "
            "(or warnings with --strict); 2: usage error, unreadable file, unknown kind."
        ),
    )
    lint.add_argument(
        "paths", nargs="*", metavar="PATH", default=[], help="files, directories or '-'"
    )
    lint.add_argument(
        "--kind", choices=KINDS, help="payload kind (detected from content when omitted)"
    )
    lint.add_argument(
        "--header", metavar="FILE_OR_JSON", help="Norce X-StormConnect-Header: a file or JSON text"
    )
    lint.add_argument("--content-type", choices=("json", "xml"), help="payload serialization")
    lint.add_argument(
        "--format", choices=FORMATS, default="text", help="report format (default text)"
    )
    lint.add_argument(
        "--select", metavar="CODES", help="comma-separated rule codes or prefixes to run"
    )
    lint.add_argument(
        "--ignore", metavar="CODES", help="comma-separated rule codes or prefixes to skip"
    )
    lint.add_argument("--strict", action="store_true", default=None, help="warnings fail too")
    lint.add_argument(
        "--adjustment",
        action="store_true",
        default=None,
        help="Ka-ching: the import is sent with adjustment=true (counts are deltas)",
    )
    lint.add_argument(
        "--assembled",
        action="store_true",
        default=None,
        help="Unleashed: the response was recorded with isAssembled=true",
    )
    lint.set_defaults(run=run_lint)

    rules = subparsers.add_parser("rules", help="list every lint rule")
    rules.set_defaults(run=run_rules)

    explain = subparsers.add_parser("rule", help="explain one lint rule")
    explain.add_argument("code", metavar="CODE")
    explain.set_defaults(run=run_rule)


def _emit(text: str) -> bool:
    """Write to stdout; ``False`` when the reader went away (e.g. ``| head``)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return False
    return True


def _package_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("skuguard")
    except metadata.PackageNotFoundError:
        return "0"


def _fail(place: str, cause: str) -> int:
    print(f"skuguard: {place}: {cause}", file=sys.stderr)
    return EXIT_USAGE


def _header_argument(value: str) -> tuple[bytes, str]:
    stripped = value.strip()
    if stripped.startswith(("{", "<")):
        return value.encode("utf-8"), "<header>"
    path = Path(value)
    try:
        return path.read_bytes(), value
    except OSError as error:
        raise OSError(f"--header: {value}: {error.strerror or error}") from None


def run_lint(args: argparse.Namespace) -> int:
    from linter import report
    from linter._api import LintUsageError, iter_payload_files, lint_bytes, lint_file
    from linter.config import ConfigError, find_config, validate_codes
    from linter.diagnostics import Diagnostic
    from linter.positions import sort_diagnostics

    try:
        config = find_config()
        overrides: dict[str, Any] = {}
        if args.select is not None:
            overrides["select"] = validate_codes(args.select.split(","), "--select")
        if args.ignore is not None:
            overrides["ignore"] = validate_codes(args.ignore.split(","), "--ignore")
    except ConfigError as error:
        print(f"skuguard: {error}", file=sys.stderr)
        return EXIT_USAGE
    if overrides:
        from dataclasses import replace

        config = replace(config, **overrides)
    strict = config.strict if args.strict is None else True
    adjustment = config.adjustment if args.adjustment is None else True
    assembled = config.assembled if args.assembled is None else True
    options = {k: True for k, on in (("adjustment", adjustment), ("assembled", assembled)) if on}

    header: bytes | None = None
    header_file = "<header>"
    if args.header is not None:
        try:
            header, header_file = _header_argument(args.header)
        except OSError as error:
            print(f"skuguard: {error}", file=sys.stderr)
            return EXIT_USAGE
    if not args.paths:
        return _fail("lint", "no PATH given (a file, a directory, or '-' for stdin)")

    diagnostics: list[Diagnostic] = []
    files = 0
    failures: list[str] = []
    for raw_path in args.paths:
        if raw_path == "-":
            data = sys.stdin.buffer.read()
            from linter.read.detect import detect_kind, sniff_content_type

            kind = args.kind or detect_kind(data)
            if kind is None:
                failures.append(
                    f"<stdin>: cannot tell the payload kind from its content; pass --kind (one of "
                    f"{', '.join(KINDS)})"
                )
                continue
            content_type = args.content_type or sniff_content_type(data)
            try:
                diagnostics.extend(
                    lint_bytes(
                        data,
                        kind=kind,
                        header=header,
                        content_type=content_type,
                        file="<stdin>",
                        options=options,
                        config=config,
                    )
                )
            except LintUsageError as error:
                failures.append(f"<stdin>: {error}")
                continue
            except Exception as error:  # a linter bug: one line, not a traceback
                failures.append(f"<stdin>: internal error: {type(error).__name__}: {error}")
                continue
            files += 1
            continue
        path = Path(raw_path)
        if not path.exists():
            failures.append(f"{raw_path}: no such file or directory")
            continue
        for file in iter_payload_files(path):
            try:
                diagnostics.extend(
                    lint_file(
                        file,
                        kind=args.kind,
                        header=header,
                        header_file=header_file,
                        content_type=args.content_type,
                        config=config,
                        options=options,
                    )
                )
            except LintUsageError as error:
                failures.append(str(error))
                continue
            except OSError as error:
                failures.append(f"{file}: cannot read it: {error.strerror or error}")
                continue
            except Exception as error:  # a linter bug: one line, not a traceback
                failures.append(f"{file}: internal error: {type(error).__name__}: {error}")
                continue
            files += 1

    diagnostics = sort_diagnostics(diagnostics)
    renderer = report.RENDERERS[args.format]
    if args.format == "sarif":
        _emit(report.render_sarif(diagnostics, files, version=_package_version()))
    else:
        _emit(renderer(diagnostics, files))
    for failure in failures:
        print(f"skuguard: {failure}", file=sys.stderr)
    if failures:
        return EXIT_USAGE
    summary = report.summary(diagnostics, files)
    if summary["errors"] or (strict and summary["warnings"]):
        return EXIT_FINDINGS
    return EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    from linter.registry import all_rules

    lines = [f"{r.code}  {r.severity.value:<7}  {r.summary}" for r in all_rules()]
    _emit("\n".join(lines) + "\n")
    return EXIT_OK


def run_rule(args: argparse.Namespace) -> int:
    from linter.registry import all_rules, get_rule

    found = get_rule(args.code)
    if found is None:
        known = ", ".join(r.code for r in all_rules())
        return _fail("rule", f"unknown rule code {args.code!r}; known codes: {known}")
    kinds = ", ".join(sorted(found.kinds))
    out = [
        f"{found.code} {found.name} ({found.severity.value}; {found.scope.value} rule; "
        f"kinds: {kinds})",
        "",
        f"What: {found.summary}",
        "",
        f"Why: {found.why}",
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
    _emit("\n".join(out) + "\n")
    return EXIT_OK


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines() or [""])
