"""The Hypothesis strategy of cases for one operation.

Schemathesis generates positive and negative cases from the spec; skuguard's
domain strategies (``contracts.generate.strategies``) replace the body and the
``X-StormConnect-Header`` of a case together, so header and body agree on the
whole case. Values the target is known to hold (discovered through the spec's
links, e.g. product GUIDs from a listing) are mixed into path and query
parameters.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

STORM_HEADER = "X-StormConnect-Header"
JSON = "application/json"


@dataclass(frozen=True, slots=True)
class Drawn:
    """A generated case and the domain payload it carries (``None``: Schemathesis's own)."""

    case: Any
    payload: Any = None


class KnownValues:
    """Values of parameters harvested from responses through the spec's links. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[tuple[str, str], list[Any]] = {}
        self._bodies: dict[str, list[Any]] = {}

    def add(self, operation_id: str, parameter: str, value: Any) -> None:
        if value is None or isinstance(value, dict | list):
            return
        with self._lock:
            bucket = self._values.setdefault((operation_id, parameter), [])
            if value not in bucket and len(bucket) < 50:
                bucket.append(value)

    def add_body(self, path: str, body: Any) -> None:
        """A body the target accepted on ``path`` (e.g. stock a POST created)."""
        with self._lock:
            bucket = self._bodies.setdefault(path, [])
            if body not in bucket and len(bucket) < 20:
                bucket.append(body)

    def bodies_for(self, path: str) -> list[Any]:
        with self._lock:
            return list(self._bodies.get(path, []))

    def for_operation(self, operation_id: str) -> dict[str, list[Any]]:
        with self._lock:
            return {
                parameter: list(values)
                for (target, parameter), values in self._values.items()
                if target == operation_id and values
            }


def resolve_ref(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow ``$ref`` pointers (local ones) until a plain node."""
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node and seen < 20:
        target: Any = spec
        for part in str(node["$ref"]).lstrip("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, Mapping) else {}
        node = target
        seen += 1
    return node


def _substitute(case: Any, location: str, name: str, value: Any) -> None:
    if location == "path":
        case.path_parameters = {**(case.path_parameters or {}), name: value}
    elif location == "query":
        case.query = {**(case.query or {}), name: value}


def _parameter_locations(operation: Any) -> dict[str, str]:
    locations: dict[str, str] = {}
    for parameter in operation.iter_parameters():
        locations[parameter.name] = str(getattr(parameter.location, "value", parameter.location))
    return locations


def _with_known_values(
    strategy: st.SearchStrategy[Any], operation: Any, known: Mapping[str, Sequence[Any]]
) -> st.SearchStrategy[Any]:
    locations = _parameter_locations(operation)
    usable = {
        name: values for name, values in known.items() if locations.get(name) in ("path", "query")
    }
    if not usable:
        return strategy
    choices = st.fixed_dictionaries(
        {
            name: st.one_of(st.none(), st.sampled_from(list(values)))
            for name, values in usable.items()
        }
    )

    def apply(pair: tuple[Drawn, dict[str, Any]]) -> Drawn:
        drawn, picked = pair
        for name, value in picked.items():
            if value is not None:
                _substitute(drawn.case, locations[name], name, value)
        return drawn

    return st.tuples(strategy, choices).map(apply)


def _with_payload(
    strategy: st.SearchStrategy[Any], payloads: st.SearchStrategy[Any], operation: Any
) -> st.SearchStrategy[Any]:
    query_names = [
        name for name, location in _parameter_locations(operation).items() if location == "query"
    ]

    def apply(pair: tuple[Any, Any]) -> Drawn:
        case, payload = pair
        apply_payload(case, payload, query_names)
        return Drawn(case, payload)

    return st.tuples(strategy, payloads).map(apply)


def apply_payload(case: Any, payload: Any, query_names: Sequence[str] = ()) -> None:
    """Make the case carry the payload: body, Storm header, and the query its options imply.

    A payload's ``options`` (e.g. Ka-ching's ``adjustment``) decide the query parameters of
    the same name, so what the linter judged and what is sent agree. A payload that carries
    its exact bytes (XML, or broken in its bytes) is sent as those bytes, with its media type.
    """
    from contracts.generate import wire as payload_wire

    if payload_wire.is_plain_json(payload):
        case.body = payload.body
    else:
        case.body = payload_wire.body_bytes(payload)
        case.media_type = payload_wire.media_type(payload)
    header = payload_wire.header_text(payload)
    if header is not None:
        headers = {
            name: value
            for name, value in dict(case.headers or {}).items()
            if name.lower() != STORM_HEADER.lower()
        }
        headers[STORM_HEADER] = header
        case.headers = headers
    if query_names:
        options = dict(payload.options or {})
        query = {k: v for k, v in dict(case.query or {}).items() if k not in query_names}
        for name in query_names:
            if name in options:
                value = options[name]
                query[name] = str(value).lower() if isinstance(value, bool) else str(value)
        case.query = query


def domain_cases(
    operation: Any, payloads: st.SearchStrategy[Any], fixed_headers: Mapping[str, str] | None
) -> st.SearchStrategy[Drawn]:
    """Cases carrying a domain payload (body, Storm header and implied query)."""
    from schemathesis import GenerationMode

    declared = {name.lower() for name in _parameter_locations(operation)}
    headers = {k: v for k, v in (fixed_headers or {}).items() if k.lower() in declared}
    # The body is replaced by the payload's, so Schemathesis need not generate one.
    shell = operation.as_strategy(
        generation_mode=GenerationMode.POSITIVE,
        body=None,
        media_type=JSON,
        **({"headers": headers} if headers else {}),
    )
    return _with_payload(shell, payloads, operation)


def _as_json(case: Any) -> Any:
    # Both media types share one schema here; the run judges bodies as JSON.
    if case.media_type is not None and case.media_type != JSON:
        case.media_type = JSON
    return case


def case_strategy(
    operation: Any,
    operation_id: str,
    *,
    payloads: st.SearchStrategy[Any] | None,
    known: Mapping[str, Sequence[Any]],
    fixed_headers: Mapping[str, str] | None = None,
) -> st.SearchStrategy[Any]:
    """Positive, negative and domain cases of ``operation``.

    ``fixed_headers`` are headers the run itself owns (e.g. Unleashed's ``client-type``);
    they are never generated, so no case is judged on a value the run replaces anyway.
    Bodies are JSON when the operation accepts JSON: payloads are judged as JSON.
    """
    from schemathesis import GenerationMode

    declared = {name.lower() for name in _parameter_locations(operation)}
    options: dict[str, Any] = {}
    headers = {k: v for k, v in (fixed_headers or {}).items() if k.lower() in declared}
    if headers:
        options["headers"] = headers
    positive = operation.as_strategy(generation_mode=GenerationMode.POSITIVE, **options)
    negative = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, **options)
    if JSON in operation.get_request_payload_content_types():
        positive, negative = positive.map(_as_json), negative.map(_as_json)
    branches: list[st.SearchStrategy[Drawn]] = []
    if payloads is not None:
        domain = domain_cases(operation, payloads, fixed_headers)
        # Domain payloads are where the documented rules live: most cases carry one.
        branches += [domain, domain, domain]
    branches += [positive.map(Drawn), negative.map(Drawn)]
    return _with_accept(_with_known_values(st.one_of(branches), operation, known), operation)


def response_media_types(operation: Any) -> list[str]:
    """The media types the operation's success responses declare, in spec order."""
    found: list[str] = []
    for status, response in operation.definition.raw.get("responses", {}).items():
        if not str(status).startswith("2"):
            continue
        resolved = resolve_ref(operation.schema.raw_schema, response)
        for media_type in (resolved or {}).get("content", {}):
            if media_type not in found:
                found.append(media_type)
    return found


def _with_accept(strategy: st.SearchStrategy[Drawn], operation: Any) -> st.SearchStrategy[Drawn]:
    """Ask for each media type the operation can answer in, so negotiation is exercised."""
    media_types = response_media_types(operation)
    if len(media_types) < 2:
        return strategy

    def apply(pair: tuple[Drawn, str | None]) -> Drawn:
        drawn, accept = pair
        if accept is not None:
            headers = {
                k: v for k, v in dict(drawn.case.headers or {}).items() if k.lower() != "accept"
            }
            headers["Accept"] = accept
            drawn.case.headers = headers
        return drawn

    return st.tuples(strategy, st.none() | st.sampled_from(media_types)).map(apply)
