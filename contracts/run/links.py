"""Values the target is known to hold, harvested from responses through the spec's links."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from contracts.checks.context import Exchange
from contracts.run.generation import KnownValues, resolve_ref

_BODY_PREFIX = "$response.body#"


def _pointer_values(document: Any, pointer: str) -> Iterator[Any]:
    """Values at a JSON pointer; an array index 0 stands for every element of that array."""
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]

    def walk(node: Any, index: int) -> Iterator[Any]:
        if index == len(parts):
            yield node
            return
        part = parts[index]
        if isinstance(node, list) and part.isdigit():
            items = node if part == "0" else node[int(part) : int(part) + 1]
            for item in items:
                yield from walk(item, index + 1)
        elif isinstance(node, Mapping) and part in node:
            yield from walk(node[part], index + 1)

    yield from walk(document, 0)


def links_by_status(spec: Mapping[str, Any], operation: Any) -> dict[str, list[Mapping[str, Any]]]:
    responses = resolve_ref(spec, operation.definition.raw.get("responses", {}))
    found: dict[str, list[Mapping[str, Any]]] = {}
    for status, response in responses.items():
        links = resolve_ref(spec, response).get("links", {})
        found[str(status)] = [resolve_ref(spec, link) for link in links.values()]
    return found


def link_targets(spec: Mapping[str, Any], operations: list[Any]) -> set[str]:
    """operationIds that some link feeds: they run after the operations that feed them."""
    targets: set[str] = set()
    for operation in operations:
        for links in links_by_status(spec, operation).values():
            targets |= {str(link.get("operationId")) for link in links if link.get("operationId")}
    return targets


class Harvester:
    """Learns from accepted exchanges: link parameters, and bodies a POST created (which a
    DELETE on the same path can then remove)."""

    def __init__(self, spec: Mapping[str, Any], operation: Any, known: KnownValues) -> None:
        self._links = links_by_status(spec, operation)
        self._known = known
        self._path = operation.path
        self._creates = operation.method.upper() == "POST" and any(
            method.lower() == "delete" for method in spec["paths"].get(operation.path, {})
        )

    def __call__(self, exchange: Exchange) -> None:
        if self._creates and exchange.request.content:
            with contextlib.suppress(ValueError):
                self._known.add_body(self._path, json.loads(exchange.request.content))
        self._harvest_links(exchange)

    def _harvest_links(self, exchange: Exchange) -> None:
        links = self._links.get(str(exchange.response.status_code), [])
        if not links:
            return
        try:
            body = json.loads(exchange.response.content)
        except ValueError:
            return
        for link in links:
            target = str(link.get("operationId", ""))
            for parameter, expression in dict(link.get("parameters", {})).items():
                if isinstance(expression, str) and expression.startswith(_BODY_PREFIX):
                    for value in _pointer_values(body, expression[len(_BODY_PREFIX) :]):
                        self._known.add(target, str(parameter), value)
