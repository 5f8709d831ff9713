"""The ``skuguard`` console script: one parser, one module per subcommand group.

Each command module exposes ``add_commands(subparsers)``; it registers its
subcommands with ``set_defaults(run=<callable(args) -> int>)`` and imports its
heavy dependencies only inside ``run``, so ``skuguard --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib import metadata

# Exit codes shared by every subcommand.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

COMMAND_MODULES: tuple[str, ...] = (
    "linter.cli",
    "contracts.sandbox.cli",
    "contracts.cli.contract",
    "contracts.reconcile.cli",
)


def _version() -> str:
    try:
        return metadata.version("skuguard")
    except metadata.PackageNotFoundError:
        from contracts import __version__

        return __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="skuguard",
        description=(
            "Keep product and stock integrations honest: lint import payloads, "
            "run property-based contract suites, and emulate the APIs locally."
        ),
    )
    parser.add_argument("--version", action="version", version=f"skuguard {_version()}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        result: int = run(args)
    except KeyboardInterrupt:
        print("skuguard: interrupted", file=sys.stderr)
        return 130
    return result
