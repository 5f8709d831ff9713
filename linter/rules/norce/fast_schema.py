"""The JSON Schema of the Norce fast path: the spec's item schema and what the item rules check.

:class:`Builder` turns the active item rules of one body kind (flags against the header,
culture and currency codes, price rules, minimums, deprecated fields, one kind of parametric
value, ...) into ``$defs``, one per (object schema, governed by the header's flags), each the
spec's schema of that object (when SG003 runs) with the rules' constraints added, so that one
jsonschema-rs pass checks both. An item the schema accepts gets no finding from those rules.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from linter import norce_model as nf
from linter import schemas
from linter.coded_enums import coded_enum
from linter.codes import (
    ONHAND_DEPRECATED_FIELD,
    ONHAND_FIELD_NOT_FLAGGED,
    ONHAND_FLAGGED_FIELD_ABSENT,
    ONHAND_NEGATIVE_QUANTITY,
    PARAMETRIC_VALUE_KIND,
    PRICE_CURRENCY_CODE,
    PRICE_EMPTY_MANDATORY,
    PRICE_FIELD_NOT_FLAGGED,
    PRICE_FLAGGED_FIELD_ABSENT,
    PRICE_NEGATIVE,
    PRICE_RULE_VALUE_WITHOUT_RULE,
    PRODUCT_CODE_REQUIRED,
    PRODUCT_CULTURE_CODE_FORMAT,
    PRODUCT_CURRENCY_CODE,
    PRODUCT_DEPRECATED_FIELD,
    PRODUCT_FIELD_NOT_FLAGGED,
    PRODUCT_FLAGGED_FIELD_ABSENT,
    PRODUCT_NEGATIVE_PRICE,
    PRODUCT_PRICE_EMPTY_MANDATORY,
    PRODUCT_PRICE_RULE_RANGE,
    PRODUCT_PRICE_RULE_VALUE_WITHOUT_RULE,
    RELATION_CULTURE_CODE_FORMAT,
    RELATION_FIELD_NOT_FLAGGED,
    RELATION_FLAGGED_FIELD_ABSENT,
    SKU_FLAGGED_ENUM_UNSET,
    SKU_NEGATIVE_QUANTITY,
    SKU_NOT_IDENTIFIABLE,
)
from linter.iso4217 import ACTIVE_CODES
from linter.registry import LintContext
from linter.rules.norce import price_checks as price_checks
from linter.rules.norce.common import (
    flag_enabled,
    flagged_properties,
    remaining_properties,
    settings,
    unflagged_properties,
)
from linter.rules.norce.fields import deprecated_properties
from linter.rules.norce.products import code_flagged
from linter.rules.norce.values import CULTURE_PATTERN, culture_schemas

__all__ = [
    "KIND_CODES",
    "NOT_BLANK",
    "PYTHON_BLANKS",
    "Builder",
    "KindCodes",
    "SpecShapeError",
    "defname",
    "ref",
]

_NONE = ""
"""No rule of this kind checks that (a code no rule has)."""


@dataclass(frozen=True)
class KindCodes:
    """Which rule of a body kind checks what the schema encodes (``""``: none does)."""

    unflagged: str
    flagged_absent: str
    deprecated: str = _NONE
    culture: str = _NONE
    currency: str = _NONE
    rule_value_without_rule: str = _NONE
    negative_price: str = _NONE
    price_rule_range: str = _NONE
    empty_mandatory: str = _NONE


KIND_CODES: Mapping[str, KindCodes] = {
    "norce.products": KindCodes(
        PRODUCT_FIELD_NOT_FLAGGED,
        PRODUCT_FLAGGED_FIELD_ABSENT,
        deprecated=PRODUCT_DEPRECATED_FIELD,
        culture=PRODUCT_CULTURE_CODE_FORMAT,
        currency=PRODUCT_CURRENCY_CODE,
        rule_value_without_rule=PRODUCT_PRICE_RULE_VALUE_WITHOUT_RULE,
        negative_price=PRODUCT_NEGATIVE_PRICE,
        price_rule_range=PRODUCT_PRICE_RULE_RANGE,
        empty_mandatory=PRODUCT_PRICE_EMPTY_MANDATORY,
    ),
    "norce.onhands": KindCodes(
        ONHAND_FIELD_NOT_FLAGGED, ONHAND_FLAGGED_FIELD_ABSENT, deprecated=ONHAND_DEPRECATED_FIELD
    ),
    "norce.prices": KindCodes(
        PRICE_FIELD_NOT_FLAGGED,
        PRICE_FLAGGED_FIELD_ABSENT,
        currency=PRICE_CURRENCY_CODE,
        rule_value_without_rule=PRICE_RULE_VALUE_WITHOUT_RULE,
        negative_price=PRICE_NEGATIVE,
        empty_mandatory=PRICE_EMPTY_MANDATORY,
    ),
    "norce.relations": KindCodes(
        RELATION_FIELD_NOT_FLAGGED,
        RELATION_FLAGGED_FIELD_ABSENT,
        culture=RELATION_CULTURE_CODE_FORMAT,
    ),
}
"""Body kind -> the rules whose checks the schema encodes."""


PYTHON_BLANKS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.isspace`` accepts (a test checks the list)."""
NOT_BLANK = f"[^{PYTHON_BLANKS}]"
"""A pattern a string matches iff ``str.strip()`` leaves something (``is_blank`` is false)."""
_NULL = {"type": "null"}
_NOT_NULL = {"not": _NULL}
_NON_BLANK_VALUE = {"not": _NULL, "pattern": NOT_BLANK}


def defname(schema: str, governed: bool) -> str:
    return f"{schema}.{'governed' if governed else 'free'}"


def ref(schema: str, governed: bool) -> dict[str, str]:
    return {"$ref": f"#/$defs/{defname(schema, governed)}"}


class Builder:
    """The rule constraints as JSON Schema ``$defs``, one per (object schema, governed)."""

    def __init__(self, ctx: LintContext, codes: frozenset[str], with_spec: bool) -> None:
        self.with_spec = with_spec
        self.ctx = ctx
        self.kind = ctx.kind
        self.codes = codes
        self.active = settings(ctx)
        self.names = KIND_CODES[ctx.kind]
        self.unflagged = self._remaining_of(self.names.unflagged, unflagged_properties)
        self.flagged = self._remaining_of(self.names.flagged_absent, flagged_properties)

    def _remaining_of(self, code: str, pick: Any) -> dict[str, frozenset[str]]:
        if code not in self.codes or self.active is None:
            return {}
        found = remaining_properties(self.ctx, code, self.active, pick)
        return {name: frozenset(props) for name, props in found.items()}

    def defs(self) -> dict[str, Any]:
        defs: dict[str, Any] = {}
        pending = [(nf.body_item_schema(self.kind), True)]
        while pending:
            name, governed = pending.pop()
            if defname(name, governed) in defs:
                continue
            defs[defname(name, governed)], children = self._node(name, governed)
            pending.extend(children)
        return defs

    def _node(self, name: str, governed: bool) -> tuple[dict[str, Any], list[tuple[str, bool]]]:
        node = nf.body_node(name)
        properties: dict[str, list[Any]] = {}
        required: set[str] = set()
        conditions: list[Any] = []
        children: list[tuple[str, bool]] = []

        def constrain(prop: str, schema: Mapping[str, Any]) -> None:
            properties.setdefault(prop, []).append(schema)

        edges: dict[str, tuple[str, bool, bool]] = {}
        for prop, (is_array, child) in node.children.items():
            child_governed = (
                governed and self.active is not None and flag_enabled(node, prop, self.active)
            )
            children.append((child, child_governed))
            edges[prop] = (child, child_governed, is_array)
        if governed:
            for prop in self.unflagged.get(name, ()):
                if prop in node.defaults:
                    constrain(prop, {"anyOf": [_NULL, {"const": node.defaults[prop]}]})
                else:
                    constrain(prop, _NULL)
            required |= self.flagged.get(name, frozenset())
            if (
                SKU_FLAGGED_ENUM_UNSET in self.codes
                and node.unset_enums
                and self.active is not None
            ):
                for prop in node.unset_enums & flagged_properties(node, self.active):
                    constrain(prop, {"not": {"const": node.defaults[prop]}})
        if self.names.deprecated in self.codes:
            for prop in deprecated_properties(self.kind).get(name, ()):
                constrain(prop, _NULL)
        if self.names.culture in self.codes and name in culture_schemas(self.kind):
            constrain(nf.CULTURE_CODE_PROPERTY, {"pattern": CULTURE_PATTERN})
        if ONHAND_NEGATIVE_QUANTITY in self.codes and name == nf.ONHAND_SCHEMA:
            for prop in nf.ONHAND_QUANTITY_PROPERTIES:
                constrain(prop, {"minimum": 0})
        if name == nf.SKU_SCHEMA:
            self._sku(constrain, required)
        if name == nf.PRICE_SCHEMA:
            self._price(constrain, required, conditions, governed)
        if name == nf.PARAMETRIC_SCHEMA and PARAMETRIC_VALUE_KIND in self.codes:
            conditions.append({"if": {"type": "object"}, "then": {"oneOf": _one_value_kind()}})
        root = name == nf.body_item_schema(self.kind)
        if root and PRODUCT_CODE_REQUIRED in self.codes and self._code_required():
            required.add(nf.CODE_PROPERTY)
            constrain(nf.CODE_PROPERTY, {"type": "string", "pattern": NOT_BLANK})
        checks: dict[str, Any] = {}
        if properties:
            checks["properties"] = {
                prop: parts[0] if len(parts) == 1 else {"allOf": parts}
                for prop, parts in properties.items()
            }
        if required:
            checks["required"] = sorted(required)
        if conditions:
            checks["allOf"] = conditions
        schema = _spec_node(name, edges) if self.with_spec else _edges_only(edges)
        if checks:
            schema["allOf"] = [*schema.get("allOf", ()), checks]
        return schema, children

    def _sku(self, constrain: Callable[[str, Any], None], required: set[str]) -> None:
        if SKU_NOT_IDENTIFIABLE in self.codes:
            required.add(nf.PART_NO_PROPERTY)
            constrain(nf.PART_NO_PROPERTY, {"type": "string", "pattern": NOT_BLANK})
        if SKU_NEGATIVE_QUANTITY in self.codes:
            for prop in nf.SKU_QUANTITY_PROPERTIES:
                constrain(prop, {"minimum": 0})

    def _price(
        self,
        constrain: Callable[[str, Any], None],
        required: set[str],
        conditions: list[Any],
        governed: bool,
    ) -> None:
        names = self.names
        if names.currency in self.codes:
            constrain(nf.CURRENCY_PROPERTY, {"if": {"type": "string"}, "then": _CURRENCIES})
        if names.rule_value_without_rule in self.codes:
            conditions.append(
                {
                    "if": _present(nf.PRICE_RULE_VALUE_PROPERTY),
                    "then": _present(nf.PRICE_RULE_PROPERTY),
                }
            )
        if names.negative_price in self.codes:
            for prop in (*nf.PRICE_AMOUNT_PROPERTIES, nf.QUANTITY_BREAK_PROPERTY):
                constrain(prop, {"minimum": 0})
        if names.price_rule_range in self.codes:
            codes = sorted(coded_enum("norce", nf.PRICE_RULE_ENUM).by_code)
            constrain(nf.PRICE_RULE_PROPERTY, {"anyOf": [_NULL, {"enum": codes}]})
        if names.empty_mandatory in self.codes and governed and self.active is not None:
            for prop in price_checks.mandatory_properties(self.active):
                required.add(prop)
                constrain(prop, _NON_BLANK_VALUE)

    def _code_required(self) -> bool:
        return self.active is not None and (code_flagged(self.active) or self.active.full_file)


_CURRENCIES = {"enum": sorted(ACTIVE_CODES)}
_COMPONENT = "#/components/schemas/"


def _edges_only(edges: Mapping[str, tuple[str, bool, bool]]) -> dict[str, Any]:
    properties = {}
    for prop, (child, governed, is_array) in edges.items():
        target = ref(child, governed)
        properties[prop] = {"items": target} if is_array else target
    return {"properties": properties} if properties else {}


def _spec_node(name: str, edges: Mapping[str, tuple[str, bool, bool]]) -> dict[str, Any]:
    """The spec's schema of ``name`` with each nested object's ``$ref`` turned to its def.

    Thus one pass checks the spec's shape and the rules' constraints together.
    """
    node: dict[str, Any] = schemas.prepared(copy.deepcopy(dict(schemas.component("norce", name))))
    properties = node.get("properties", {})
    for prop, (child, governed, _) in edges.items():
        replaced = _retarget(properties.get(prop), _COMPONENT + child, ref(child, governed))
        if not replaced:
            raise SpecShapeError(f"{name}.{prop} does not refer to {child} directly")
    return node


class SpecShapeError(Exception):
    """The spec nests an object in a way the merged schema cannot follow."""


def _retarget(node: Any, old: str, new: Mapping[str, str]) -> int:
    """Replace every ``{"$ref": old}`` below ``node`` by ``new``; how many were replaced."""
    if isinstance(node, list):
        return sum(_retarget(element, old, new) for element in node)
    if not isinstance(node, dict):
        return 0
    if node.get("$ref") == old:
        node.update(new)
        return 1
    return sum(_retarget(value, old, new) for value in node.values())


def _present(prop: str) -> dict[str, Any]:
    return {"required": [prop], "properties": {prop: _NOT_NULL}}


def _one_value_kind() -> list[Any]:
    empty = {"anyOf": [_NULL, {"const": []}]}
    return [
        {"required": [prop], "properties": {prop: {"not": empty}}}
        for prop in nf.PARAMETRIC_VALUE_PROPERTIES
    ]
