"""Lint one large Norce JSON body in several processes, with exactly the sequential findings.

Pass one lints every range with fresh state. The parent then walks the ranges in order and
finds, per cross-item rule, what a range shares with the ranges before it: keys already seen
(a duplicate whose first copy is in an earlier range) or properties already reported (once
per field). Only a range that shares something is linted again, seeded with that state; its
findings are then the ones a single pass over the whole document gives.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from linter.diagnostics import Diagnostic
from linter.parallel.cut import NotSplittableError, Range, iter_ranges
from linter.parallel.part import PartOutcome, Remaining, Seed, lint_range
from linter.parallel.task import DEFAULT_SPLIT_BYTES, SPLIT_BYTES_ENV, FileJob, split_bytes

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future


@dataclass
class _Prior:
    """What the ranges so far held, per rule code."""

    hashes: dict[str, object] = field(default_factory=dict)
    positions: dict[str, object] = field(default_factory=dict)
    reported: dict[str, Remaining] = field(default_factory=dict)


def _seed_for(outcome: PartOutcome, prior: _Prior) -> Seed | None:
    """The seed ``outcome``'s range needs given the ranges before it (``None``: none), and
    ``prior`` updated with the range's own state."""
    import numpy as np

    seed = Seed()
    needed = False
    for code, (raw_hashes, raw_positions) in sorted(outcome.digests.items()):
        mine = np.frombuffer(raw_hashes, dtype=np.int64)
        mine_at = np.frombuffer(raw_positions, dtype=np.int64)
        old = prior.hashes.get(code)
        if old is None:
            order = np.argsort(mine, kind="stable")
            prior.hashes[code], prior.positions[code] = mine[order], mine_at[order]
            continue
        old_hashes: np.ndarray = old  # type: ignore[assignment]
        old_positions: np.ndarray = prior.positions[code]  # type: ignore[assignment]
        slots = np.searchsorted(old_hashes, mine)
        clipped = np.minimum(slots, max(old_hashes.size - 1, 0))
        shared = (
            (old_hashes[clipped] == mine) if old_hashes.size else np.zeros(mine.size, dtype=bool)
        )
        if shared.any():
            needed = True
            seed.digests[code] = (
                mine[shared].tobytes(),
                old_positions[clipped[shared]].tobytes(),
            )
        fresh = ~shared
        hashes = np.concatenate((old_hashes, mine[fresh]))
        positions = np.concatenate((old_positions, mine_at[fresh]))
        order = np.argsort(hashes, kind="stable")
        prior.hashes[code], prior.positions[code] = hashes[order], positions[order]
    for code, (start, end) in sorted(outcome.remaining.items()):
        earlier = prior.reported.setdefault(code, {})
        if any(earlier.values()):
            seed.remaining[code] = {
                name: props - earlier.get(name, set()) for name, props in start.items()
            }
        for name, props in start.items():
            reported = props - end.get(name, set())
            if reported & earlier.get(name, set()):
                needed = True
            earlier.setdefault(name, set()).update(reported)
    return seed if needed else None


def lint_split(job: FileJob, executor: Executor, parts: int) -> list[Diagnostic] | None:
    """The findings of ``job``'s file linted in ranges, or ``None`` when it cannot be split
    (then it is linted in one process). The ``executor``'s workers must have been started
    with this process's ``PYTHONHASHSEED`` (the rules' key digests are compared)."""
    hash_seed = os.environ.get("PYTHONHASHSEED", "random")
    if hash_seed == "random":  # the workers' digests could not be compared
        return None
    ranges: list[Range] = []
    first_pass: list[Future[PartOutcome]] = []
    try:
        for span in iter_ranges(Path(job.path), parts):
            first_pass.append(executor.submit(lint_range, job, span, not ranges, Seed(), hash_seed))
            ranges.append(span)
    except NotSplittableError:
        for future in first_pass:
            future.cancel()
        return None
    outcomes = [future.result() for future in first_pass]
    if any(o.fatal or o.unknown_state for o in outcomes):
        return None
    prior = _Prior()
    again = {}
    for index, outcome in enumerate(outcomes):
        seed = _seed_for(outcome, prior)
        if seed is not None:
            again[index] = executor.submit(
                lint_range, job, ranges[index], index == 0, seed, hash_seed
            )
    for index, future in again.items():
        outcome = future.result()
        if outcome.fatal or outcome.unknown_state:
            return None
        outcomes[index] = outcome
    return [d for outcome in outcomes for d in outcome.diagnostics]


__all__ = ["DEFAULT_SPLIT_BYTES", "SPLIT_BYTES_ENV", "lint_split", "split_bytes"]
