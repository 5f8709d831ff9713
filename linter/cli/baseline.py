"""The ``--baseline`` / ``--update-baseline`` part of ``skuguard lint``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from linter.cli.output import EXIT_OK, EXIT_USAGE, fail

if TYPE_CHECKING:
    from linter.baseline import Filtered
    from linter.config import LintConfig
    from linter.diagnostics import Diagnostic


def without_baseline_file(paths: list[str], given: str | None, config: LintConfig) -> list[str]:
    """``paths`` without the baseline file itself (pre-commit passes it when it changed)."""
    from pathlib import Path

    from linter.baseline import baseline_path

    path = baseline_path(given, config)
    if path is None:
        return paths
    target = path.resolve()
    return [p for p in paths if p == "-" or Path(p).resolve() != target]


def run_baseline(
    args: argparse.Namespace,
    config: LintConfig,
    diagnostics: list[Diagnostic],
    failures: list[str],
    header_file: str,
) -> Filtered | int:
    """Filter ``diagnostics`` through the baseline, or (``--update-baseline``) write it and
    return the exit code."""
    from linter.baseline import BaselineError, apply_baseline, baseline_path, update_baseline

    path = baseline_path(args.baseline, config)
    if path is None:
        return fail(
            "--update-baseline", "needs --baseline FILE or [tool.skuguard.lint] baseline = FILE"
        )
    kind: str | None = args.kind
    content_type: str | None = args.content_type
    try:
        if not args.update_baseline:
            return apply_baseline(
                path,
                diagnostics,
                kind=kind,
                content_type=content_type,
                config=config,
                header_file=header_file,
            )
        if failures:
            for failure in failures:
                print(f"skuguard: {failure}", file=sys.stderr)
            return fail(str(path), "not updated: some inputs could not be linted")
        written = update_baseline(
            path,
            diagnostics,
            args.paths,
            kind=kind,
            content_type=content_type,
            config=config,
            header_file=header_file,
        )
    except BaselineError as error:
        print(f"skuguard: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(written.line())
    return EXIT_OK


__all__ = ["run_baseline", "without_baseline_file"]
