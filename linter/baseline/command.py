"""``skuguard lint --baseline FILE`` and ``--update-baseline``: what the lint command calls."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from linter.baseline.anchor import Identity
from linter.baseline.items import PSEUDO_FILES, file_identities, file_kind, group_by_file
from linter.baseline.store import BaselineError, Entry, read_baseline, write_baseline

if TYPE_CHECKING:
    from linter.config import LintConfig
    from linter.diagnostics import Diagnostic


@dataclass(frozen=True)
class Filtered:
    """The findings not in the baseline, and how many the baseline hid."""

    diagnostics: list[Diagnostic]
    hidden: int


@dataclass(frozen=True)
class Updated:
    """What ``--update-baseline`` wrote."""

    path: Path
    total: int
    added: int
    dropped: int

    def line(self) -> str:
        return (
            f"{self.path}: baseline of {self.total} finding(s) written "
            f"({self.added} added, {self.dropped} dropped)"
        )


def baseline_path(given: str | None, config: LintConfig) -> Path | None:
    """``--baseline FILE``, else ``[tool.skuguard.lint] baseline`` (relative to its pyproject)."""
    if given is not None:
        return Path(given)
    if config.baseline is None:
        return None
    return (config.root or Path.cwd()) / config.baseline


def shown_file(name: str, base: Path) -> str:
    """A file as the baseline names it: relative to ``base`` with POSIX separators."""
    if name in PSEUDO_FILES or name.startswith("<"):
        return name
    resolved = Path(name).resolve()
    try:
        return Path(os.path.relpath(resolved, base.resolve())).as_posix()
    except ValueError:  # another drive
        return resolved.as_posix()


def identities(
    diagnostics: Sequence[Diagnostic],
    base: Path,
    *,
    kind: str | None,
    content_type: str | None,
    config: LintConfig | None,
    header_file: str | None = None,
) -> list[Identity]:
    """The identity of each diagnostic, in order; ``base`` is the baseline file's directory."""
    from linter._api import is_sidecar

    result: list[Identity | None] = [None] * len(diagnostics)
    for name, positions in group_by_file(diagnostics).items():
        group = [diagnostics[p] for p in positions]
        header = name == header_file or name.startswith("<") or is_sidecar(Path(name))
        found = None if header else file_kind(Path(name), kind, content_type, config)
        for position, identity in zip(
            positions, file_identities(name, shown_file(name, base), group, found), strict=True
        ):
            result[position] = identity
    return [identity for identity in result if identity is not None]


def filter_new(
    diagnostics: Sequence[Diagnostic], found: Sequence[Identity], baseline: Counter[Entry]
) -> Filtered:
    """Drop each diagnostic the baseline still has a copy of (a multiset: counts matter).

    Of several diagnostics with one identity, those whose message the baseline holds go
    first; the rest of the identity's count goes to the others in order."""
    budget: Counter[Identity] = Counter()
    for (identity, _), count in baseline.items():
        budget[identity] += count
    exact = Counter(baseline)
    hidden = [False] * len(diagnostics)
    for position, (d, identity) in enumerate(zip(diagnostics, found, strict=True)):
        if exact[(identity, d.message)] > 0 and budget[identity] > 0:
            exact[(identity, d.message)] -= 1
            budget[identity] -= 1
            hidden[position] = True
    for position, identity in enumerate(found):
        if not hidden[position] and budget[identity] > 0:
            budget[identity] -= 1
            hidden[position] = True
    kept = [d for d, gone in zip(diagnostics, hidden, strict=True) if not gone]
    return Filtered(kept, len(diagnostics) - len(kept))


def _in_scope(file: str, base: Path, paths: Sequence[str]) -> bool:
    """Whether an entry's file is among (or below) the paths linted now."""
    if file.startswith("<"):
        return "-" in paths or file != "<stdin>"
    target = (base / file).resolve()
    for raw in paths:
        if raw == "-":
            continue
        root = Path(raw).resolve()
        if target == root or root in target.parents:
            return True
    return False


def apply_baseline(
    path: Path,
    diagnostics: Sequence[Diagnostic],
    *,
    kind: str | None,
    content_type: str | None,
    config: LintConfig | None,
    header_file: str | None = None,
) -> Filtered:
    """The findings of ``diagnostics`` that the baseline at ``path`` does not hold."""
    baseline = read_baseline(path)
    base = path.resolve().parent
    found = identities(
        diagnostics,
        base,
        kind=kind,
        content_type=content_type,
        config=config,
        header_file=header_file,
    )
    return filter_new(diagnostics, found, baseline)


def update_baseline(
    path: Path,
    diagnostics: Sequence[Diagnostic],
    paths: Sequence[str],
    *,
    kind: str | None,
    content_type: str | None,
    config: LintConfig | None,
    header_file: str | None = None,
) -> Updated:
    """Write every current finding to the baseline; entries of files linted now that no
    longer occur are dropped, entries of files not linted now are kept."""
    base = path.resolve().parent
    old: Counter[Entry] = Counter()
    if path.exists():
        old = read_baseline(path)
    found = identities(
        diagnostics,
        base,
        kind=kind,
        content_type=content_type,
        config=config,
        header_file=header_file,
    )
    current = Counter(zip(found, (d.message for d in diagnostics), strict=True))
    kept = Counter({e: n for e, n in old.items() if not _in_scope(e[0].file, base, paths)})
    new = current + kept
    write_baseline(path, new.elements())
    old_ids = Counter(identity for identity, _ in old.elements())
    new_ids = Counter(identity for identity, _ in new.elements())
    return Updated(path, new_ids.total(), (new_ids - old_ids).total(), (old_ids - new_ids).total())


__all__ = [
    "BaselineError",
    "Filtered",
    "Updated",
    "apply_baseline",
    "baseline_path",
    "filter_new",
    "identities",
    "shown_file",
    "update_baseline",
]
