"""The JSON Schemas the linter checks payloads against, taken from the specs in ``openapi/``.

Norce items use the item schema of their operation's request body, headers the header
schema of their operation, Ka-ching locations the ``StockImport`` schema, Unleashed rows the
``StockOnHand`` (or ``WarehouseStock``) schema. Validators are built once, with format
validation on, and with the ``int32``/``int64`` ranges added as ``minimum``/``maximum``
(JSON Schema does not enforce those formats on numbers). A property marked
``x-skuguard-format: dotnet-date-time`` (what the vendor's .NET client writes: offset optional,
up to seven fractional digits) is checked by its ``x-skuguard-pattern`` instead of RFC 3339
``format: date-time``.

The prepared components of each spec are kept in :mod:`linter.spec_cache` (keyed by the
spec's digest), and jsonschema-rs is imported only when a validator is first built.
"""

from __future__ import annotations

import copy
import functools
import marshal
from collections.abc import Iterator, Mapping
from typing import Any

from linter.enum_message import enum_message
from linter.spec_cache import cached_value
from linter.specs import Api, spec_digest, spec_view

INT_RANGES: Mapping[str, tuple[int, int]] = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}

KACHING_DOCUMENT = "StockImport"
UNLEASHED_PAGE = "StockOnHandList"
UNLEASHED_ROW = "StockOnHand"
UNLEASHED_WAREHOUSES = "AllWarehousesList"
UNLEASHED_WAREHOUSE_ROW = "WarehouseStock"

DOTNET_DATE_TIME = "dotnet-date-time"
MAX_MESSAGE = 240
MAX_ERRORS_PER_ITEM = 20


def with_int_ranges(node: Any) -> Any:
    """JSON Schema does not enforce ``format: int32``; add the range as minimum/maximum."""
    if isinstance(node, dict):
        result = {k: with_int_ranges(v) for k, v in node.items()}
        bounds = INT_RANGES.get(str(node.get("format")))
        declared = node.get("type")
        types = declared if isinstance(declared, list) else [declared]
        if bounds is not None and "integer" in types:
            low, high = bounds
            result["minimum"] = max(low, result.get("minimum", low))
            result["maximum"] = min(high, result.get("maximum", high))
        return result
    if isinstance(node, list):
        return [with_int_ranges(v) for v in node]
    return node


def with_dotnet_dates(node: Any) -> Any:
    """Replace ``format`` by ``pattern = x-skuguard-pattern`` where the spec marks a property
    ``x-skuguard-format: dotnet-date-time`` (an RFC 3339 value matches that pattern too)."""
    if isinstance(node, dict):
        result = {k: with_dotnet_dates(v) for k, v in node.items()}
        pattern = node.get("x-skuguard-pattern")
        if node.get("x-skuguard-format") == DOTNET_DATE_TIME and isinstance(pattern, str):
            result.pop("format", None)
            result["pattern"] = pattern
        return result
    if isinstance(node, list):
        return [with_dotnet_dates(v) for v in node]
    return node


def prepared(node: Any) -> Any:
    """``node`` as the validators read it: integer ranges added, .NET dates by pattern."""
    return with_dotnet_dates(with_int_ranges(node))


def _prepare_components(api: Api) -> dict[str, Any]:
    components = spec_view(api).get("components", {})
    ready: dict[str, Any] = prepared(copy.deepcopy(dict(components)))
    return ready


@functools.cache
def _components(api: Api) -> dict[str, Any]:
    """The spec's ``components``, :func:`prepared` (shared: callers must not mutate it)."""
    ready: dict[str, Any] = cached_value(
        f"components-{api}", spec_digest(api), lambda: _prepare_components(api)
    )
    return ready


def prepared_component(api: Api, name: str) -> dict[str, Any]:
    """A private copy of ``prepared(component(api, name))``, from the cached components."""
    node: Any = {"$ref": f"#/components/schemas/{name}"}
    root = {"components": _components(api)}
    seen = 0
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and seen < 32:
        target: Any = root
        for token in str(node["$ref"]).lstrip("#/").split("/"):
            target = target.get(token, {}) if isinstance(target, Mapping) else {}
        node = target
        seen += 1
    copied: dict[str, Any] = marshal.loads(marshal.dumps(node)) if isinstance(node, dict) else {}
    return copied


_SCHEMA_REF = "#/components/schemas/"


def _refs(node: Any, found: set[str]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _build_component_refs(api: Api) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, node in _components(api).get("schemas", {}).items():
        refs: set[str] = set()
        _refs(node, refs)
        found[str(name)] = sorted(refs)
    return found


@functools.cache
def _component_refs(api: Api) -> dict[str, list[str]]:
    """Each prepared component schema -> the ``$ref`` values written inside it."""
    table: dict[str, list[str]] = cached_value(
        f"component-refs-{api}", spec_digest(api), lambda: _build_component_refs(api)
    )
    return table


def _reachable(api: Api, roots: tuple[Any, ...]) -> dict[str, Any]:
    """The prepared ``components`` with only the schemas ``roots`` reach through ``$ref``
    (a validator then compiles and indexes no more than it can use); all of them when a
    reference is not a plain ``#/components/schemas/<name>``."""
    components = _components(api)
    available: Mapping[str, Any] = components.get("schemas", {})
    inside = _component_refs(api)
    pending: set[str] = set()
    for root in roots:
        _refs(root, pending)
    kept: set[str] = set()
    done: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in done or not ref.startswith("#/"):
            continue
        done.add(ref)
        if ref.startswith("#/$defs/"):
            continue
        name = ref[len(_SCHEMA_REF) :] if ref.startswith(_SCHEMA_REF) else ""
        if not name or "/" in name or "~" in name or name not in available:
            return components
        kept.add(name)
        pending.update(inside.get(name, ()))
    return {**components, "schemas": {n: s for n, s in available.items() if n in kept}}


def _schema_document(
    api: Api, schema: Mapping[str, Any], defs: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    root = prepared(copy.deepcopy(dict(schema)))
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **root,
        "components": _reachable(api, (root, defs)),
    }
    if defs is not None:
        document["$defs"] = dict(defs)
    return document


def resolve_ref(api: Api, schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow ``$ref`` chains inside the spec of ``api``."""
    seen = 0
    while isinstance(schema.get("$ref"), str) and seen < 32:
        ref = str(schema["$ref"])
        node: Any = spec_view(api)
        for token in ref.lstrip("#/").split("/"):
            node = node.get(token, {}) if isinstance(node, Mapping) else {}
        schema = node if isinstance(node, Mapping) else {}
        seen += 1
    return schema


def component(api: Api, name: str) -> Mapping[str, Any]:
    return resolve_ref(api, {"$ref": f"#/components/schemas/{name}"})


@functools.cache
def _component_document(api: Api, name: str) -> dict[str, Any]:
    """The schema document of ``components/schemas/<name>`` (shared: do not mutate it)."""
    return _schema_document(api, {"$ref": f"#/components/schemas/{name}"})


@functools.cache
def validator(api: Api, name: str) -> Any:
    """A jsonschema-rs validator for ``components/schemas/<name>`` of ``api``."""
    import jsonschema_rs

    _built.add((api, name))
    return jsonschema_rs.validator_for(_component_document(api, name), validate_formats=True)


QUICK_CHECKS = 8
"""Values per schema checked in plain Python before its validator is built regardless (a
few items of a small document; a long run is faster with the validator)."""
_built: set[tuple[str, str]] = set()
_quick_checks: dict[tuple[str, str], int] = {}


def _surely_valid(api: Api, name: str, instance: Any) -> bool:
    """``True`` if :mod:`linter.quick_schema` is sure ``instance`` is valid. It is asked only
    until the validator exists (once one value needed it, it is faster) or for the first
    :data:`QUICK_CHECKS` values, so that a small clean document never loads jsonschema-rs."""
    key = (api, name)
    done = _quick_checks.get(key, 0)
    if key in _built or done >= QUICK_CHECKS:
        return False
    _quick_checks[key] = done + 1
    from linter.quick_schema import verdict

    document = _component_document(api, name)
    return verdict(document, instance, document) is True


def validator_for_document(api: Api, root: Mapping[str, Any], defs: Mapping[str, Any]) -> Any:
    """A jsonschema-rs validator for ``root``, which may refer to the spec's components and to
    ``#/$defs/...`` in ``defs``; built like :func:`validator` (formats on, integer ranges).
    The same schema asked for again (the next document with the same header) is not
    compiled again."""
    import orjson

    try:
        key = orjson.dumps([api, root, defs], option=orjson.OPT_SORT_KEYS)
    except TypeError:  # not plain JSON: compiled as it is, not remembered
        return _compiled(api, root, defs)
    return _remembered(key)


@functools.lru_cache(maxsize=64)
def _remembered(key: bytes) -> Any:
    import orjson

    return _compiled(*orjson.loads(key))


def _compiled(api: Api, root: Mapping[str, Any], defs: Mapping[str, Any]) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(_schema_document(api, root, defs), validate_formats=True)


def _shorten(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _explaining(error: Any) -> Iterator[Any]:
    """``error``, or for a ``oneOf``/``anyOf`` that only one branch could fit (the others want
    another type of value), the errors of that branch: they name the node actually at fault."""
    if type(error.kind).__name__ in ("OneOfNotValid", "AnyOf"):
        branches = getattr(error.kind, "context", None)
        path = list(error.instance_path)
        fitting = [
            branch
            for branch in branches or ()
            if branch
            and not any(
                type(e.kind).__name__ == "Type" and list(e.instance_path) == path for e in branch
            )
        ]
        if len(fitting) == 1:
            for inner in fitting[0]:
                yield from _explaining(inner)
            return
    yield error


def _path_of(error: Any) -> list[Any]:
    """The path to the node at fault; for a property name, the member it names."""
    path = list(error.instance_path)
    if type(error.kind).__name__ == "PropertyNames":
        name = getattr(getattr(error.kind, "error", None), "instance", None)
        if isinstance(name, str):
            path.append(name)
    return path


def schema_findings(api: Api, name: str, instance: Any, base: str) -> Iterator[tuple[str, str]]:
    """``(pointer, message)`` for each way ``instance`` breaks the schema.

    ``base`` prefixes the pointers (the item's place in the document).
    """
    if _surely_valid(api, name, instance):
        return
    checker = validator(api, name)
    if checker.is_valid(instance):
        return
    seen: set[str] = set()
    errors = (inner for error in checker.iter_errors(instance) for inner in _explaining(error))
    for count, error in enumerate(errors):
        if count >= MAX_ERRORS_PER_ITEM:
            break
        pointer = base + "".join(
            "/" + str(t).replace("~", "~0").replace("/", "~1") for t in _path_of(error)
        )
        options = getattr(error.kind, "options", None)
        if type(error.kind).__name__ == "Enum" and isinstance(options, list):
            message = enum_message(api, error.instance, options)
        else:
            message = _shorten(str(error.message))
        if pointer + "\0" + message in seen:
            continue
        seen.add(pointer + "\0" + message)
        yield pointer, f"does not match the {name} schema: {message}"


__all__ = [
    "DOTNET_DATE_TIME",
    "INT_RANGES",
    "KACHING_DOCUMENT",
    "MAX_ERRORS_PER_ITEM",
    "MAX_MESSAGE",
    "UNLEASHED_PAGE",
    "UNLEASHED_ROW",
    "UNLEASHED_WAREHOUSES",
    "UNLEASHED_WAREHOUSE_ROW",
    "component",
    "prepared",
    "prepared_component",
    "resolve_ref",
    "schema_findings",
    "validator",
    "validator_for_document",
    "with_dotnet_dates",
    "with_int_ranges",
]
