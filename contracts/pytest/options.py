"""The pytest plugin's options: each a command-line flag and an ini key of the same name.

A flag given on the command line wins over the ini key (``pytest.ini``,
``[tool.pytest.ini_options]``, ``tox.ini`` or ``setup.cfg``). Nothing is
required: every option has a default that suits the embedded sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

APIS: tuple[str, ...] = ("norce", "kaching", "unleashed")


@dataclass(frozen=True, slots=True)
class OptionSpec:
    name: str
    metavar: str
    help: str

    @property
    def flag(self) -> str:
        return "--skuguard-" + self.name.replace("_", "-")

    @property
    def ini(self) -> str:
        return "skuguard_" + self.name


OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "base_url",
        "URL",
        "API root to run contract tests against; without it the embedded sandbox is used.",
    ),
    OptionSpec(
        "api",
        "API",
        "the API --skuguard-base-url serves (norce, kaching or unleashed); "
        "only needed when contract tests of more than one API share that URL.",
    ),
    OptionSpec(
        "fixtures",
        "FILE.toml",
        "TOML file naming entities that exist in the target (as for skuguard contract).",
    ),
    OptionSpec("max_examples", "N", "examples per operation in contract tests (default 25)."),
    OptionSpec("seed", "N", "Hypothesis seed of contract tests (default: fixed, 0)."),
    OptionSpec(
        "fault",
        "NAME",
        "start the embedded sandbox with this seeded fault (to see a contract test fail).",
    ),
)

DEFAULT_MAX_EXAMPLES = 25
DEFAULT_SEED = 0


@dataclass(frozen=True, slots=True)
class PluginSettings:
    """The resolved options of one pytest run."""

    base_url: str | None = None
    api: str | None = None
    fixtures: Path | None = None
    max_examples: int = DEFAULT_MAX_EXAMPLES
    seed: int = DEFAULT_SEED
    fault: str | None = None


LINT_HELP = "collect payload files (*.json, *.xml) as test items, one per file, linted by skuguard."
LINT_STRICT_HELP = "payload items fail on warnings too, not only on errors."
LINT_PATHS_HELP = (
    "only payload files below these paths (relative to the ini file) become lint items."
)


@dataclass(frozen=True, slots=True)
class LintSettings:
    """Payload files as pytest items: whether, how strictly, and below which paths."""

    enabled: bool = False
    strict: bool = False
    paths: tuple[Path, ...] = ()


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("skuguard", "skuguard: commerce import API contracts")
    for option in OPTIONS:
        group.addoption(
            option.flag, dest=option.ini, metavar=option.metavar, default=None, help=option.help
        )
        parser.addini(option.ini, help=option.help, type="string", default="")
    group.addoption(
        "--skuguard-lint", dest="skuguard_lint", action="store_true", default=None, help=LINT_HELP
    )
    group.addoption(
        "--skuguard-lint-strict",
        dest="skuguard_lint_strict",
        action="store_true",
        default=None,
        help=LINT_STRICT_HELP,
    )
    parser.addini("skuguard_lint", help=LINT_HELP, type="bool", default=False)
    parser.addini("skuguard_lint_strict", help=LINT_STRICT_HELP, type="bool", default=False)
    parser.addini("skuguard_lint_paths", help=LINT_PATHS_HELP, type="paths", default=[])


def _flag_or_ini(config: pytest.Config, name: str) -> bool:
    value = config.getoption(name, default=None)
    return bool(config.getini(name)) if value is None else bool(value)


def read_lint_settings(config: pytest.Config) -> LintSettings:
    """The lint-item options; a path in ``skuguard_lint_paths`` that does not exist is a
    usage error."""
    paths: list[Path] = []
    for path in config.getini("skuguard_lint_paths"):
        if not Path(path).exists():
            raise pytest.UsageError(
                f"skuguard: ini key skuguard_lint_paths: {path}: no such file or directory"
            )
        paths.append(Path(path).resolve())
    return LintSettings(
        enabled=_flag_or_ini(config, "skuguard_lint"),
        strict=_flag_or_ini(config, "skuguard_lint_strict"),
        paths=tuple(paths),
    )


def _raw(config: pytest.Config, option: OptionSpec) -> tuple[str | None, str]:
    """The option's text and where it came from, for error messages."""
    value = config.getoption(option.ini, default=None)
    if value is not None:
        return str(value).strip() or None, option.flag
    ini_value = config.getini(option.ini)
    text = ini_value.strip() if isinstance(ini_value, str) else ""
    return text or None, f"ini key {option.ini}"


def _int_at_least(text: str | None, place: str, default: int, *, minimum: int) -> int:
    if text is None:
        return default
    try:
        number = int(text)
    except ValueError:
        raise pytest.UsageError(f"skuguard: {place}: expected an integer, got {text!r}") from None
    if number < minimum:
        raise pytest.UsageError(f"skuguard: {place}: must be at least {minimum}, got {number}")
    return number


def _fixtures_path(config: pytest.Config, text: str | None, place: str) -> Path | None:
    """A flag is relative to the working directory; an ini key to its ini file's directory."""
    if text is None:
        return None
    path = Path(text)
    if not path.is_absolute() and place.startswith("ini") and config.inipath is not None:
        path = config.inipath.parent / path
    if not path.is_file():
        raise pytest.UsageError(f"skuguard: {place}: {path}: no such file")
    return path


def read_settings(config: pytest.Config) -> PluginSettings:
    """Resolve every option, raising :class:`pytest.UsageError` naming a bad value."""
    raw = {option.name: _raw(config, option) for option in OPTIONS}
    base_url, base_place = raw["base_url"]
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise pytest.UsageError(
            f"skuguard: {base_place}: expected an http:// or https:// URL, got {base_url!r}"
        )
    api, api_place = raw["api"]
    if api is not None and api not in APIS:
        raise pytest.UsageError(
            f"skuguard: {api_place}: unknown API {api!r}; known: {', '.join(APIS)}"
        )
    fault, fault_place = raw["fault"]
    if fault is not None:
        from contracts.sandbox.faults import get_fault

        if get_fault(fault) is None:
            raise pytest.UsageError(
                f"skuguard: {fault_place}: unknown fault {fault!r}; "
                "see `skuguard sandbox --list-faults`"
            )
    max_text, max_place = raw["max_examples"]
    seed_text, seed_place = raw["seed"]
    return PluginSettings(
        base_url=base_url.rstrip("/") if base_url else None,
        api=api,
        fixtures=_fixtures_path(config, *raw["fixtures"]),
        max_examples=_int_at_least(max_text, max_place, DEFAULT_MAX_EXAMPLES, minimum=1),
        seed=_int_at_least(seed_text, seed_place, DEFAULT_SEED, minimum=0),
        fault=fault,
    )
