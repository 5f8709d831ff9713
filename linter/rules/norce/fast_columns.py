"""A run of flat rows judged column by column against the fast path's schema, in Python.

jsonschema-rs costs more per row than parsing it. Rows of an export mostly carry the same keys
with scalar values, so :func:`column_check` compiles the row schema (the item's ``$def`` from
:mod:`linter.rules.norce.fast_schema`) into checks of whole columns (the set of types in a
column, its least and greatest number, a membership test per value where needed).

The compiled check is conservative: ``True`` only if jsonschema-rs would accept every row;
on ``False`` (rows of differing keys, a keyword it does not know, a value in doubt) the caller
asks jsonschema-rs. Keywords it cannot judge exactly refuse the values they apply to: a
``pattern`` other than the two the rules use (or a ``format``) refuses every string,
``items`` every array, a ``$ref`` it cannot follow any value at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from linter.rules.norce.fast_schema import NOT_BLANK
from linter.rules.norce.values import CULTURE_PATTERN

__all__ = ["column_check"]

RowsCheck = Callable[[list[Any]], bool]
_Value = Callable[[Any], bool]

_TYPES: Mapping[str, frozenset[type]] = {
    "string": frozenset({str}),
    "number": frozenset({int, float}),
    "integer": frozenset({int}),  # stricter than JSON Schema (1.0 is an integer there)
    "boolean": frozenset({bool}),
    "null": frozenset({type(None)}),
    "array": frozenset({list}),
    "object": frozenset({dict}),
}
_EXACT_TYPES = frozenset(_TYPES) - {"integer"}
_NUMBERS = frozenset({int, float})
_ANNOTATIONS = frozenset(
    {"description", "title", "deprecated", "default", "examples", "$comment", "readOnly"}
)
_CONTAINER_KEYWORDS = frozenset(
    {
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "minProperties",
        "maxProperties",
    }
)
_STRING_KEYWORDS = frozenset({"format", "minLength", "maxLength"})
_ANY = frozenset().union(*_TYPES.values())
_CULTURE = re.compile(CULTURE_PATTERN)
_MAX_REFS = 16
_DEFS = "#/$defs/"


class _UnsupportedError(Exception):
    """A schema the compiler cannot judge exactly (the caller then asks jsonschema-rs)."""


def _never(value: Any) -> bool:
    return False


def _not_blank(value: Any) -> bool:
    return type(value) is not str or bool(value.strip())


def _culture(value: Any) -> bool:
    return type(value) is not str or _CULTURE.fullmatch(value) is not None


_PATTERNS: Mapping[str, _Value] = {NOT_BLANK: _not_blank, CULTURE_PATTERN: _culture}
"""The rules' patterns with their Python twins (tests check each pair agrees)."""


def _exact_equal(expected: Any) -> _Value:
    """JSON equality with a scalar (numbers by value, booleans apart from numbers)."""
    if expected is None:
        return lambda value: value is None
    kind = type(expected)
    if kind is bool:
        return lambda value: type(value) is bool and value is expected
    if kind is int or kind is float:
        return lambda value: type(value) in _NUMBERS and value == expected
    if kind is str:
        return lambda value: type(value) is str and value == expected
    raise _UnsupportedError


@dataclass
class _Column:
    """What one property's schemas ask of its values."""

    resolve: Callable[[str], Any]
    types: frozenset[type] | None = None
    minimum: list[Any] = field(default_factory=list)
    maximum: list[Any] = field(default_factory=list)
    values: list[_Value] = field(default_factory=list)
    string_values: list[_Value] = field(default_factory=list)
    """Tests that can refuse only strings (run only when the column holds strings)."""

    def add(self, schema: Any, depth: int = 0) -> None:
        if schema is True:
            return
        if not isinstance(schema, Mapping) or depth > _MAX_REFS:
            self.values.append(_never)
            return
        for key, arg in schema.items():
            if key == "$ref":
                try:
                    self.add(self.resolve(arg), depth + 1)
                except (KeyError, TypeError, ValueError):
                    self.values.append(_never)
            else:
                self._keyword(key, arg, schema)

    def _keyword(self, key: str, arg: Any, schema: Mapping[str, Any]) -> None:
        if key in _ANNOTATIONS or key.startswith("x-") or key == "then":
            return
        if key == "type":
            names = [arg] if isinstance(arg, str) else arg
            found = frozenset().union(*(_TYPES.get(name, frozenset()) for name in names))
            self.types = found if self.types is None else self.types & found
        elif key == "minimum" and type(arg) in _NUMBERS:
            self.minimum.append(arg)
        elif key == "maximum" and type(arg) in _NUMBERS:
            self.maximum.append(arg)
        elif key == "allOf" and isinstance(arg, list):
            for sub in arg:
                self.add(sub)
        elif (key == "pattern" and arg not in _PATTERNS) or key in _STRING_KEYWORDS:
            self._exclude({str})
        elif key == "pattern":
            self.string_values.append(_PATTERNS[arg])
        elif key == "not" and _type_test(arg) is not None:
            self._exclude(set(_type_test(arg) or ()))
        elif key in _CONTAINER_KEYWORDS:
            self._exclude({list, dict})
        else:
            self.values.append(self._value_keyword(key, arg, schema))

    def _exclude(self, kinds: set[type]) -> None:
        """Refuse the values of ``kinds`` (a keyword that applies to them is not judged)."""
        self.types = (self.types if self.types is not None else _ANY) - kinds

    def _value_keyword(self, key: str, arg: Any, schema: Mapping[str, Any]) -> _Value:
        try:
            if key == "const":
                return _exact_equal(arg)
            if key == "enum" and isinstance(arg, list):
                tests = [_exact_equal(option) for option in arg]
                strings = frozenset(option for option in arg if type(option) is str)
                if len(strings) == len(arg):
                    return lambda value: type(value) is str and value in strings
                return lambda value: any(test(value) for test in tests)
            if key == "anyOf" and isinstance(arg, list):
                options = [_value_check(sub, self.resolve) for sub in arg]
                return lambda value: any(option(value) for option in options)
            if key == "not":
                inner = _exact_value_check(arg)
                return lambda value: not inner(value)
            if key == "if":
                condition = _exact_value_check(arg)
                then = _value_check(schema.get("then", True), self.resolve)
                return lambda value: not condition(value) or then(value)
        except _UnsupportedError:
            return _never
        return _never

    def value_check(self) -> _Value:
        """The same test for one value."""
        column = self.column_check()
        return lambda value: column([value])

    def column_check(self) -> RowsCheck:
        types, values, string_values = self.types, tuple(self.values), tuple(self.string_values)
        low = max(self.minimum) if self.minimum else None
        high = min(self.maximum) if self.maximum else None

        def check(column: list[Any]) -> bool:
            present = set(map(type, column))
            if types is not None and not present <= types:
                return False
            if (low is not None or high is not None) and present & _NUMBERS:
                numbers = (
                    column
                    if present <= _NUMBERS
                    else [v for v in column if type(v) is int or type(v) is float]
                )
                if low is not None and min(numbers) < low:
                    return False
                if high is not None and max(numbers) > high:
                    return False
            if string_values and str in present:
                strings = [value for value in column if type(value) is str]
                if not all(all(map(test, strings)) for test in string_values):
                    return False
            if not values:
                return True
            try:  # each distinct value once (by type too: 1, 1.0 and True stay apart)
                distinct = [value for _, value in set(zip(map(type, column), column, strict=True))]
            except TypeError:  # an array or object among them
                distinct = column
            return all(all(map(test, distinct)) for test in values)

        return check


def _value_check(schema: Any, resolve: Callable[[str], Any]) -> _Value:
    column = _Column(resolve)
    column.add(schema)
    return column.value_check()


def _type_test(schema: Any) -> frozenset[type] | None:
    """The Python types of ``{"type": T}`` when that is exactly a type test, else ``None``."""
    if isinstance(schema, Mapping) and len(schema) == 1:
        arg = schema.get("type")
        if isinstance(arg, str) and arg in _EXACT_TYPES:
            return _TYPES[arg]
    return None


def _exact_value_check(schema: Any) -> _Value:
    """A test that is exactly the schema's (``not`` and ``if`` need one): few forms."""
    if not isinstance(schema, dict) or len(schema) != 1:
        raise _UnsupportedError
    ((key, arg),) = schema.items()
    if key == "type" and isinstance(arg, str) and arg in _EXACT_TYPES:
        kinds = _TYPES[arg]
        return lambda value: type(value) in kinds
    if key == "const":
        return _exact_equal(arg)
    raise _UnsupportedError


@dataclass
class _Rows:
    """What the row schema asks of the rows as objects."""

    resolve: Callable[[str], Any]
    columns: dict[str, _Column] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    allowed: frozenset[str] | None = None
    """With ``additionalProperties: false``: the keys its own schema's ``properties`` name."""
    null_or_absent: set[str] = field(default_factory=set)

    def add(self, schema: Any) -> None:
        if not isinstance(schema, dict):
            raise _UnsupportedError
        for key, arg in schema.items():
            if key in _ANNOTATIONS or key.startswith("x-"):
                continue
            if key == "type":
                if arg != "object" and not (isinstance(arg, list) and "object" in arg):
                    raise _UnsupportedError
            elif key == "required":
                self.required.update(arg)
            elif key == "properties":
                for prop, sub in arg.items():
                    self.columns.setdefault(prop, _Column(self.resolve)).add(sub)
            elif key == "additionalProperties":
                if arg is False:
                    own = frozenset(schema.get("properties", {}))
                    self.allowed = own if self.allowed is None else self.allowed & own
                elif arg is not True:
                    raise _UnsupportedError
            elif key == "allOf":
                for sub in arg:
                    self.add(sub)
            elif key == "if" and set(schema) >= {"if", "then"}:
                self.null_or_absent.add(_presence_of(arg))
            elif key != "then":
                raise _UnsupportedError

    def check(self, shared: dict[str, list[Any]]) -> RowsCheck:
        columns = {prop: column.column_check() for prop, column in self.columns.items()}
        required, allowed = frozenset(self.required), self.allowed
        null_or_absent = frozenset(self.null_or_absent)
        known = frozenset(columns)

        def check(rows: list[Any]) -> bool:
            shared.clear()
            if not rows or set(map(type, rows)) != {dict}:
                return False
            keys = set(rows[0])
            if set(map(len, rows)) != {len(keys)}:
                return False  # rows of differing keys
            if not required <= keys or (allowed is not None and not keys <= allowed):
                return False
            try:  # every row holds the first one's keys (and, as long, no other)
                found = {prop: list(map(itemgetter(prop), rows)) for prop in keys}
            except KeyError:
                return False
            for prop in null_or_absent & keys:
                if found[prop].count(None) != len(rows):
                    return False
            if not all(columns[prop](found[prop]) for prop in keys & known):
                return False
            shared.update(found)
            return True

        return check


def _presence_of(condition: Any) -> str:
    """``A`` of ``{"required": [A], "properties": {A: {"not": {"type": "null"}}}}``.

    Such an ``if`` fails for every row where ``A`` is absent or null, which the check then
    asks of every row (whatever ``then`` says)."""
    if not isinstance(condition, dict) or set(condition) != {"required", "properties"}:
        raise _UnsupportedError
    required, properties = condition["required"], condition["properties"]
    if not isinstance(required, list) or len(required) != 1:
        raise _UnsupportedError
    (prop,) = required
    if properties != {prop: {"not": {"type": "null"}}}:
        raise _UnsupportedError
    return str(prop)


def column_check(
    defs: Mapping[str, Any],
    root: str,
    components: Callable[[str], Any],
    shared: dict[str, list[Any]] | None = None,
) -> RowsCheck | None:
    """The column check of the rows ``defs[root]`` describes, ``None`` if it cannot be made.

    ``components`` gives the schema a ``#/components/...`` reference names, as the validator
    reads it. After each check, ``shared`` holds the columns of the rows it accepted (every
    row has the same keys then; a property absent from ``shared`` is absent from every row),
    and nothing after a refusal.
    """

    def resolve(target: str) -> Any:
        if target.startswith(_DEFS):
            return defs[target[len(_DEFS) :]]
        if target.startswith("#/components/"):
            return components(target)
        raise KeyError(target)

    rows = _Rows(resolve)
    try:
        rows.add(defs[root])
    except (_UnsupportedError, KeyError, TypeError, AttributeError):
        return None
    return rows.check(shared if shared is not None else {})
