"""The directory walk: payload files below a directory, minus ignored and excluded ones.

Inside a git work tree the walk keeps only what ``git ls-files -co --exclude-standard`` lists
(tracked plus untracked-not-ignored files, so .gitignore holds); outside one, nothing is
filtered by git. ``[tool.skuguard.lint] exclude`` / ``extend-exclude`` globs then drop paths,
matched like ruff's: against the path relative to the config's directory, or any of its parts.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator
from pathlib import Path

DEFAULT_EXCLUDE = (
    ".*",
    "__pycache__",
    "__pypackages__",
    "node_modules",
    "venv",
    "buck-out",
    "_build",
)
"""Hidden entries (.git, .venv, .tox, .mypy_cache, ...) and the usual dependency folders."""

GIT_TIMEOUT = 60


def git_listed(directory: Path) -> set[Path] | None:
    """Resolved paths git would not ignore below ``directory``; ``None`` outside a work tree."""
    import shutil  # only a directory walk needs these: not imported for a file
    import subprocess

    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "ls-files", "-co", "--exclude-standard", "-z", "--", "."],
            cwd=directory,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return {(directory / name).resolve() for name in names if name}


def _parts_below(path: Path, base: Path) -> tuple[str, ...] | None:
    try:
        return path.resolve().relative_to(base.resolve()).parts
    except ValueError:
        return None


def is_excluded(parts: tuple[str, ...], patterns: Iterable[str]) -> bool:
    """Whether the relative path ``parts`` or one of its ancestors matches a pattern."""
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        bare = pattern.rstrip("/")
        for part, prefix in zip(parts, prefixes, strict=True):
            if fnmatch.fnmatchcase(part, bare) or fnmatch.fnmatchcase(prefix, bare):
                return True
    return False


def walk(
    directory: Path, suffixes: tuple[str, ...], patterns: Iterable[str], base: Path
) -> Iterator[Path]:
    """Files below ``directory`` ending in one of ``suffixes``, sorted, filtered as above."""
    listed = git_listed(directory)
    chosen = tuple(patterns)
    for found in sorted(directory.rglob("*")):
        if found.suffix not in suffixes or not found.is_file():
            continue
        if listed is not None and found.resolve() not in listed:
            continue
        below_base = _parts_below(found, base)
        if below_base is not None and is_excluded(below_base, chosen):
            continue
        if is_excluded(found.relative_to(directory).parts, chosen):
            continue
        yield found


__all__ = ["DEFAULT_EXCLUDE", "git_listed", "is_excluded", "walk"]
