"""Hypothesis strategies for coherent payloads of every kind, and for payloads that break one rule.

Public API (used by the contract runner and by tests):

* :class:`Payload`, :class:`Fixtures` (re-exported from :mod:`contracts.generate.payloads`);
* :func:`valid_payloads` — payloads the linter finds no error in (Norce ones as JSON, or
  DataContract XML with ``content_types=("json", "xml")``);
* :func:`broken_payloads` / :func:`breakable_rules` — payloads that break exactly one rule;
  :func:`unbreakable_rules` — the rules that deliberately have no breaker, and why;
* :func:`payload_for_operation` / :func:`operation_payloads` — a mix of both for a spec
  operation, and which operations take a payload;
* :func:`norce_header_text` — the ``X-StormConnect-Header`` value of a header object
  (:mod:`contracts.generate.wire` gives the exact bytes and header value of any payload).

Every enum and field code comes from the specs (through :mod:`linter.specs`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from contracts.breakers import registry as breakers
from contracts.breakers.unbreakable import unbreakable
from contracts.generate import kaching, norce, unleashed
from contracts.generate import xml as generate_xml
from contracts.generate.norce_header import HEADER_SCHEMAS
from contracts.generate.payloads import Fixtures, FixturesError, Payload
from contracts.generate.wire import MEDIA_TYPES, norce_header_text
from linter.specs import Api, spec_view

__all__ = [
    "Fixtures",
    "FixturesError",
    "OperationPayload",
    "Payload",
    "UnknownKindError",
    "breakable_rules",
    "broken_payloads",
    "inherent_companions",
    "norce_header_text",
    "operation_payloads",
    "payload_for_operation",
    "unbreakable_rules",
    "valid_payloads",
]

_NORCE_BUILDERS = {
    "norce.products": norce.products,
    "norce.onhands": norce.onhands,
    "norce.prices": norce.prices,
    "norce.relations": norce.relations,
}


class UnknownKindError(LookupError):
    """A kind, rule or operation this module cannot generate payloads for."""


def valid_payloads(
    kind: str, fixtures: Fixtures | None = None, *, content_types: Sequence[str] = ("json",)
) -> st.SearchStrategy[Payload]:
    """Payloads of ``kind`` in which the linter finds no error.

    Norce kinds carry a header that agrees with the body; known entities come from
    ``fixtures`` (default: the sandbox's seed data) mixed with new ones.
    ``norce.header`` payloads are a header of any of the four types as the body.
    ``content_types`` are the serializations drawn from: with ``"xml"``, Norce bodies (and
    lone headers) are DataContract XML part of the time, their header's enum values codes and
    its SerializationType XML; the other kinds stay JSON.
    """
    if kind not in generate_xml.XML_KINDS:
        if "json" not in content_types:
            raise UnknownKindError(f"{kind} payloads are JSON only")
        content_types = ("json",)
    return generate_xml.serialized(_json_payloads(kind, fixtures), content_types)


def _json_payloads(kind: str, fixtures: Fixtures | None) -> st.SearchStrategy[Payload]:
    known = fixtures or Fixtures()
    if kind in _NORCE_BUILDERS:
        return _NORCE_BUILDERS[kind](known)
    if kind == "norce.header":
        return (
            st.sampled_from(sorted(_NORCE_BUILDERS))
            .flatmap(lambda body_kind: _NORCE_BUILDERS[body_kind](known))
            .map(lambda payload: Payload(kind="norce.header", body=payload.header))
        )
    if kind == "kaching.stock":
        return kaching.stock(known)
    if kind == "unleashed.stock-on-hand":
        return unleashed.stock_page()
    raise UnknownKindError(f"no payload strategy for kind {kind!r}")


def breakable_rules(kind: str, *, sendable_only: bool = False) -> tuple[str, ...]:
    """The linter rule codes :func:`broken_payloads` can break for ``kind``, sorted.

    With ``sendable_only``, only rules whose broken payloads can be sent as HTTP requests
    (not SG009: a header value cannot hold a line break; not SG007: its payloads break the
    rule only under a lowered ``max_item_bytes`` linter option).
    """
    return breakers.breakable(kind, sendable_only=sendable_only)


def unbreakable_rules(kind: str) -> Mapping[str, str]:
    """The linter rules of ``kind`` that deliberately have no breaker: code -> reason."""
    return unbreakable(kind)


def inherent_companions(kind: str, code: str) -> frozenset[str]:
    """Rules that every payload breaking ``code`` also breaks, because the spec's schema
    itself forbids the same thing (e.g. ``SG003`` beside ``NH001``); usually empty."""
    return breakers.companions(kind, code)


def broken_payloads(
    kind: str,
    code: str,
    fixtures: Fixtures | None = None,
    *,
    content_types: Sequence[str] = ("json",),
) -> st.SearchStrategy[Payload]:
    """Payloads of ``kind`` that break exactly rule ``code`` and no other error rule (save its
    :func:`inherent_companions`), judged on their exact bytes
    (:func:`contracts.generate.wire.lint_payload`).

    ``content_types`` as for :func:`valid_payloads`; a rule that exists in one serialization
    only (e.g. SG006 in XML, SG002 in JSON) gives payloads in that one.
    """
    breaker = breakers.breaker(kind, code)
    if breaker is None:
        raise UnknownKindError(
            f"cannot break rule {code} for kind {kind!r}; breakable: "
            f"{', '.join(breakable_rules(kind)) or 'none'}"
        )
    valid = valid_payloads(kind, fixtures, content_types=content_types)
    return breaker(valid, fixtures or Fixtures())


@dataclass(frozen=True, slots=True)
class OperationPayload:
    """An operation that takes a payload: where it lives and the linter kind of its body."""

    api: Api
    operation_id: str
    method: str
    path: str
    kind: str
    deleting: bool
    content_types: tuple[str, ...] = ("json",)
    """The body serializations the operation accepts (``json``, ``xml``), from the spec."""


@functools.cache
def operation_payloads() -> Mapping[str, OperationPayload]:
    """Operations of the three specs that take a payload, by operationId (read from the specs)."""
    found: dict[str, OperationPayload] = {}
    header_kinds = {name: kind for kind, name in HEADER_SCHEMAS.items()}
    apis: tuple[Api, ...] = ("norce", "kaching", "unleashed")
    for api in apis:
        for path, path_item in spec_view(api)["paths"].items():
            for method, operation in path_item.items():
                if not isinstance(operation, Mapping) or "operationId" not in operation:
                    continue
                kind = _operation_kind(api, operation, header_kinds)
                if kind is not None:
                    op_id = str(operation["operationId"])
                    found[op_id] = OperationPayload(
                        api,
                        op_id,
                        method.upper(),
                        path,
                        kind,
                        method.lower() == "delete",
                        _body_content_types(operation),
                    )
    return found


def _body_content_types(operation: Mapping[str, Any]) -> tuple[str, ...]:
    declared = operation.get("requestBody", {}).get("content", {})
    found = tuple(content for content, media in MEDIA_TYPES.items() if media in declared)
    return found or ("json",)


def _operation_kind(
    api: Api, operation: Mapping[str, Any], header_kinds: Mapping[str, str]
) -> str | None:
    if api == "norce":
        for parameter in operation.get("parameters", ()):
            content = parameter.get("content", {}).get("application/json", {})
            ref = str(content.get("schema", {}).get("$ref", "")).rsplit("/", 1)[-1]
            if ref in header_kinds:
                return header_kinds[ref]
        return None
    if api == "kaching" and "requestBody" in operation:
        return "kaching.stock"
    return None


def payload_for_operation(
    operation_id: str, fixtures: Fixtures | None = None
) -> st.SearchStrategy[Payload]:
    """Payloads for the body (and Norce header) of ``operation_id``: valid ones, ones that
    break exactly one linter rule, and for Ka-ching lint-clean ones naming a stock location
    that cannot exist (prefix ``skuguard-unknown-``), in about equal shares.

    Ka-ching DELETE payloads carry 0 values (ignored by the API) and no adjustment. Bodies
    come in every serialization the operation accepts (Norce: JSON and DataContract XML);
    only rules whose broken payloads can be sent are broken. Raises
    :class:`UnknownKindError` for operations without a request payload (e.g. Unleashed GETs).
    Whether a request is invalid must still be decided by linting what was sent.
    """
    info = operation_payloads().get(operation_id)
    if info is None:
        raise UnknownKindError(
            f"operation {operation_id!r} takes no payload; those that do: "
            f"{', '.join(sorted(operation_payloads()))}"
        )
    known = fixtures or Fixtures()
    valid: st.SearchStrategy[Payload]
    if info.deleting:
        valid = kaching.stock(known, deleting=True)
    else:
        valid = valid_payloads(info.kind, known, content_types=info.content_types)
    codes = breakable_rules(info.kind, sendable_only=True)
    if info.deleting:
        codes = tuple(c for c in codes if not breakers.needs_adjustment_choice(c))
    branches = [valid]
    if info.kind == "kaching.stock":
        branches.append(kaching.stock_to_unknown_location(known, deleting=info.deleting))
    if codes:
        branches.append(
            st.sampled_from(codes).flatmap(
                lambda code: breakers.breaker_or_fail(info.kind, code)(valid, known)
            )
        )
    return st.one_of(*branches)
