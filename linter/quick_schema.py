"""A conservative JSON Schema check in plain Python: surely valid, surely not, or unsure.

Most documents a developer commits are small and clean, and loading jsonschema-rs and
compiling a validator costs more than reading them. :func:`verdict` answers ``True`` only
when every keyword on the way says so in the plain form the specs use; a keyword it does not
know, a value jsonschema-rs might read differently (a float where an integer is wanted, an
integer beyond 64 bits, a string with a line break under a pattern) or a ``format`` on a
string is "unsure" (``None``). Callers skip the validator on ``True`` only, so messages and
positions always come from jsonschema-rs.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

Verdict = bool | None

MAX_DEPTH = 96
"""Deeper schema recursion is "unsure" (a ``$ref`` loop that consumes no value)."""
_INT_LOW, _INT_HIGH = -(2**63), 2**64 - 1
_LINE_BREAKS = frozenset("\n\r\u2028\u2029")
_IGNORED = frozenset(
    {"$schema", "$comment", "$id", "components", "$defs", "title", "description", "default"}
    | {"deprecated", "example", "examples", "readOnly", "writeOnly", "xml", "externalDocs"}
)
"""Annotations, containers and OpenAPI's own words: jsonschema-rs validates none of them."""
_PLAIN = (dict, list, str, int, float, bool, type(None))
_SIMPLE_TYPES = {"string": str, "boolean": bool, "null": type(None), "object": dict, "array": list}
_SAFE_ESCAPES = frozenset(".-[](){}\\/+*?|^$")
_UNSAFE_PATTERN = r"\(\?(?!:)|\{,|[*+?}]\+"
"""Lookarounds, flags, named and atomic groups (``(?:`` is safe); ``{,n}`` and possessive
quantifiers, which Python reads and ECMA-262 does not."""

Check = Callable[[Any, Any, Mapping[str, Any], Any, int], Verdict]


def verdict(schema: Any, instance: Any, root: Any, depth: int = 0) -> Verdict:
    """Whether ``instance`` matches ``schema`` (``$ref`` resolved in ``root``), or ``None``."""
    if schema is True:
        return True
    if schema is False:
        return False
    if type(schema) is not dict or depth > MAX_DEPTH or type(instance) not in _PLAIN:
        return None
    return _all(_keyword_verdicts(schema, instance, root, depth))


def _keyword_verdicts(
    schema: dict[str, Any], instance: Any, root: Any, depth: int
) -> Iterator[Verdict]:
    for key, value in schema.items():
        check = _KEYWORDS.get(key)
        if check is not None:
            yield check(value, instance, schema, root, depth)
        elif key not in _IGNORED and not key.startswith("x-"):
            yield None  # a keyword this module does not know


def _all(verdicts: Any) -> Verdict:
    result: Verdict = True
    for answer in verdicts:
        if answer is False:
            return False
        if answer is None:
            result = None
    return result


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _number_known(value: Any) -> bool:
    """A number jsonschema-rs surely reads as this process does."""
    if type(value) is int:
        return _INT_LOW <= value <= _INT_HIGH
    return type(value) is float and math.isfinite(value)


def _one_type(name: Any, value: Any) -> Verdict:
    kind = type(value)
    if name == "integer":
        if kind is int:
            return True if _number_known(value) else None
        if kind is float:
            return False if not value.is_integer() else None
        return False
    if name == "number":
        if kind in (int, float):
            return True if _number_known(value) else None
        return False
    expected = _SIMPLE_TYPES.get(name) if isinstance(name, str) else None
    return None if expected is None else kind is expected


def _type(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    names = rule if type(rule) is list else [rule]
    answers = [_one_type(name, value) for name in names]
    if True in answers:
        return True
    return None if None in answers else False


def _equal(expected: Any, value: Any) -> Verdict:
    if type(expected) is type(value) and type(value) in (str, bool, int, type(None)):
        return bool(expected == value)
    if _is_number(expected) and _is_number(value):
        return None
    if type(expected) in (dict, list) or type(value) in (dict, list):
        return None if type(expected) is type(value) else False
    return False


def _enum(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(rule) is not list:
        return None
    answers = [_equal(option, value) for option in rule]
    if True in answers:
        return True
    return None if None in answers else False


def _const(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    return _equal(rule, value)


@functools.lru_cache(maxsize=256)
def _pattern_of(pattern: str) -> re.Pattern[str] | None:
    """``pattern`` compiled, if Python's ``re`` surely reads it as an ECMA-262 engine does."""
    if re.search(_UNSAFE_PATTERN, pattern):
        return None
    escaped = False
    for char in pattern:
        if escaped:
            if char not in _SAFE_ESCAPES:
                return None
            escaped = False
        elif char == "\\":
            escaped = True
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a possible nested set: Python may read it apart
        try:
            return re.compile(pattern)
        except (re.error, Warning):
            return None


def _pattern(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(value) is not str:
        return True
    compiled = _pattern_of(rule) if isinstance(rule, str) else None
    if compiled is None or not _LINE_BREAKS.isdisjoint(value):
        return None
    return compiled.search(value) is not None


_PLAIN_URL = (
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"
    r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?"
    r"(?:\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?"
)
"""An http(s) URL with a plain host and no port, user or fragment: a URI to any reader."""
_PLAIN_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_PLAIN_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"


def _date(value: str) -> Verdict:
    import datetime

    found = re.fullmatch(_PLAIN_DATE, value)
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return True


_FORMATS: dict[str, Callable[[str], Verdict]] = {
    "uri": lambda value: True if re.fullmatch(_PLAIN_URL, value) else None,
    "uuid": lambda value: True if re.fullmatch(_PLAIN_UUID, value) else None,
    "date": _date,
}
"""The formats a string can surely be said to meet; any other (or a doubt) is "unsure"."""


def _format(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(value) is not str:
        return True
    check = _FORMATS.get(rule) if isinstance(rule, str) else None
    return None if check is None else check(value)


def _bound(test: Callable[[Any, Any], bool], applies: Callable[[Any], bool]) -> Check:
    def check(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
        if not applies(value):
            return True
        if not _number_known(rule) or (_is_number(value) and not _number_known(value)):
            return None
        return test(_size(value), rule)

    return check


def _size(value: Any) -> Any:
    return len(value) if type(value) in (str, list, dict) else value


def _required(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(value) is not dict:
        return True
    return None if type(rule) is not list else all(name in value for name in rule)


def _properties(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(value) is not dict:
        return True
    if type(rule) is not dict:
        return None
    return _all(verdict(rule[k], v, root, depth + 1) for k, v in value.items() if k in rule)


def _additional(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(value) is not dict:
        return True
    if "patternProperties" in schema:
        return None
    named = schema.get("properties", {})
    return _all(verdict(rule, v, root, depth + 1) for k, v in value.items() if k not in named)


def _names(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(value) is not dict:
        return True
    return _all(verdict(rule, key, root, depth + 1) for key in value)


def _items(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(value) is not list:
        return True
    if type(rule) not in (dict, bool):
        return None
    return _all(verdict(rule, element, root, depth + 1) for element in value)


def _any_of(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(rule) is not list:
        return None
    answers = [verdict(branch, value, root, depth + 1) for branch in rule]
    if True in answers:
        return True
    return None if None in answers else False


def _one_of(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(rule) is not list:
        return None
    answers = [verdict(branch, value, root, depth + 1) for branch in rule]
    matched = answers.count(True)
    if matched > 1:
        return False
    if None in answers:
        return None
    return matched == 1


def _all_of(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if type(rule) is not list:
        return None
    return _all(verdict(branch, value, root, depth + 1) for branch in rule)


def _not(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    answer = verdict(rule, value, root, depth + 1)
    return None if answer is None else not answer


def _ref(rule: Any, value: Any, schema: Mapping[str, Any], root: Any, depth: int) -> Verdict:
    if not isinstance(rule, str) or not rule.startswith("#"):
        return None
    target: Any = root
    for token in rule[1:].lstrip("/").split("/") if rule != "#" else ():
        token = token.replace("~1", "/").replace("~0", "~")
        if type(target) is not dict or token not in target:
            return None
        target = target[token]
    return verdict(target, value, root, depth + 1)


def _is_text(value: Any) -> bool:
    return type(value) is str


def _is_list(value: Any) -> bool:
    return type(value) is list


def _is_object(value: Any) -> bool:
    return type(value) is dict


_KEYWORDS: dict[str, Check] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "minimum": _bound(lambda v, r: v >= r, _is_number),
    "maximum": _bound(lambda v, r: v <= r, _is_number),
    "exclusiveMinimum": _bound(lambda v, r: v > r, _is_number),
    "exclusiveMaximum": _bound(lambda v, r: v < r, _is_number),
    "minLength": _bound(lambda v, r: v >= r, _is_text),
    "maxLength": _bound(lambda v, r: v <= r, _is_text),
    "minItems": _bound(lambda v, r: v >= r, _is_list),
    "maxItems": _bound(lambda v, r: v <= r, _is_list),
    "minProperties": _bound(lambda v, r: v >= r, _is_object),
    "maxProperties": _bound(lambda v, r: v <= r, _is_object),
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "propertyNames": _names,
    "items": _items,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "allOf": _all_of,
    "not": _not,
    "$ref": _ref,
}

__all__ = ["MAX_DEPTH", "Verdict", "verdict"]
