"""Navigating the Norce spec: $refs, schema names, enums, and each import's header and body."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from linter.coded_enums import CodedEnum, coded_enum
from linter.norce_model.names import HEADER_KINDS, HEADER_PARAMETER, IMPORT_OPERATIONS
from linter.specs import SpecError, spec_view

_SCHEMA_PREFIX = "#/components/schemas/"
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch"})


def _spec() -> Mapping[str, Any]:
    return spec_view("norce")


def resolve_node(node: Any) -> Any:
    """Follow local ``$ref`` pointers until a node without one."""
    for _ in range(32):
        if not isinstance(node, Mapping) or "$ref" not in node:
            return node
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise SpecError(f"norce spec: unsupported $ref {ref!r}")
        target: Any = _spec()
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                raise SpecError(f"norce spec: $ref {ref} does not resolve")
            target = target[part]
        node = target
    raise SpecError("norce spec: $ref chain too long")


def schema_name_of(node: Any) -> str | None:
    """The components/schemas name a node refers to, looking through anyOf/oneOf/allOf."""
    if not isinstance(node, Mapping):
        return None
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_SCHEMA_PREFIX):
        return ref[len(_SCHEMA_PREFIX) :]
    for combinator in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(combinator, ()):
            name = schema_name_of(branch)
            if name is not None:
                return name
    return None


def component_schemas() -> Mapping[str, Any]:
    found: Mapping[str, Any] = _spec().get("components", {}).get("schemas", {})
    return found


def find_enum(node: Any, depth: int = 0) -> CodedEnum | None:
    """The coded enum a property or list item refers to, through refs and combinators."""
    if depth > 8 or not isinstance(node, Mapping):
        return None
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_SCHEMA_PREFIX):
        name = ref[len(_SCHEMA_PREFIX) :]
        target = component_schemas().get(name)
        if isinstance(target, Mapping) and "x-enum-names" in target:
            return coded_enum("norce", name)
        return find_enum(target, depth + 1)
    for combinator in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(combinator, ()):
            found = find_enum(branch, depth + 1)
            if found is not None:
                return found
    return None


def accepts_strings(node: Any, depth: int = 0) -> bool:
    node = resolve_node(node)
    if depth > 8 or not isinstance(node, Mapping):
        return False
    kind = node.get("type")
    if kind == "string" or (isinstance(kind, list) and "string" in kind):
        return True
    return any(
        accepts_strings(branch, depth + 1)
        for combinator in ("anyOf", "oneOf")
        for branch in node.get(combinator, ())
    )


def _operations() -> Iterator[tuple[str, Mapping[str, Any], list[Any]]]:
    for path, item in _spec().get("paths", {}).items():
        if not isinstance(item, Mapping):
            continue
        shared = list(item.get("parameters", ()))
        for method, operation in item.items():
            if method in _HTTP_METHODS and isinstance(operation, Mapping):
                yield str(path), operation, shared + list(operation.get("parameters", ()))


@functools.cache
def _operation(kind: str) -> tuple[Mapping[str, Any], list[Any]]:
    try:
        wanted = IMPORT_OPERATIONS[kind]
    except KeyError:
        raise SpecError(f"{kind!r} is not a Norce body kind") from None
    for path, operation, parameters in _operations():
        if operation.get("operationId") == wanted or path.rstrip("/").endswith("/" + wanted):
            return operation, parameters
    raise SpecError(f"norce spec has no operation {wanted}")


@functools.cache
def header_schema_for_body(kind: str) -> str:
    """The header schema (e.g. ``ProductHeader``) the import operation of ``kind`` declares."""
    _, parameters = _operation(kind)
    for parameter in parameters:
        parameter = resolve_node(parameter)
        if not isinstance(parameter, Mapping) or parameter.get("name") != HEADER_PARAMETER:
            continue
        candidates = [parameter.get("schema")]
        candidates += [media.get("schema") for media in parameter.get("content", {}).values()]
        for candidate in candidates:
            name = schema_name_of(candidate)
            if name is not None:
                return name
    raise SpecError(f"norce spec: {IMPORT_OPERATIONS[kind]} declares no {HEADER_PARAMETER} schema")


def header_kind_for_body(kind: str) -> str:
    """The short header kind (``product``, ``onhand``, ``price``, ``relation``) for a body kind."""
    return HEADER_KINDS[header_schema_for_body(kind)]


@functools.cache
def header_schema_of_kind(header_kind: str) -> str:
    for schema_name, short in HEADER_KINDS.items():
        if short == header_kind:
            return schema_name
    raise SpecError(f"unknown Norce header kind {header_kind!r}")


@functools.cache
def body_item_schema(kind: str) -> str:
    """The schema of one element of the request body array of ``kind`` (e.g. ``Product``)."""
    operation, _ = _operation(kind)
    body = resolve_node(operation.get("requestBody", {}))
    for media in body.get("content", {}).values():
        array = resolve_node(media.get("schema", {}))
        name = schema_name_of(array.get("items", {})) if isinstance(array, Mapping) else None
        if name is not None:
            return name
    raise SpecError(f"norce spec: {IMPORT_OPERATIONS[kind]} has no array-of-$ref request body")


# --- Headers -----------------------------------------------------------------------
