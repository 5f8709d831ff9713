"""Request validation driven by the specs in ``openapi/``: no second, hand-written schema.

Each operation's request body schema and parameters are read from the spec through
:mod:`linter.specs` and compiled into JSON Schema 2020-12 validators that resolve
``$ref`` against the whole spec document.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import referencing
import referencing.jsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from contracts.sandbox.errors import ApiError
from linter import specs
from linter.schemas import prepared

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@functools.cache
def _registry(api: specs.Api) -> tuple[str, referencing.Registry[Any]]:
    uri = f"urn:skuguard:spec:{api}"
    resource = referencing.Resource.from_contents(
        prepared(specs.spec_view(api)),
        default_specification=referencing.jsonschema.DRAFT202012,
    )
    return uri, referencing.Registry().with_resource(uri, resource)


@functools.cache
def validator_at(api: specs.Api, pointer: str) -> Draft202012Validator:
    """A validator for the schema found at ``pointer`` (a JSON Pointer) in the spec."""
    uri, registry = _registry(api)
    return Draft202012Validator(
        {"$ref": f"{uri}#{pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _resolve(api: specs.Api, node: Any) -> Any:
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node and seen < 32:
        ref = str(node["$ref"])
        if not ref.startswith("#/"):
            return node
        target: Any = specs.spec_view(api)
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
    return node


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    pointer: str
    style: str | None
    explode: bool | None


@dataclass(frozen=True)
class Operation:
    """One operation of a spec; ``template`` may be an ``x-skuguard-alias-paths`` entry of
    ``spec_template``, in which case it shares that path's parameters and schemas."""

    api: specs.Api
    template: str
    method: str
    pointer: str
    node: Mapping[str, Any]
    spec_template: str

    @functools.cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        found: dict[tuple[str, str], Parameter] = {}
        path_node = specs.spec_view(self.api)["paths"][self.spec_template]
        groups = (
            (path_node.get("parameters", []), f"/paths/{_escape(self.spec_template)}/parameters"),
            (self.node.get("parameters", []), f"{self.pointer}/parameters"),
        )
        for params, base in groups:
            for index, raw in enumerate(params):
                param = _resolve(self.api, raw)
                pointer = f"{base}/{index}"
                if "$ref" in raw and str(raw["$ref"]).startswith("#/"):
                    pointer = str(raw["$ref"])[1:]
                schema_pointer = f"{pointer}/schema"
                schema = param.get("schema")
                if schema is None and "content" in param:
                    media = next(iter(param["content"]))
                    schema = param["content"][media].get("schema", {})
                    schema_pointer = f"{pointer}/content/{_escape(media)}/schema"
                found[(param["name"], param["in"])] = Parameter(
                    name=str(param["name"]),
                    location=str(param["in"]),
                    required=bool(param.get("required", False)),
                    schema=_resolve(self.api, schema or {}),
                    pointer=schema_pointer,
                    style=param.get("style"),
                    explode=param.get("explode"),
                )
        return tuple(found.values())

    def body_media_types(self) -> tuple[str, ...]:
        body = _resolve(self.api, self.node.get("requestBody", {}))
        return tuple(body.get("content", {}))

    def validate_body(self, value: Any, media: str = "application/json") -> list[str]:
        """Messages naming the JSON Pointer and the cause of each schema violation."""
        body = _resolve(self.api, self.node.get("requestBody", {}))
        if media not in body.get("content", {}):
            return []
        body_pointer = f"{self.pointer}/requestBody"
        raw_body = self.node.get("requestBody", {})
        if "$ref" in raw_body:
            body_pointer = str(raw_body["$ref"])[1:]
        validator = validator_at(self.api, f"{body_pointer}/content/{_escape(media)}/schema")
        return [_describe(err) for err in _sorted_errors(validator, value)]

    def validate_parameter(self, param: Parameter, value: Any) -> list[str]:
        validator = validator_at(self.api, param.pointer)
        return [
            _describe(err, f"{param.location} parameter {param.name}")
            for err in _sorted_errors(validator, value)
        ]


def _sorted_errors(validator: Draft202012Validator, value: Any) -> list[ValidationError]:
    errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
    return errors[:20]


def _describe(error: ValidationError, place: str = "body") -> str:
    pointer = "".join(f"/{_escape(str(p))}" for p in error.absolute_path)
    where = f"{place}{' at ' + pointer if pointer else ''}"
    return f"{where}: {_short(error.message)}"


def _short(message: str) -> str:
    return message if len(message) <= 300 else message[:297] + "..."


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    pattern = "".join(
        f"(?P<{p[1:-1].replace('-', '_')}>[^/]+)" if p.startswith("{") else re.escape(p)
        for p in parts
    )
    return re.compile(pattern + "$")


@functools.cache
def _operations(api: specs.Api) -> tuple[Operation, ...]:
    found: list[Operation] = []
    for template, path_node in specs.spec_view(api).get("paths", {}).items():
        for method in HTTP_METHODS:
            if method not in path_node:
                continue
            node = path_node[method]
            for alias in (template, *node.get("x-skuguard-alias-paths", ())):
                found.append(
                    Operation(
                        api=api,
                        template=str(alias),
                        method=method,
                        pointer=f"/paths/{_escape(str(template))}/{method}",
                        node=node,
                        spec_template=str(template),
                    )
                )
    return tuple(found)


def find_operation(
    api: specs.Api, method: str, path: str, prefer: Sequence[str] = ()
) -> tuple[Operation, dict[str, str]]:
    """The spec operation serving ``path`` (relative to the API's mount point).

    ``path`` may carry leading segments the spec keeps in its server URL; they are dropped
    one by one until a template matches. Among several matching templates, one whose path
    parameters validate wins; ``prefer`` breaks remaining ties by template.
    """
    segments = path.split("/")
    for start in range(1, len(segments)):
        candidate = "/" + "/".join(segments[start:])
        matches: list[tuple[Operation, dict[str, str]]] = []
        for op in _operations(api):
            if op.method != method.lower():
                continue
            match = _template_regex(op.template).match(candidate)
            if match and _path_params_valid(op, match.groupdict()):
                matches.append((op, {k: v for k, v in match.groupdict().items()}))
        if matches:
            matches.sort(key=lambda m: (m[0].template not in prefer, m[0].template))
            return matches[0]
    raise LookupError(f"{api} spec has no {method.upper()} operation for {path}")


def _path_params_valid(op: Operation, values: Mapping[str, str]) -> bool:
    by_name = {p.name.replace("-", "_"): p for p in op.parameters if p.location == "path"}
    for name, raw in values.items():
        param = by_name.get(name)
        if param is None:
            continue
        try:
            value = coerce(raw, param.schema)
        except ValueError:
            return False
        if op.validate_parameter(param, value):
            return False
        fmt = param.schema.get("format")
        if fmt == "uuid" and not _UUID.match(raw):
            return False
    return True


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _types(schema: Mapping[str, Any]) -> set[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {str(t) for t in declared}
    found: set[str] = set()
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            if isinstance(sub, Mapping):
                found |= _types(sub)
    return found


def coerce(raw: str, schema: Mapping[str, Any]) -> Any:
    """Turn a query or path string into the type its schema declares (``ValueError`` if not)."""
    kinds = _types(schema)
    if "array" in kinds:
        items = schema.get("items", {})
        return [coerce(part.strip(), items) for part in raw.split(",")] if raw else []
    if "integer" in kinds:
        if re.fullmatch(r"[+-]?\d+", raw.strip()):
            return int(raw)
        if "string" not in kinds:
            raise ValueError(f"{raw!r} is not an integer")
    if "number" in kinds:
        try:
            number = float(raw)
        except ValueError:
            if "string" not in kinds:
                raise ValueError(f"{raw!r} is not a number") from None
        else:
            if math.isfinite(number):
                return number
            if "string" not in kinds:
                raise ValueError(f"{raw!r} is not a finite number") from None
    if "boolean" in kinds:
        lowered = raw.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        if "string" not in kinds:
            raise ValueError(f"{raw!r} is not true or false")
    return raw


def query_values(
    op: Operation, query: Sequence[tuple[str, str]], *, case_insensitive: bool = True
) -> dict[str, Any]:
    """Validate the query parameters the spec declares and return them, typed, by spec name.

    Unknown parameters are ignored (as the real services do). Names match case-insensitively
    when ``case_insensitive`` (clients send both ``pageSize`` and ``PageSize``).
    """
    declared = {
        (p.name.lower() if case_insensitive else p.name): p
        for p in op.parameters
        if p.location == "query"
    }
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, raw in query:
        param = declared.get(name.lower() if case_insensitive else name)
        if param is None:
            continue
        try:
            value = coerce(raw, param.schema)
        except ValueError as exc:
            problems.append(f"query parameter {param.name}: {exc}")
            continue
        problems.extend(op.validate_parameter(param, value))
        values[param.name] = value
    for param in declared.values():
        if param.required and param.name not in values:
            problems.append(f"query parameter {param.name} is required")
    if problems:
        raise ApiError(400, "; ".join(problems[:5]), extra={"Errors": problems[:20]})
    return values
