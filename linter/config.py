"""``[tool.skuguard.lint]`` in pyproject.toml: rule selection and per-path payload kinds.

Found from a start directory upwards (the first pyproject.toml that has the table wins).
Keys: ``select`` and ``ignore`` (lists of rule codes or prefixes), ``kinds`` (a table of
glob -> kind, globs relative to the pyproject.toml's directory), ``strict`` (bool),
``adjustment`` (bool, Ka-ching), ``assembled`` (bool, Unleashed), and ``exclude`` /
``extend-exclude`` (globs a directory walk skips; ``exclude`` replaces the defaults of
:data:`linter.walk.DEFAULT_EXCLUDE`, ``extend-exclude`` adds to them), ``baseline``
(a baseline file, relative to the pyproject.toml's directory; see :mod:`linter.baseline`), and
``jobs`` (how many worker processes ``skuguard lint`` uses; 1 lints in one process). A bad
value raises :class:`ConfigError` naming the key.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.registry import KINDS
from linter.walk import DEFAULT_EXCLUDE

KNOWN_KEYS = (
    "select",
    "ignore",
    "kinds",
    "strict",
    "adjustment",
    "assembled",
    "exclude",
    "extend-exclude",
    "baseline",
    "jobs",
)


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the key."""


@dataclass(frozen=True)
class LintConfig:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    kinds: Mapping[str, str] = field(default_factory=dict)
    strict: bool = False
    adjustment: bool = False
    assembled: bool = False
    root: Path | None = None
    source: Path | None = None
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    baseline: str | None = None
    jobs: int | None = None
    """Worker processes for ``skuguard lint``; ``None``: one per core."""

    @property
    def excludes(self) -> tuple[str, ...]:
        """Every glob a directory walk skips."""
        return (*self.exclude, *self.extend_exclude)

    def kind_for(self, path: Path) -> str | None:
        """The kind configured for ``path`` (first matching glob), or ``None``."""
        if not self.kinds:
            return None
        base = self.root or Path.cwd()
        try:
            relative = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            relative = path.as_posix()
        for pattern, kind in self.kinds.items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.as_posix(), pattern):
                return kind
        return None


def _rule_codes() -> list[str]:
    """Every registered rule code, read from :mod:`linter.codes` (a test keeps its codes equal to
    the registry's, plus the internal-error code), so checking codes imports no rule module."""
    from linter import codes

    return [
        value
        for name, value in vars(codes).items()
        if name.isupper()
        and isinstance(value, str)
        and len(value) == 5
        and value[:2].isalpha()
        and value[:2].isupper()
        and value[2:].isdigit()
        and value != codes.INTERNAL_ERROR
    ]


def validate_codes(codes: Iterable[str], where: str) -> tuple[str, ...]:
    """Upper-case ``codes`` and check that each is a prefix of some registered rule code."""
    known = _rule_codes()
    result: list[str] = []
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        if not any(k.startswith(code) for k in known):
            raise ConfigError(f"{where}: {raw!r} matches no rule code (see `skuguard rules`)")
        result.append(code)
    return tuple(result)


def _string_list(value: Any, key: str) -> list[str]:
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.skuguard.lint] {key}: expected a list of rule codes")
    return list(value)


def parse_table(
    table: Mapping[str, Any],
    *,
    root: Path | None,
    source: Path | None,
    overridden: frozenset[str] = frozenset(),
) -> LintConfig:
    """Check and read the table; keys in ``overridden`` (the command line replaces them)
    are neither checked nor read."""
    table = {k: v for k, v in table.items() if k not in overridden}
    where = f"{source}: [tool.skuguard.lint]" if source else "[tool.skuguard.lint]"
    unknown = sorted(set(table) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KNOWN_KEYS)})")
    select = None
    if "select" in table:
        select = validate_codes(_string_list(table["select"], "select"), f"{where} select")
    ignore = validate_codes(_string_list(table.get("ignore", []), "ignore"), f"{where} ignore")
    kinds_table = table.get("kinds", {})
    if not isinstance(kinds_table, Mapping):
        raise ConfigError(f"{where} kinds: expected a table of glob = kind")
    kinds: dict[str, str] = {}
    for pattern, kind in kinds_table.items():
        if kind not in KINDS:
            raise ConfigError(
                f"{where} kinds.{pattern!r}: unknown kind {kind!r} (known: {', '.join(KINDS)})"
            )
        kinds[str(pattern)] = str(kind)
    flags: dict[str, bool] = {}
    for key in ("strict", "adjustment", "assembled"):
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise ConfigError(f"{where} {key}: expected true or false")
        flags[key] = value
    globs: dict[str, tuple[str, ...]] = {}
    for key in ("exclude", "extend-exclude"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} {key}: expected a list of glob patterns")
        globs[key] = tuple(value)
    baseline = table.get("baseline")
    if baseline is not None and (not isinstance(baseline, str) or not baseline.strip()):
        raise ConfigError(f"{where} baseline: expected the path of a baseline file")
    jobs = table.get("jobs")
    if jobs is not None and (type(jobs) is not int or jobs < 1):
        raise ConfigError(f"{where} jobs: expected a whole number of 1 or more, got {jobs!r}")
    return LintConfig(
        select,
        ignore,
        kinds,
        flags["strict"],
        flags["adjustment"],
        flags["assembled"],
        root,
        source,
        globs["exclude"] if "exclude" in table else DEFAULT_EXCLUDE,
        globs["extend-exclude"],
        baseline=baseline,
        jobs=jobs,
    )


def _lint_table(pyproject: Path) -> Mapping[str, Any] | None:
    import tomllib  # only when a pyproject.toml is found: its import compiles regexes

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{pyproject}: cannot read it: {error}") from None
    table = data.get("tool", {}).get("skuguard", {}).get("lint")
    if table is not None and not isinstance(table, Mapping):
        raise ConfigError(f"{pyproject}: [tool.skuguard.lint] must be a table")
    return table


def find_config(
    start: Path | None = None,
    *,
    config_file: Path | None = None,
    overridden: frozenset[str] = frozenset(),
) -> LintConfig:
    """Read ``[tool.skuguard.lint]`` from ``config_file`` when given, else from the nearest
    pyproject.toml at or above ``start`` that has the table. Keys in ``overridden`` are left
    to the command line (see :func:`parse_table`)."""
    if config_file is not None:
        table = _lint_table(config_file)
        if table is None:
            raise ConfigError(f"{config_file}: has no [tool.skuguard.lint] table")
        return parse_table(
            table, root=config_file.resolve().parent, source=config_file, overridden=overridden
        )
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        pyproject = candidate / "pyproject.toml"
        if not pyproject.is_file():
            continue
        table = _lint_table(pyproject)
        if table is None:
            continue
        return parse_table(table, root=candidate, source=pyproject, overridden=overridden)
    return LintConfig()


__all__ = [
    "KNOWN_KEYS",
    "ConfigError",
    "LintConfig",
    "find_config",
    "parse_table",
    "validate_codes",
]
