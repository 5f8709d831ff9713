"""Lint over several processes: many files spread over workers, one large body cut in ranges.

:func:`lint_files` lints a list of files with ``jobs`` worker processes and returns each
file's outcome in order, so the report and the exit status are those of ``--jobs 1``.
"""

from __future__ import annotations

from linter.parallel.files import (
    FileOutcome,
    FileTask,
    WorkerCrashError,
    default_jobs,
    lint_files,
    lint_one,
)
from linter.parallel.task import FileJob

__all__ = [
    "FileJob",
    "FileOutcome",
    "FileTask",
    "WorkerCrashError",
    "default_jobs",
    "lint_files",
    "lint_one",
]
