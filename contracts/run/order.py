"""The order of a group's operations: the cheapest to generate first.

A run stops at the first violation under ``--exitfirst``, and any run reports an operation
as soon as it finishes; so operations whose requests are small (and so quick to generate,
send and check) go before those with much larger bodies. The size of an operation is the
number of nodes of its request schema (parameters and body, local ``$ref``s expanded once
per path), a property of the spec alone, in powers of two: operations of the same power
keep the spec's order. A DELETE always comes after the other operations on its path, since
it removes what they created.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from contracts.run.generation import resolve_ref

# Nodes counted at most per operation; every schema of the specs is far smaller.
MAX_NODES = 100_000


def schema_size(spec: Mapping[str, Any], node: Any) -> int:
    """Nodes of ``node`` with local references expanded (each once along a path)."""
    count = 0
    stack: list[tuple[Any, frozenset[str]]] = [(node, frozenset())]
    while stack and count < MAX_NODES:
        current, seen = stack.pop()
        count += 1
        if isinstance(current, Mapping):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                if ref not in seen:
                    stack.append((resolve_ref(spec, {"$ref": ref}), seen | {ref}))
                continue
            stack.extend((value, seen) for value in current.values())
        elif isinstance(current, list):
            stack.extend((value, seen) for value in current)
    return count


def request_size(operation: Any) -> int:
    """The size of what a request of ``operation`` carries: its parameters and its body."""
    spec = operation.schema.raw_schema
    raw = operation.definition.raw
    return schema_size(spec, [raw.get("parameters", []), raw.get("requestBody", {})])


def cheapest_first(operations: Sequence[Any]) -> list[Any]:
    """``operations`` by request size class (powers of two), ties in the given order."""
    classes = {id(operation): request_size(operation).bit_length() for operation in operations}
    ordered = sorted(operations, key=lambda operation: classes[id(operation)])
    for operation in [op for op in ordered if op.method.upper() == "DELETE"]:
        same_path = [i for i, op in enumerate(ordered) if op.path == operation.path]
        ordered.remove(operation)
        ordered.insert(max(same_path), operation)
    return ordered
