"""The settings of one contract run, checked before anything is sent."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from linter.config import ConfigError
from linter.specs import Api

APIS: tuple[Api, ...] = get_args(Api)

DEFAULT_MAX_EXAMPLES = 10
# Cases of Schemathesis's coverage phase sent per operation (see contracts.run.coverage).
DEFAULT_COVERAGE_MAX = 20
# APIs run one after another by default: threads generating with Hypothesis and Schemathesis
# side by side can hit a CPython 3.11 compiler bug ("AST constructor recursion depth").
# --workers N runs up to N APIs in parallel threads.
DEFAULT_WORKERS = 1
DEFAULT_REPLAY_DIR = Path(".skuguard") / "replays"


@dataclass(frozen=True, slots=True)
class RunConfig:
    apis: tuple[Api, ...]
    base_url: str | None = None
    token_url: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    fixtures: Any = None  # a validated generate.payloads.Fixtures, or None for the defaults
    max_examples: int = DEFAULT_MAX_EXAMPLES
    coverage_max: int = DEFAULT_COVERAGE_MAX
    seed: int = 0
    workers: int = DEFAULT_WORKERS
    junit: Path | None = None
    report_json: Path | None = None
    checks: frozenset[str] | None = None
    replay_dir: Path = DEFAULT_REPLAY_DIR
    # --request-timeout: seconds per request; past it the target counts as unreachable.
    timeout: float = 10.0
    # --rate-limit, in requests per second per API (None: as fast as answers come).
    rate_limit: float | None = None
    # --max-time: seconds for the whole run; it stops between phases and exits 2.
    max_time: float | None = None
    report_html: Path | None = None
    report_har: Path | None = None
    # Stop at the first violation (once it is shrunk and recorded), like pytest -x.
    exitfirst: bool = False
    # Count observations (behaviour the documents leave open) as violations.
    strict_assumptions: bool = False
    # Norce's Job service root (Job/Get, Job/GetLog); default: found next to --base-url.
    job_url: str | None = None


def parse_apis(value: str) -> tuple[Api, ...]:
    if value == "all":
        return APIS
    for api in APIS:
        if value == api:
            return (api,)
    raise ConfigError(f"--api: unknown API {value!r}; choose one of {', '.join(APIS)}, all")


def parse_headers(values: Sequence[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for raw in values:
        name, sep, value = raw.partition(":")
        name = name.strip()
        if not sep or not name or any(ch.isspace() for ch in name):
            raise ConfigError(f"-H: expected 'Name: value', got {raw.split(':')[0]!r}...")
        headers[name] = value.strip()
    return headers


def parse_checks(value: str | None, known: Sequence[str]) -> frozenset[str] | None:
    if value is None:
        return None
    from contracts.checks.registry import canonical_name

    names = [canonical_name(name.strip()) for name in value.split(",") if name.strip()]
    if not names:
        raise ConfigError("--checks: empty list")
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise ConfigError(
            f"--checks: unknown check(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return frozenset(names)


def parse_base_url(value: str | None, option: str = "--base-url") -> str | None:
    if value is None:
        return None
    if not value.startswith(("http://", "https://")):
        raise ConfigError(f"{option}: {value!r} is not an http(s) URL")
    return value.rstrip("/")


def pick_seed(value: int | None) -> int:
    return random.SystemRandom().randrange(2**31) if value is None else value


def check_not_negative(name: str, value: int) -> int:
    if value < 0:
        raise ConfigError(f"{name}: must be 0 or more, got {value}")
    return value


def check_positive(name: str, value: int) -> int:
    if value < 1:
        raise ConfigError(f"{name}: must be at least 1, got {value}")
    return value


def check_seconds(name: str, value: float | None) -> float | None:
    if value is not None and not value > 0:
        raise ConfigError(f"{name}: must be a number of seconds above 0, got {value}")
    return value
