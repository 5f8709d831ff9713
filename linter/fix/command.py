"""The ``--fix``, ``--unsafe-fixes`` and ``--diff`` half of ``skuguard lint``.

Each payload is fixed in memory (:func:`linter.fix.run.fix_document`), then written back
atomically beside itself (a temporary file, then ``os.replace``, keeping the file's mode),
or shown as a unified diff. A sidecar header is fixed in place; a header given with
``--header`` is never rewritten: its fixed text is shown on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.checking import Selection
from linter.config import LintConfig
from linter.fix.edits import unified_diff
from linter.fix.run import Fixed, fix_document

__all__ = ["FixRun", "run_fixes", "write_atomically"]

STDIN_NAME = "<stdin>"


@dataclass
class FixRun:
    """What the lint command does next."""

    exit_code: int | None = None
    """Set with ``--diff``: the command ends with it."""
    stdin: bytes | None = None
    """The fixed stdin document, which the report then lints."""
    fixed: int = 0
    files: int = 0
    diffs: list[bytes] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    shown_headers: set[bytes] = field(default_factory=set)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step, keeping the file's permission bits."""
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _options(options: Mapping[str, Any], config: LintConfig) -> dict[str, Any]:
    chosen = dict(options)
    if config.adjustment:
        chosen.setdefault("adjustment", True)
    if config.assembled:
        chosen.setdefault("assembled", True)
    return chosen


def _show_header(run: FixRun, name: str, before: bytes, after: bytes) -> None:
    if before == after or after in run.shown_headers:
        return
    run.shown_headers.add(after)
    shown = after.decode("utf-8", "backslashreplace").strip()
    print(
        f"skuguard: info: {name}: a header given with --header is not rewritten; "
        f"fixed, it reads: {shown}",
        file=sys.stderr,
    )


def _fix_one(
    run: FixRun,
    args: argparse.Namespace,
    *,
    name: str,
    data: bytes,
    kind: str,
    content_type: str,
    header: tuple[str, bytes, Path | None] | None,
    options: Mapping[str, Any],
    selection: Selection,
) -> Fixed:
    texts = {name: data}
    if header is not None:
        texts[header[0]] = header[1]
    fixed = fix_document(
        texts,
        body=name,
        header=header[0] if header is not None else None,
        kind=kind,
        content_type=content_type,
        options=options,
        selection=selection,
        unsafe=bool(args.unsafe_fixes),
    )
    shown_only = header[0] if header is not None and header[2] is None else None
    run.fixed += sum(n for name, n in fixed.files.items() if name != shown_only)
    if header is not None and header[2] is None:
        _show_header(run, header[0], header[1], fixed.texts[header[0]])
    return fixed


def run_fixes(
    args: argparse.Namespace,
    config: LintConfig,
    options: Mapping[str, Any],
    header: bytes | None,
    header_file: str,
) -> FixRun:
    """Fix every PATH (or stdin); with ``--diff`` print the diffs and set the exit code."""
    from linter._api import LintUsageError, iter_payload_files, sidecar_for
    from linter.read.detect import SNIFF_SIZE, detect_kind, sniff_content_type
    from linter.registry import NORCE_BODY_KINDS

    run = FixRun()
    selection = Selection(config.select, config.ignore)
    chosen_options = _options(options, config)
    given: tuple[str, bytes, Path | None] | None = None
    if header is not None:
        given = (header_file, header, None)
    for raw_path in args.paths:
        if raw_path == "-":
            data = sys.stdin.buffer.read()
            kind = args.kind or detect_kind(data)
            if kind is None:
                run.stdin = data  # the lint pass says why it cannot be read
                if args.diff:
                    run.failures.append(f"{STDIN_NAME}: cannot tell the payload kind; pass --kind")
                continue
            content_type = args.content_type or sniff_content_type(data)
            fixed = _fix_one(
                run,
                args,
                name=STDIN_NAME,
                data=data,
                kind=kind,
                content_type=content_type,
                header=given,
                options=chosen_options,
                selection=selection,
            )
            run.stdin = fixed.texts[STDIN_NAME]
            run.files += run.stdin != data
            if args.diff:
                run.diffs.append(unified_diff(data, run.stdin, STDIN_NAME))
            else:
                sys.stdout.buffer.write(run.stdin)
                sys.stdout.buffer.flush()
            continue
        path = Path(raw_path)
        if not path.exists():
            if args.diff:  # else the lint pass reports it
                run.failures.append(f"{raw_path}: no such file or directory")
            continue
        for file in iter_payload_files(path, config):
            if not file.is_file():
                continue  # a FIFO or device is never read here; the lint pass says why
            try:
                data = file.read_bytes()
            except OSError as error:
                if args.diff:
                    run.failures.append(f"{file}: cannot read it: {error.strerror or error}")
                continue
            head = data[:SNIFF_SIZE]
            content_type = args.content_type or (
                "xml" if file.suffix == ".xml" else sniff_content_type(head)
            )
            kind = args.kind or config.kind_for(file) or detect_kind(head)
            if kind is None or (kind == "kaching.stock" and content_type == "xml"):
                continue  # the lint pass reports it
            body_header = given
            if body_header is None and kind in NORCE_BODY_KINDS:
                sidecar = sidecar_for(file)
                with contextlib.suppress(OSError):  # the lint pass reports an unreadable one
                    if sidecar is not None:
                        body_header = (str(sidecar), sidecar.read_bytes(), sidecar)
            try:
                fixed = _fix_one(
                    run,
                    args,
                    name=str(file),
                    data=data,
                    kind=kind,
                    content_type=content_type,
                    header=body_header,
                    options=chosen_options,
                    selection=selection,
                )
            except LintUsageError:
                continue
            changed = [(file, data, fixed.texts[str(file)])]
            if body_header is not None and body_header[2] is not None:
                changed.append((body_header[2], body_header[1], fixed.texts[body_header[0]]))
            for target, before, after in changed:
                if before == after:
                    continue
                run.files += 1
                if args.diff:
                    run.diffs.append(unified_diff(before, after, str(target)))
                    continue
                try:
                    write_atomically(target, after)
                except OSError as error:
                    run.failures.append(f"{target}: cannot write it: {error.strerror or error}")
    return _finish(run, args)


def _finish(run: FixRun, args: argparse.Namespace) -> FixRun:
    for failure in run.failures:
        print(f"skuguard: {failure}", file=sys.stderr)
    if args.diff:
        diff = b"".join(run.diffs)
        sys.stdout.buffer.write(diff)
        sys.stdout.buffer.flush()
        print(
            f"skuguard: info: {run.fixed} finding(s) would be fixed in {run.files} file(s)",
            file=sys.stderr,
        )
        run.exit_code = 2 if run.failures else (1 if diff else 0)
    elif run.fixed:
        print(f"skuguard: info: fixed {run.fixed} finding(s)", file=sys.stderr)
    return run
