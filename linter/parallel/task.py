"""What the parallel lint passes around: a file to lint, its outcome, and the sizes that decide.

Kept apart from the workers' code so that a lint that stays in one process imports no more.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.diagnostics import Diagnostic

if TYPE_CHECKING:
    from linter.checking import DocumentInput, Selection

SPLIT_BYTES_ENV = "SKUGUARD_SPLIT_BYTES"
DEFAULT_SPLIT_BYTES = 16 * 1024 * 1024
"""Norce JSON bodies at least this large are linted in byte ranges by several processes."""


def split_bytes() -> int:
    """The size from which a body is split (``SKUGUARD_SPLIT_BYTES`` overrides it)."""
    raw = os.environ.get(SPLIT_BYTES_ENV, "")
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_SPLIT_BYTES
    return value if value > 0 else DEFAULT_SPLIT_BYTES


@dataclass(repr=False, eq=False)
class FileJob:
    """How the parent lints the file: what :func:`linter._api.prepare_file` takes."""

    path: Path
    kind: str | None
    header: bytes | str | None
    header_file: str
    content_type: str | None
    config: Any
    options: Mapping[str, Any]

    def prepare(self) -> tuple[DocumentInput, Selection]:
        """The document and rules :func:`linter._api.prepare_file` makes of this job."""
        from linter._api import prepare_file

        return prepare_file(
            self.path,
            kind=self.kind,
            header=self.header,
            header_file=self.header_file,
            content_type=self.content_type,
            config=self.config,
            options=self.options,
        )


class WorkerCrashError(RuntimeError):
    """A worker process stopped without an answer (killed, out of memory, a crash)."""


@dataclass(repr=False, eq=False)
class FileTask:
    """One file to lint; ``lenient``: a file of no known kind is skipped, not a failure."""

    job: FileJob
    lenient: bool


@dataclass(repr=False, eq=False)
class FileOutcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    linted: bool = False
    skipped: str | None = None
    failure: str | None = None


def default_jobs() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


__all__ = [
    "DEFAULT_SPLIT_BYTES",
    "SPLIT_BYTES_ENV",
    "FileJob",
    "FileOutcome",
    "FileTask",
    "WorkerCrashError",
    "default_jobs",
    "split_bytes",
]
