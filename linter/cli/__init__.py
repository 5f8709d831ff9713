"""The parsers of ``skuguard lint``, ``skuguard rules`` and ``skuguard rule CODE``.

The commands themselves live in :mod:`linter.cli.lint` and :mod:`linter.cli.rules` and are
imported only when they run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from linter.registry import KINDS

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
FORMATS = ("text", "json", "sarif", "github")
TEXT_FORMATS = ("full", "concise")


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
        "--output-format",
        choices=TEXT_FORMATS,
        default="full",
        help="text layout: full (a code frame under each finding, default) or concise",
    )
    lint.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (auto: on a terminal, unless NO_COLOR; FORCE_COLOR forces)",
    )
    lint.add_argument("--output-file", metavar="FILE", help="write the report to FILE")
    lint.add_argument(
        "--statistics", action="store_true", help="print a count per rule code instead"
    )
    lint.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    lint.add_argument("--config", metavar="FILE", help="read [tool.skuguard.lint] from FILE only")
    lint.add_argument("--isolated", action="store_true", help="ignore every configuration file")
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
    # -- baseline (linter.baseline) --
    lint.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not in this baseline file ([tool.skuguard.lint] baseline)",
    )
    lint.add_argument(
        "--update-baseline",
        action="store_true",
        help="write every current finding to the baseline file (and drop fixed ones), exit 0",
    )
    fixing = lint.add_argument_group("fixing (see `skuguard rule CODE` for each rule's fix)")
    fixing.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    fixing.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="apply the unsafe fixes too (implies --fix unless --diff)",
    )
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff (patch -p0) and write nothing; exit 1 if any",
    )
    lint.add_argument(
        "--jobs",
        metavar="N",
        help="worker processes (default: one per core; 1 lints in this process)",
    )
    lint.set_defaults(run=_run("linter.cli.lint", "run_lint"))

    rules = subparsers.add_parser("rules", help="list every lint rule")
    rules.add_argument(
        "--format", choices=("text", "json"), default="text", help="list format (default text)"
    )
    rules.set_defaults(run=_run("linter.cli.rules", "run_rules"))

    explain = subparsers.add_parser("rule", help="explain one lint rule, or every rule")
    explain.add_argument("code", metavar="CODE", nargs="?", help="a rule code, e.g. SG003")
    explain.add_argument("--all", action="store_true", help="explain every rule")
    explain.set_defaults(run=_run("linter.cli.rules", "run_rule"))


def _run(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    """A command's ``run`` that imports its module only when the command runs."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        result: int = getattr(importlib.import_module(module), function)(args)
        return result

    return run
