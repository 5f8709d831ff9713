"""Cases from Schemathesis's coverage phase, a bounded and deterministic share per operation.

The coverage phase derives cases from the schema itself, without randomness: boundary values,
each required property missing, wrong types, values outside an enum or a pattern, methods the
path does not declare, a malformed ``Content-Type``. An operation with a large body schema
yields thousands (Norce's ImportProducts about 3,800), so a run takes at most ``limit`` per
operation: Schemathesis's first cases of each mode (positive, then negative), at most
:data:`SCAN_FACTOR` times ``limit`` of them, spread round-robin over their kinds (scenario,
location, parameter, method), so no single kind fills the share. The same spec gives the same
cases every run.

A case whose mutated parameter is a header the run owns (Unleashed's ``client-type``, which
the run's auth sets on every request) is left out: the request sent would not carry the
mutation. Bodies are JSON when the operation accepts JSON, as for generated cases.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from contracts.run.generation import JSON, Drawn

# Cases of each mode looked at, per case taken: a wider scan spreads over more kinds but
# costs generation time (Schemathesis yields the body's cases first, then the parameters').
SCAN_FACTOR = 10


def _kind(case: Any) -> tuple[str, str, str, str]:
    data = case.meta.phase.data if case.meta is not None else None
    scenario = getattr(getattr(data, "scenario", None), "value", "")
    location = getattr(getattr(data, "parameter_location", None), "value", "")
    parameter = getattr(data, "parameter", None) or ""
    return (str(scenario), str(location), str(parameter), str(case.method).upper())


def _mutated_headers(case: Any) -> set[str]:
    data = case.meta.phase.data if case.meta is not None else None
    names = {getattr(data, "parameter", None)}
    names |= {getattr(m, "parameter", None) for m in getattr(data, "mutations", ())}
    return {str(name).lower() for name in names if name}


def _fits(case: Any, owned: Mapping[str, str], accepts_json: bool) -> bool:
    """Whether the request sent for ``case`` carries what the case was generated as."""
    if _mutated_headers(case) & {name.lower() for name in owned}:
        return False
    return not (accepts_json and case.media_type is not None and case.media_type != JSON)


def _with_owned_headers(case: Any, owned: Mapping[str, str], declared: set[str]) -> Any:
    headers = dict(case.headers or {})
    for name, value in owned.items():
        if name.lower() in declared:
            headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
            headers[name] = value
    if headers != dict(case.headers or {}):
        case.headers = headers
    return case


def _round_robin(cases: Sequence[Any], limit: int) -> list[Any]:
    """Up to ``limit`` of ``cases``, one of each kind in turn, in the order first seen."""
    groups: dict[tuple[str, str, str, str], list[Any]] = {}
    for case in cases:
        groups.setdefault(_kind(case), []).append(case)
    picked: list[Any] = []
    for layer in itertools.zip_longest(*groups.values()):
        picked += [case for case in layer if case is not None]
        if len(picked) >= limit:
            break
    return picked[:limit]


def _mode_cases(operation: Any, mode: Any, scan: int) -> Iterator[Any]:
    schema = operation.schema
    config = schema.config.generation_for(operation=operation, phase="coverage")
    cases = schema.iter_coverage_cases(operation, generation_modes=[mode], generation_config=config)
    return itertools.islice(cases, scan)


def coverage_cases(operation: Any, limit: int, owned_headers: Mapping[str, str]) -> list[Drawn]:
    """At most ``limit`` coverage cases of ``operation``, half positive where it has enough."""
    if limit <= 0:
        return []
    from schemathesis import GenerationMode

    declared = {parameter.name.lower() for parameter in operation.iter_parameters()}
    owned = {k: v for k, v in owned_headers.items() if k.lower() in declared}
    accepts_json = JSON in operation.get_request_payload_content_types()
    scan = SCAN_FACTOR * limit
    by_mode = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        fitting = [
            case for case in _mode_cases(operation, mode, scan) if _fits(case, owned, accepts_json)
        ]
        by_mode.append(_round_robin(fitting, limit))
    positive, negative = by_mode
    share = max(limit // 2, limit - len(negative))
    chosen = [*positive[:share], *negative][:limit]
    return [Drawn(_with_owned_headers(case, owned, declared)) for case in chosen]
