"""Lint one large Norce JSON body in several processes, with exactly the sequential findings.

Pass one lints every range with fresh state. The parent then walks the ranges in order and
finds, per cross-item rule, what a range shares with the ranges before it: keys already seen
(a duplicate whose first copy is in an earlier range) or properties already reported (once
per field). Only a range that shares something is linted again, seeded with that state; its
findings are then the ones a single pass over the whole document gives.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from linter.diagnostics import Diagnostic
from linter.parallel.cut import NotSplittableError, Range, iter_ranges
from linter.parallel.guess import FLAT_ROW_KINDS, GuessedRanges, guessed_cuts
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


def _seed_for(outcome: PartOutcome, prior: _Prior, last: bool = False) -> Seed | None:
    """The seed ``outcome``'s range needs given the ranges before it (``None``: none), and
    ``prior`` updated with the range's own state (its keys not merged in for the ``last``
    range: no range after it asks)."""
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
        if last:
            continue
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


def lint_split(
    job: FileJob, executor: Executor, parts: int, kind: str | None = None
) -> list[Diagnostic] | None:
    """The findings of ``job``'s file linted in ranges, or ``None`` when it cannot be split
    (then it is linted in one process). The ``executor``'s workers must have been started
    with this process's ``PYTHONHASHSEED`` (the rules' key digests are compared). Rows of a
    ``kind`` in :data:`FLAT_ROW_KINDS` are first cut where the parent guesses
    (:mod:`linter.parallel.guess`); if a guess does not hold, the structural scan cuts them."""
    hash_seed = os.environ.get("PYTHONHASHSEED", "random")
    if hash_seed == "random":  # the workers' digests could not be compared
        return None
    path = Path(job.path)
    if kind in FLAT_ROW_KINDS:
        cuts = guessed_cuts(path, parts)
        if cuts is not None:
            guess = GuessedRanges(path, cuts)
            found = _lint_ranges(job, executor, iter(guess), hash_seed, guess.items)
            if found is not None:
                return found
    return _lint_ranges(job, executor, iter_ranges(path, parts), hash_seed, None)


def _lint_ranges(
    job: FileJob,
    executor: Executor,
    spans: Iterator[Range],
    hash_seed: str,
    guessed_items: list[int] | None,
) -> list[Diagnostic] | None:
    """Lint each range of ``spans``, then again those that share state with earlier ones;
    ``None`` if the ranges cannot be judged apart (or hold other than ``guessed_items``)."""
    ranges: list[Range] = []
    first_pass: list[Future[PartOutcome]] = []
    try:
        for span in spans:
            first_pass.append(executor.submit(lint_range, job, span, not ranges, Seed(), hash_seed))
            ranges.append(span)
    except NotSplittableError:
        for future in first_pass:
            future.cancel()
        return None
    import numpy  # noqa: F401  (for _seed_for: loaded while the workers run, not after)

    outcomes = [future.result() for future in first_pass]
    if any(o.fatal or o.unknown_state for o in outcomes):
        return None
    if guessed_items is not None and [o.items for o in outcomes] != guessed_items:
        return None
    prior = _Prior()
    again = {}
    for index, outcome in enumerate(outcomes):
        seed = _seed_for(outcome, prior, last=index == len(outcomes) - 1)
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
