"""``skuguard contract``: run the contract suite (or replay one saved failure)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from contracts.run.config import (
    DEFAULT_COVERAGE_MAX,
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_REPLAY_DIR,
    DEFAULT_WORKERS,
)

DESCRIPTION = """\
Run property-based contract tests against the three APIs. Without --base-url the
embedded sandbox is started and tested. Credentials come from the SKUGUARD_*
environment variables. Exit 0: no violation; 1: at least one; 2: usage, config or
target error."""


def list_checks() -> int:
    """Print each check, whether its failure fails a run, and its source."""
    from contracts.checks.registry import all_checks

    for entry in all_checks():
        verdict = "violation" if entry.documented else "observation"
        print(f"{entry.name}  [{verdict}]  {entry.description}\n    source: {entry.cite()}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register ``contract``."""
    parser = subparsers.add_parser(
        "contract",
        help="run the contract suite against an API or the embedded sandbox",
        description=DESCRIPTION,
    )
    parser.add_argument(
        "--api", default="all", help="norce, kaching, unleashed or all (default: all)"
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="API root (Norce: the Connect root …/commerce/connect/4.0; Ka-ching: host root; "
        "Unleashed: API root); with --api all, a sandbox root",
    )
    parser.add_argument(
        "--token-url", metavar="URL", help="Norce token endpoint (default: next to --base-url)"
    )
    parser.add_argument(
        "-H",
        "--header",
        dest="headers",
        action="append",
        default=[],
        metavar='"Name: value"',
        help="extra header on every request; -H 'Authorization: Bearer …' replaces Norce's token",
    )
    parser.add_argument(
        "--fixtures", type=Path, metavar="FILE.toml", help="entities that exist in the target"
    )
    parser.add_argument(
        "--max-examples",
        type=int,
        default=DEFAULT_MAX_EXAMPLES,
        metavar="N",
        help=f"generated cases per operation (default: {DEFAULT_MAX_EXAMPLES})",
    )
    parser.add_argument(
        "--coverage-max",
        type=int,
        default=DEFAULT_COVERAGE_MAX,
        metavar="N",
        help="cases of Schemathesis's coverage phase per operation, 0 for none "
        f"(default: {DEFAULT_COVERAGE_MAX})",
    )
    parser.add_argument("--seed", type=int, metavar="N", help="seed (default: random, printed)")
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"APIs tested side by side (default: {DEFAULT_WORKERS})",
    )
    parser.add_argument(
        "-x",
        "--exitfirst",
        action="store_true",
        help="stop at the first violation (summary, reproduction and reports still written)",
    )
    parser.add_argument("--junit", type=Path, metavar="FILE", help="write a JUnit XML report")
    parser.add_argument("--report-json", type=Path, metavar="FILE", help="write a JSON report")
    parser.add_argument(
        "--report-html", type=Path, metavar="FILE", help="write a self-contained HTML report"
    )
    parser.add_argument(
        "--report-har", type=Path, metavar="FILE", help="write every exchange as a HAR 1.2 log"
    )
    parser.add_argument(
        "--rate-limit",
        metavar="N/s|N/m",
        help="at most N requests per second (N/s) or minute (N/m), per API",
    )
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds to wait for an answer; past it the target counts as unreachable "
        "(exit 2), not as a violation (default: 10)",
    )
    parser.add_argument(
        "--max-time",
        type=float,
        metavar="SECONDS",
        help="stop the run after SECONDS (between phases), write the summary and exit 2",
    )
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="no progress, only the summary"
    )
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="also a line per request sent"
    )
    parser.add_argument(
        "--checks", metavar="LIST", help="comma-separated check names (default: all)"
    )
    parser.add_argument(
        "--strict-assumptions",
        action="store_true",
        help="count observations (behaviour the documents leave open) as violations",
    )
    parser.add_argument(
        "--list-checks",
        action="store_true",
        help="print every check with where what it enforces is documented, and exit",
    )
    parser.add_argument(
        "--job-url",
        metavar="URL",
        help="Norce Job service root (…/Job/Get lives under it); default: tried next to "
        "--base-url, with and without api/",
    )
    parser.add_argument(
        "--replay",
        type=Path,
        metavar="FILE",
        help="send a saved failing request again and re-check",
    )
    parser.add_argument(
        "--replay-dir",
        type=Path,
        default=DEFAULT_REPLAY_DIR,
        metavar="DIR",
        help=f"where failing requests are saved (default: {DEFAULT_REPLAY_DIR})",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from contracts.cli.suite import run_command

    if args.list_checks:
        return list_checks()
    return run_command(args)
