"""``skuguard lint``: read the configuration, lint each path, write the report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, emit, fail
from linter.registry import KINDS

if TYPE_CHECKING:
    from linter.diagnostics import Diagnostic


def _package_version() -> str:
    from contracts import __version__

    return __version__


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
    from linter._api import iter_payload_files
    from linter.config import ConfigError, LintConfig, find_config, validate_codes
    from linter.positions import sort_diagnostics

    overridden = frozenset(
        key
        for key, value in (
            ("select", args.select),
            ("ignore", args.ignore),
            ("baseline", args.baseline),
        )
        if value is not None
    )
    try:
        if args.isolated:
            config = LintConfig()
        else:
            config_file = Path(args.config) if args.config is not None else None
            config = find_config(config_file=config_file, overridden=overridden)
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
        return fail("lint", "no PATH given (a file, a directory, or '-' for stdin)")
    if args.baseline is not None or config.baseline is not None:
        from linter.cli.baseline import without_baseline_file

        args.paths = without_baseline_file(args.paths, args.baseline, config)

    # --fix / --unsafe-fixes / --diff (linter.fix.command): mend first, then lint what is left
    fixed_stdin: bytes | None = None
    if args.fix or args.unsafe_fixes or args.diff:
        from linter.fix.command import run_fixes

        fixing = run_fixes(args, config, options, header, header_file)
        if fixing.exit_code is not None:
            return fixing.exit_code
        fixed_stdin = fixing.stdin
        args.report_to_stderr = fixed_stdin is not None

    jobs = _jobs(args.jobs, config.jobs)
    if jobs is None:
        return fail("--jobs", f"expected a whole number of 1 or more, got {args.jobs!r}")

    from linter.parallel import FileJob, FileOutcome, FileTask, WorkerCrashError, lint_files

    entries: list[FileOutcome | int] = []
    tasks: list[FileTask] = []
    several = len(args.paths) > 1
    for raw_path in args.paths:
        if raw_path == "-":
            entries.append(_lint_stdin(args, header, options, config, fixed_stdin))
            continue
        path = Path(raw_path)
        if not path.exists():
            entries.append(FileOutcome(failure=f"{raw_path}: no such file or directory"))
            continue
        walked = path.is_dir()
        for file in iter_payload_files(path, config):
            job = FileJob(file, args.kind, header, header_file, args.content_type, config, options)
            entries.append(len(tasks))
            tasks.append(FileTask(job, lenient=walked or several))
    try:
        outcomes = lint_files(tasks, jobs)
    except WorkerCrashError as error:
        return fail("lint", f"a worker process stopped unexpectedly: {error}")

    diagnostics: list[Diagnostic] = []
    files = 0
    failures: list[str] = []
    skipped: list[str] = []
    for entry in entries:
        outcome = outcomes[entry] if isinstance(entry, int) else entry
        diagnostics.extend(outcome.diagnostics)
        files += outcome.linted
        if outcome.skipped is not None:
            skipped.append(outcome.skipped)
        if outcome.failure is not None:
            failures.append(outcome.failure)

    diagnostics = sort_diagnostics(diagnostics)
    baselined: int | None = None
    if args.baseline is not None or args.update_baseline or config.baseline is not None:
        from linter.cli.baseline import run_baseline

        done = run_baseline(args, config, diagnostics, failures, header_file)
        if isinstance(done, int):
            return done
        diagnostics, baselined = done.diagnostics, done.hidden
    if not _write_report(args, diagnostics, files, baselined):
        failures.append(f"{args.output_file}: cannot write the report")
    for line in skipped:
        print(f"skuguard: info: {line}", file=sys.stderr)
    for failure in failures:
        print(f"skuguard: {failure}", file=sys.stderr)
    if failures:
        return EXIT_USAGE
    summary = report.summary(diagnostics, files)
    if args.exit_zero:
        return EXIT_OK
    if summary["errors"] or (strict and summary["warnings"]):
        return EXIT_FINDINGS
    return EXIT_OK


def _jobs(raw: str | None, configured: int | None) -> int | None:
    """``--jobs`` (else the configured ``jobs``, else one per core); ``None`` if malformed."""
    from linter.parallel import default_jobs

    if raw is None:
        return configured if configured is not None else default_jobs()
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        return None
    return int(text)


def _lint_stdin(
    args: argparse.Namespace,
    header: bytes | None,
    options: dict[str, bool],
    config: Any,
    fixed: bytes | None = None,
) -> Any:
    """Lint the bytes of stdin in this process: a :class:`linter.parallel.FileOutcome`."""
    from linter._api import LintUsageError, lint_bytes
    from linter.parallel import FileOutcome
    from linter.read.detect import detect_kind, sniff_content_type

    data = sys.stdin.buffer.read() if fixed is None else fixed
    kind = args.kind or detect_kind(data)
    if kind is None:
        return FileOutcome(
            failure=f"<stdin>: cannot tell the payload kind from its content; pass --kind (one "
            f"of {', '.join(KINDS)})"
        )
    content_type = args.content_type or sniff_content_type(data)
    try:
        found = lint_bytes(
            data,
            kind=kind,
            header=header,
            content_type=content_type,
            file="<stdin>",
            options=options,
            config=config,
        )
    except LintUsageError as error:
        return FileOutcome(failure=f"<stdin>: {error}")
    except Exception as error:  # a linter bug: one line, not a traceback
        return FileOutcome(failure=f"<stdin>: internal error: {type(error).__name__}: {error}")
    return FileOutcome(found, linted=True)


def _write_report(
    args: argparse.Namespace,
    diagnostics: list[Diagnostic],
    files: int,
    baselined: int | None = None,
) -> bool:
    """Render the report and write it to stdout or ``--output-file``; False if unwritable."""
    from linter import report
    from linter.report.style import use_color
    from linter.report.text import render_statistics, render_text

    stream = sys.stdout
    color = args.output_file is None and use_color(args.color, stream, os.environ)
    if args.statistics:
        text = render_statistics(diagnostics, color=color)
    elif args.format == "text":
        text = render_text(
            diagnostics, files, output_format=args.output_format, color=color, baselined=baselined
        )
    elif args.format == "sarif":
        text = report.render_sarif(diagnostics, files, version=_package_version())
    elif args.format == "json":
        text = report.render_json(diagnostics, files, baselined=baselined)
    else:
        text = report.RENDERERS[args.format](diagnostics, files)
    if args.output_file is None:
        if getattr(args, "report_to_stderr", False):  # stdout holds the fixed document
            sys.stderr.write(text)
            return True
        emit(text)
        return True
    try:
        Path(args.output_file).write_text(text, encoding="utf-8")
    except OSError:
        return False
    return True
