"""Lint many files over worker processes; the outcomes come back in the files' order.

Each file gives one :class:`FileOutcome`: its diagnostics, or the one line saying why it was
skipped or could not be linted, exactly as the sequential loop would. Few or small files
are linted in this process (starting workers would cost more than it saves); a large Norce
JSON body is cut into ranges (:mod:`linter.parallel.split`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from linter.parallel.task import FileOutcome, FileTask, WorkerCrashError, default_jobs, split_bytes

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

FEW_FILES = 8
"""Fewer files than this are linted in this process..."""
SMALL_TOTAL = 256 * 1024
"""...and so are files of fewer bytes than this in all (unless one of them is split)."""
START_METHOD_ENV = "SKUGUARD_START_METHOD"
_CHUNK_MAX = 32
_MIN_PART = 64 * 1024
"""Fewest bytes per range of a split body (a huge ``--jobs`` does not cut it to crumbs)."""


def lint_one(task: FileTask) -> FileOutcome:
    """Lint one file as the sequential ``skuguard lint`` loop does."""
    from linter._api import LintUsageError, UndetectedKindError, skip_line
    from linter.engine import lint_document

    job = task.job
    try:
        found = lint_document(*job.prepare())
    except UndetectedKindError as error:
        if task.lenient:
            return FileOutcome(skipped=skip_line(job.path))
        return FileOutcome(failure=str(error))
    except LintUsageError as error:
        return FileOutcome(failure=str(error))
    except OSError as error:
        return FileOutcome(failure=f"{job.path}: cannot read it: {error.strerror or error}")
    except Exception as error:  # a linter bug: one line, not a traceback
        return FileOutcome(failure=f"{job.path}: internal error: {type(error).__name__}: {error}")
    return FileOutcome(found, linted=True)


def _lint_chunk(tasks: list[FileTask]) -> list[FileOutcome]:
    return [lint_one(task) for task in tasks]


def _size(task: FileTask) -> int:
    try:
        return task.job.path.stat().st_size
    except OSError:
        return 0


def _split_kind(task: FileTask) -> str | None:
    """The kind of a Norce JSON body (by the same choice :func:`lint_file` makes), else None."""
    from linter.registry import NORCE_BODY_KINDS

    try:
        doc, _ = task.job.prepare()
    except Exception:  # the worker reports it, as the sequential loop would
        return None
    return doc.kind if doc.kind in NORCE_BODY_KINDS and doc.content_type == "json" else None


@contextmanager
def _pool(jobs: int) -> Iterator[Executor]:
    """Workers sharing one string hash seed (the duplicate rules' digests): forked from this
    process where that is safe, else spawned (see :func:`_start_method`)."""
    import multiprocessing
    import secrets
    from concurrent.futures import ProcessPoolExecutor

    saved = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = str(1 + secrets.randbelow(2**32 - 1))
    context = multiprocessing.get_context(_start_method())
    executor = ProcessPoolExecutor(jobs, mp_context=context)
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        if saved is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = saved


def _start_method() -> str:
    """``fork`` on Linux when this process runs no other thread, else ``spawn``.

    A forked worker starts at once with this process's modules and caches, where a spawned
    one first imports the linter again (about 0.2 s, paid by every worker). Forking is
    unsafe only while another thread may hold a lock, so a process with threads (a test
    runner, an embedding application) gets spawned workers. ``SKUGUARD_START_METHOD``
    (``fork`` or ``spawn``) overrides the choice.
    """
    import sys
    import threading

    chosen = os.environ.get(START_METHOD_ENV, "")
    if chosen in ("fork", "spawn"):
        return chosen
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def lint_files(tasks: Sequence[FileTask], jobs: int) -> list[FileOutcome]:
    """The outcome of each task, in order; raises :class:`WorkerCrashError` if a worker dies."""
    if jobs <= 1 or not tasks:
        return [lint_one(task) for task in tasks]
    threshold = split_bytes()
    sizes = [_size(task) for task in tasks]
    kinds = {i: _split_kind(tasks[i]) for i, size in enumerate(sizes) if size >= threshold}
    big = {i: kind for i, kind in kinds.items() if kind is not None}
    if not big and (len(tasks) < FEW_FILES or sum(sizes) < SMALL_TOTAL):
        return [lint_one(task) for task in tasks]
    small = len(tasks) - len(big)
    units = -(-small // _chunk_size(small, jobs)) + sum(_parts(sizes[i], jobs) for i in big)
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _pool(max(1, min(jobs, units))) as executor:
            return _run(tasks, big, jobs, executor)
    except BrokenProcessPool as error:
        raise WorkerCrashError(str(error) or "a worker process stopped unexpectedly") from None


def _run(
    tasks: Sequence[FileTask], big: dict[int, str], jobs: int, executor: Executor
) -> list[FileOutcome]:
    small = [i for i in range(len(tasks)) if i not in big]
    chunk = _chunk_size(len(small), jobs)
    pending: list[tuple[list[int], Future[list[FileOutcome]]]] = []
    for low in range(0, len(small), chunk):
        indexes = small[low : low + chunk]
        pending.append((indexes, executor.submit(_lint_chunk, [tasks[i] for i in indexes])))
    outcomes: list[FileOutcome | None] = [None] * len(tasks)
    for i in sorted(big):
        outcomes[i] = _lint_big(tasks[i], executor, jobs, big[i])
    for indexes, future in pending:
        for i, outcome in zip(indexes, future.result(), strict=True):
            outcomes[i] = outcome
    return [o if o is not None else FileOutcome(failure="internal error") for o in outcomes]


def _chunk_size(files: int, jobs: int) -> int:
    """Files per task: about four tasks per worker, at most :data:`_CHUNK_MAX` files each."""
    return max(1, min(_CHUNK_MAX, files // (jobs * 4) or 1))


def _parts(size: int, jobs: int) -> int:
    """Ranges to cut a body of ``size`` bytes into: one per worker, none under _MIN_PART."""
    return min(jobs, max(2, size // _MIN_PART))


def _lint_big(task: FileTask, executor: Executor, jobs: int, kind: str) -> FileOutcome:
    from concurrent.futures.process import BrokenProcessPool

    from linter.parallel.split import lint_split

    try:
        found = lint_split(task.job, executor, _parts(_size(task), jobs), kind)
    except BrokenProcessPool:
        raise
    except Exception:  # the one-process lint below reports what went wrong, as usual
        found = None
    if found is None:
        return executor.submit(lint_one, task).result()
    return FileOutcome(found, linted=True)


__all__ = ["FileOutcome", "FileTask", "WorkerCrashError", "default_jobs", "lint_files", "lint_one"]
