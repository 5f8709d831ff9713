"""The registry of skuguard's domain checks: each a small named function, registered once.

A check takes a :class:`CheckContext` and raises :class:`Unmet` with a message when the
exchange violates what the API documents; it returns quietly when it holds or does not apply.
Registration names it: a registered check raises :class:`CheckFailure` carrying its name.
Operations are named as ``"METHOD /path"`` of the spec and resolved to operationIds there.

Public API: :class:`Check`, :class:`CheckContext`, :class:`CheckFailure`, :func:`all_checks`,
:func:`checks_for`, :func:`get_check`.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from contracts.checks.context import (
    NOT_JSON,
    Admin,
    CheckContext,
    CheckFailure,
    Client,
    ReceivedResponse,
    SentRequest,
    Unmet,
)
from linter.specs import Api, spec_view

__all__ = [
    "NOT_JSON",
    "Admin",
    "Check",
    "CheckContext",
    "CheckFailure",
    "Client",
    "ReceivedResponse",
    "SentRequest",
    "Unmet",
    "all_checks",
    "check",
    "checks_for",
    "get_check",
    "operation_id_of",
    "path_parameters",
]

CheckFunction = Callable[[CheckContext], None]


@dataclass(frozen=True)
class Check:
    """A named domain check: the API and operations it applies to, and what it verifies."""

    name: str
    api: Api
    operations: tuple[str, ...]
    description: str
    run: CheckFunction

    def fail(self, message: str) -> CheckFailure:
        """The failure this check raises, with ``message``."""
        return CheckFailure(self.name, message)


_REGISTRY: dict[str, Check] = {}

CHECK_MODULES: tuple[str, ...] = (
    "contracts.checks.norce",
    "contracts.checks.kaching",
    "contracts.checks.unleashed",
)


@functools.cache
def _operations(api: Api) -> Mapping[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for path, item in spec_view(api)["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, Mapping) and "operationId" in operation:
                found[(method.upper(), path)] = str(operation["operationId"])
    return found


def operation_id_of(api: Api, method: str, path: str) -> str:
    """The operationId of ``METHOD path`` in the spec of ``api``."""
    try:
        return _operations(api)[(method.upper(), path)]
    except KeyError:
        raise LookupError(f"{api} spec has no operation {method.upper()} {path}") from None


@functools.cache
def _path_patterns(api: Api, operation_id: str) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for path, item in spec_view(api)["paths"].items():
        for operation in item.values():
            if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                for template in (path, *operation.get("x-skuguard-alias-paths", ())):
                    regex = re.sub(
                        r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>[^/]+)", re.escape(template)
                    )
                    patterns.append(re.compile(regex + "$"))
    return tuple(patterns)


def path_parameters(api: Api, operation_id: str, url_path: str) -> dict[str, str]:
    """The path parameters of a request to ``operation_id`` (empty when none match)."""
    for pattern in _path_patterns(api, operation_id):
        match = pattern.search(url_path)
        if match:
            return match.groupdict()
    return {}


def check(
    *, name: str, api: Api, operations: Iterable[str], description: str
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check; ``operations`` are ``"METHOD /path"`` strings of the spec."""

    def register(function: CheckFunction) -> CheckFunction:
        if name in _REGISTRY:
            raise ValueError(f"check {name} registered twice")
        op_ids = tuple(operation_id_of(api, *operation.split(" ", 1)) for operation in operations)

        @functools.wraps(function)
        def named(ctx: CheckContext) -> None:
            try:
                function(ctx)
            except Unmet as unmet:
                raise CheckFailure(name, str(unmet)) from None

        _REGISTRY[name] = Check(name, api, op_ids, description, named)
        return named

    return register


_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        for module in CHECK_MODULES:
            importlib.import_module(module)
        _loaded = True


def all_checks() -> tuple[Check, ...]:
    """Every registered check, sorted by name."""
    _load()
    return tuple(sorted(_REGISTRY.values(), key=lambda c: c.name))


def checks_for(operation_id: str) -> tuple[Check, ...]:
    """The checks that apply to ``operation_id``, sorted by name."""
    return tuple(c for c in all_checks() if operation_id in c.operations)


def get_check(name: str) -> Check | None:
    """The check called ``name``, or ``None``."""
    _load()
    return _REGISTRY.get(name)


def json_body(response: ReceivedResponse) -> Any:
    """The response body as JSON, or :data:`NOT_JSON`."""
    return response.json
