"""The registry of skuguard's checks: each a small named function, registered once.

A check takes a :class:`CheckContext` and raises :class:`Unmet` with a message when the
exchange violates what the API documents; it returns quietly when it holds or does not apply.
Registration names it: a registered check raises :class:`CheckFailure` carrying its name.
Schemathesis's built-in checks, skuguard's protocol checks and probes and the per-API domain
checks share this one :class:`Check` type and the one registry :data:`CHECKS`. Domain checks
name their operations as ``"METHOD /path"`` of the spec, resolved to operationIds there.

Public API: :class:`Check`, :class:`CheckContext`, :class:`CheckFailure`, :data:`CHECKS`,
:func:`all_checks`, :func:`checks_for`, :func:`get_check`, :func:`canonical_name`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from contracts.checks.context import (
    NOT_JSON,
    Admin,
    CheckContext,
    CheckFailure,
    Client,
    Observed,
    ReceivedResponse,
    SentRequest,
    Unmet,
    Violation,
)
from linter.provenance import Source
from linter.registry_type import Registry
from linter.specs import Api, spec_view

__all__ = [
    "CHECKS",
    "NOT_JSON",
    "RENAMED",
    "Admin",
    "Check",
    "CheckContext",
    "CheckFailure",
    "Client",
    "Observed",
    "ReceivedResponse",
    "SentRequest",
    "Unmet",
    "all_checks",
    "canonical_name",
    "check",
    "checks_for",
    "get_check",
    "operation_id_of",
    "path_parameters",
    "register",
]

CheckFunction = Callable[[CheckContext], None]


@dataclass(frozen=True)
class Check:
    """A named check: what it verifies, where it applies, and how it judges an exchange.

    ``api`` is ``None`` for a check of every API; ``operations`` are operationIds (empty: not
    bound to operations, asked of every exchange of ``api``). ``run`` raises
    :class:`CheckFailure` on a violation; it is ``None`` for a probe, which sends its own
    requests once per operation instead of judging the run's. A ``domain`` check (one API's
    documented behaviour) skips XML answers, which the schema and negotiation checks judge,
    and its message starts with its name. ``source`` is where what it enforces is documented:
    a failure of a check whose source is ``assumed`` (or one raised as :class:`Observed`) is
    an observation, never a violation; every registered check names one.
    """

    name: str
    description: str
    run: CheckFunction | None
    api: Api | None = None
    operations: tuple[str, ...] = ()
    domain: bool = False
    source: Source | None = None

    def fail(self, message: str) -> CheckFailure:
        """The failure this check raises, with ``message``."""
        return CheckFailure(self.name, message)

    @property
    def documented(self) -> bool:
        """May this check's failure be a violation (its source is documented)?"""
        return self.source is not None and self.source.documented

    def cite(self) -> str:
        """Where what this check enforces is documented, in one line."""
        return self.source.cite() if self.source is not None else "no source"

    def judge(self, ctx: CheckContext) -> Violation | None:
        """The verdict on this exchange (a violation or an observation), ``None`` if it holds.
        The message ends with what the check enforces and where that is documented."""
        if self.run is None:
            return None
        if self.domain and "xml" in (ctx.response.header("content-type") or "").lower():
            return None
        try:
            self.run(ctx)
        except CheckFailure as failure:
            text = str(failure) if self.domain else failure.message
            observed = failure.observed or not self.documented
            return Violation(self.name, f"{text} [{self.cite()}]", observed=observed)
        return None

    def verdict(self, ctx: CheckContext) -> str | None:
        """The verdict's message for this exchange, or ``None`` when the check holds."""
        found = self.judge(ctx)
        return found.message if found is not None else None


# Check names before they were all spelled in snake case; ``--checks`` still takes them.
RENAMED: Mapping[str, str] = {
    "kaching-message-count": "kaching_message_count",
    "kaching-unknown-location-rejected": "kaching_unknown_location_rejected",
    "kaching-stock-effect": "kaching_stock_effect",
    "norce-validation-summary": "norce_validation_summary",
    "norce-header-rules-enforced": "norce_header_rules_enforced",
    "norce-job-id-int32": "norce_job_id_int32",
    "norce-job-consistent": "norce_job_consistent",
    "norce-job-log-accounts": "norce_job_log_accounts",
    "norce-unset-fields-untouched": "norce_unset_fields_untouched",
    "unleashed-pagination-arithmetic": "unleashed_pagination_arithmetic",
    "unleashed-page-walk": "unleashed_page_walk",
    "unleashed-filters-honoured": "unleashed_filters_honoured",
    "unleashed-order-by": "unleashed_order_by",
    "unleashed-quantity-invariants": "unleashed_quantity_invariants",
    "unleashed-lookups-agree": "unleashed_lookups_agree",
    "unleashed-unknown-guid-404": "unleashed_unknown_guid_404",
}


def canonical_name(name: str) -> str:
    """A check name as registered: an old spelling becomes its new name."""
    return RENAMED.get(name, name)


CHECK_MODULES: tuple[str, ...] = (
    "contracts.checks.builtin",
    "contracts.checks.accept",
    "contracts.checks.auth",
    "contracts.checks.tokens",
    "contracts.checks.norce",
    "contracts.checks.kaching",
    "contracts.checks.unleashed",
)

CHECKS: Registry[Check] = Registry(
    "check", key=lambda entry: entry.name, normalise=canonical_name, modules=CHECK_MODULES
)


def register(entry: Check) -> Check:
    """Add ``entry`` to :data:`CHECKS`."""
    return CHECKS.add(entry)


def named(name: str, function: CheckFunction) -> CheckFunction:
    """``function`` raising :class:`CheckFailure` called ``name`` where it raised Unmet."""

    @functools.wraps(function)
    def run(ctx: CheckContext) -> None:
        try:
            function(ctx)
        except Unmet as unmet:
            observed = isinstance(unmet, Observed)
            raise CheckFailure(name, str(unmet), observed=observed) from None

    return run


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
    *, name: str, api: Api, operations: Iterable[str], description: str, source: Source
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a domain check; ``operations`` are ``"METHOD /path"`` strings of the spec;
    ``source`` is where the behaviour it enforces is documented."""

    def add(function: CheckFunction) -> CheckFunction:
        op_ids = tuple(operation_id_of(api, *operation.split(" ", 1)) for operation in operations)
        run = named(name, function)
        register(Check(name, description, run, api, op_ids, domain=True, source=source))
        return run

    return add


def all_checks() -> tuple[Check, ...]:
    """Every registered check, sorted by name."""
    return CHECKS.entries()


def checks_for(operation_id: str) -> tuple[Check, ...]:
    """The domain checks bound to ``operation_id``, sorted by name."""
    return tuple(c for c in all_checks() if operation_id in c.operations)


def get_check(name: str) -> Check | None:
    """The check called ``name`` (or by an old spelling of it), or ``None``."""
    return CHECKS.get(name)
