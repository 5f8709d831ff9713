"""Subcommand ``skuguard reconcile``: compare Unleashed stock with what Norce and Ka-ching got."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

EXIT_USAGE = 2


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "reconcile",
        help="compare Unleashed stock on hand with Norce and Ka-ching imports",
        description=(
            "Compare Unleashed StockOnHand (recorded replies, or live from an API root) with "
            "Norce ImportOnhands and Ka-ching stock bodies (files, directories, or a URL whose "
            "GET answers a body, such as the sandbox's /_sandbox read-back). Exit 0: nothing "
            "differs; 1: differences; 2: usage or input error."
        ),
    )
    parser.add_argument("--source", required=True, metavar="unleashed:PATH_OR_URL")
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="norce:PATH_OR_URL|kaching:PATH_OR_URL",
        help="a target to compare (repeatable)",
    )
    parser.add_argument("--mapping", required=True, type=Path, metavar="MAPPING.toml")
    parser.add_argument(
        "--as-at", metavar="YYYY-MM-DD", help="live source: stock on hand as at this date"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.0,
        metavar="N",
        help="quantities differing by N or less are equal (default 0)",
    )
    parser.add_argument("--format", choices=("text", "json", "csv", "html"), default="text")
    parser.add_argument("--output-file", type=Path, metavar="FILE")
    parser.set_defaults(run=run_reconcile)


def run_reconcile(args: argparse.Namespace) -> int:
    import sqlite3

    from contracts.reconcile.errors import ReconcileError
    from contracts.reconcile.run import Request, reconcile

    try:
        if args.as_at is not None:
            try:
                date.fromisoformat(args.as_at)
            except ValueError:
                cause = f"{args.as_at!r} is not a date (YYYY-MM-DD)"
                raise ReconcileError("--as-at", cause) from None
        request = Request(
            source=args.source,
            targets=tuple(args.target),
            mapping=args.mapping,
            as_at=args.as_at,
            tolerance=args.tolerance,
            format=args.format,
            output_file=args.output_file,
        )
        return reconcile(request)
    except ReconcileError as exc:
        print(f"skuguard: {exc.place}: {exc.cause}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, sqlite3.Error) as exc:  # scratch space or output stream failing
        print(f"skuguard: reconcile: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_USAGE
