"""The ``skuguard`` console script: one parser, one module per subcommand group.

Each command module exposes ``add_commands(subparsers)``; it registers its
subcommands with ``set_defaults(run=<callable(args) -> int>)`` and imports its
heavy dependencies only inside ``run``. ``main`` looks at argv first and builds
the parser from the one module that owns the command given, so ``skuguard lint``
never imports the contract suite and ``skuguard --version`` imports no command.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from contracts import __version__

# Exit codes shared by every subcommand.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

COMMAND_MODULES: tuple[str, ...] = (
    "linter.cli",
    "contracts.sandbox.cli",
    "contracts.cli.contract",
    "contracts.reconcile.cli",
    "contracts.cli.completion",
)

# Which module registers each top-level command; a command missing here still works,
# it only costs importing every module.
COMMAND_OWNERS: dict[str, str] = {
    "lint": "linter.cli",
    "rules": "linter.cli",
    "rule": "linter.cli",
    "sandbox": "contracts.sandbox.cli",
    "contract": "contracts.cli.contract",
    "reconcile": "contracts.reconcile.cli",
    "completion": "contracts.cli.completion",
}


def _columns() -> int:
    """The terminal width as :func:`shutil.get_terminal_size` gives it (``$COLUMNS``, else the
    terminal of stdout, else 80), without importing :mod:`shutil` (and its compressors)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized without importing :mod:`shutil`."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(
            prog,
            indent_increment,
            max_help_position,
            _columns() - 2 if width is None else width,
        )


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The ``skuguard`` parser with the commands of ``modules`` (all of them by default)."""
    parser = _Parser(
        prog="skuguard",
        description=(
            "Keep product and stock integrations honest: lint import payloads, "
            "run property-based contract suites, and emulate the APIs locally."
        ),
    )
    parser.add_argument("--version", action="version", version=f"skuguard {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for name in modules:
        module = importlib.import_module(name)
        module.add_commands(subparsers)
    for command in subparsers.choices.values():
        command.set_defaults(command_parser=command)
    return parser


def _owner(argv: Sequence[str]) -> str | None:
    """The module that owns the command in ``argv``; None for top-level options only."""
    for token in argv:
        if token == "--":
            return None
        if not token.startswith("-"):
            return COMMAND_OWNERS.get(token)
    return None


def _remember_translations() -> None:
    """argparse passes each of its own words ("usage: ", "options", ...) through gettext,
    which searches the disk for a message catalogue on every call, about 0.1 ms each and a
    dozen per run. Within one run the answer cannot change, so it is remembered."""
    translate = getattr(argparse, "_", None)
    if callable(translate) and not hasattr(translate, "cache_info"):
        setattr(argparse, "_", functools.lru_cache(maxsize=512)(translate))  # noqa: B010


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments in (["--version"], ["-V"]):
        print(f"skuguard {__version__}")
        raise SystemExit(EXIT_OK)  # as argparse's version action does
    _remember_translations()
    owner = _owner(arguments)
    parser = build_parser((owner,) if owner else COMMAND_MODULES)
    args, extras = parser.parse_known_args(arguments)
    if extras:  # reported by the command's own parser, so that its usage is shown
        command_parser: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        command_parser.error(f"unrecognized arguments: {' '.join(extras)}")
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
