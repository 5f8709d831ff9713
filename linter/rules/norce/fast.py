"""A per-document shortcut past the Norce item rules: one schema check that implies silence.

For an ImportProducts or ImportOnhands document, :func:`fast_path_for` builds one JSON Schema
(compiled with jsonschema-rs) that encodes what the active item rules check of a single item
(flags against the header, culture and currency codes, price rules, minimums, deprecated
fields, one kind of parametric value, ...), together with the spec's item schema when SG003
runs. What a schema cannot say (EAN check digits, StandardPrice.PartNo against its SKU,
minimum against maximum, repeats across items) is checked by a short targeted pass over the
item.

:meth:`FastPath.accepts` is conservative: ``True`` only if the full rules would find nothing
in the item; it then records the item's keys for the cross-item rules exactly as they would.
On ``False`` the engine runs the schema check and every rule as usual, so messages and
positions never come from here. The "once per field" rules shrink their remaining sets as
they report; a schema built from larger sets is stricter, so :meth:`FastPath.refresh` only
rebuilds it to let more items through.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from typing import Any

from linter import norce_model as nf
from linter import schemas
from linter.codes import (
    ONHAND_DEPRECATED_FIELD,
    ONHAND_FIELD_NOT_FLAGGED,
    ONHAND_FLAGGED_FIELD_ABSENT,
    ONHAND_MINIMUM_ABOVE_MAXIMUM,
    ONHAND_NEGATIVE_QUANTITY,
    ONHAND_ROW_REPEATED,
    PARAMETRIC_VALUE_KIND,
    PRODUCT_CODE_REPEATED,
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
    SKU_EAN_CHECK_DIGIT,
    SKU_FLAGGED_ENUM_UNSET,
    SKU_NEGATIVE_QUANTITY,
    SKU_NOT_IDENTIFIABLE,
    SKU_PART_NO_REPEATED,
    STANDARD_PRICE_PART_NO_MISMATCH,
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
from linter.rules.norce.products import code_flagged, sku_position
from linter.rules.norce.values import (
    CULTURE_PATTERN,
    FirstSeen,
    culture_schemas,
    first_seen,
    gtin_valid,
)
from linter.specs import coded_enum

_PRODUCT_CODES = frozenset(f"NP{n:03d}" for n in range(1, 19))
_ONHAND_CODES = frozenset(f"NO{n:03d}" for n in range(1, 7))
COVERED: Mapping[str, frozenset[str]] = {
    "norce.products": _PRODUCT_CODES,
    "norce.onhands": _ONHAND_CODES,
}
"""Body kind -> the item rules the fast path answers for; any other active rule turns it off."""

_NEED_SKUS = frozenset({SKU_PART_NO_REPEATED, STANDARD_PRICE_PART_NO_MISMATCH, SKU_EAN_CHECK_DIGIT})
_UNFLAGGED = {
    "norce.products": PRODUCT_FIELD_NOT_FLAGGED,
    "norce.onhands": ONHAND_FIELD_NOT_FLAGGED,
}
_FLAGGED_ABSENT = {
    "norce.products": PRODUCT_FLAGGED_FIELD_ABSENT,
    "norce.onhands": ONHAND_FLAGGED_FIELD_ABSENT,
}
_DEPRECATED = {"norce.products": PRODUCT_DEPRECATED_FIELD, "norce.onhands": ONHAND_DEPRECATED_FIELD}

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
_MIN_REBUILD_GAP = 256
"""Fewest items between two schema rebuilds (a rebuild costs a few milliseconds)."""


def _defname(schema: str, governed: bool) -> str:
    return f"{schema}.{'governed' if governed else 'free'}"


def _ref(schema: str, governed: bool) -> dict[str, str]:
    return {"$ref": f"#/$defs/{_defname(schema, governed)}"}


class _Builder:
    """The rule constraints as JSON Schema ``$defs``, one per (object schema, governed)."""

    def __init__(self, ctx: LintContext, codes: frozenset[str], with_spec: bool) -> None:
        self.with_spec = with_spec
        self.ctx = ctx
        self.kind = ctx.kind
        self.codes = codes
        self.active = settings(ctx)
        self.unflagged = self._remaining_of(_UNFLAGGED[ctx.kind], unflagged_properties)
        self.flagged = self._remaining_of(_FLAGGED_ABSENT[ctx.kind], flagged_properties)

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
            if _defname(name, governed) in defs:
                continue
            defs[_defname(name, governed)], children = self._node(name, governed)
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
        if _DEPRECATED[self.kind] in self.codes:
            for prop in deprecated_properties(self.kind).get(name, ()):
                constrain(prop, _NULL)
        if PRODUCT_CULTURE_CODE_FORMAT in self.codes and name in culture_schemas(self.kind):
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
        if PRODUCT_CURRENCY_CODE in self.codes:
            constrain(nf.CURRENCY_PROPERTY, {"if": {"type": "string"}, "then": _CURRENCIES})
        if PRODUCT_PRICE_RULE_VALUE_WITHOUT_RULE in self.codes:
            conditions.append(
                {
                    "if": _present(nf.PRICE_RULE_VALUE_PROPERTY),
                    "then": _present(nf.PRICE_RULE_PROPERTY),
                }
            )
        if PRODUCT_NEGATIVE_PRICE in self.codes:
            for prop in (*nf.PRICE_AMOUNT_PROPERTIES, nf.QUANTITY_BREAK_PROPERTY):
                constrain(prop, {"minimum": 0})
        if PRODUCT_PRICE_RULE_RANGE in self.codes:
            codes = sorted(coded_enum("norce", nf.PRICE_RULE_ENUM).by_code)
            constrain(nf.PRICE_RULE_PROPERTY, {"anyOf": [_NULL, {"enum": codes}]})
        if PRODUCT_PRICE_EMPTY_MANDATORY in self.codes and governed and self.active is not None:
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
        target = _ref(child, governed)
        properties[prop] = {"items": target} if is_array else target
    return {"properties": properties} if properties else {}


def _spec_node(name: str, edges: Mapping[str, tuple[str, bool, bool]]) -> dict[str, Any]:
    """The spec's schema of ``name`` with each nested object's ``$ref`` turned to its def.

    Thus one pass checks the spec's shape and the rules' constraints together.
    """
    node: dict[str, Any] = schemas.prepared(copy.deepcopy(dict(schemas.component("norce", name))))
    properties = node.get("properties", {})
    for prop, (child, governed, _) in edges.items():
        replaced = _retarget(properties.get(prop), _COMPONENT + child, _ref(child, governed))
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


@functools.cache
def _path_to(kind: str, target: str) -> tuple[tuple[str, bool], ...] | None:
    """The one chain of (property, is an array) edges from the item to ``target`` objects.

    ``None`` when there is no such chain, or more than one (then the objects are not a plain
    nesting of loops, and the fast path does not shortcut the rules that need them).
    """
    paths: list[tuple[tuple[str, bool], ...]] = []
    pending: list[tuple[str, tuple[tuple[str, bool], ...]]] = [(nf.body_item_schema(kind), ())]
    depth_limit = 2 * len(nf.body_schemas(kind))
    for _ in range(_PATH_SEARCH_STEPS):
        if not pending or len(paths) > 1:
            break
        name, path = pending.pop()
        if name == target:
            paths.append(path)
        if len(path) >= depth_limit:
            return None  # a cycle of object schemas
        for prop, (is_array, child) in nf.body_node(name).children.items():
            pending.append((child, (*path, (prop, is_array))))
    else:
        return None
    return paths[0] if len(paths) == 1 else None


_PATH_SEARCH_STEPS = 10_000


def objects_of(item: Mapping[str, Any], path: tuple[tuple[str, bool], ...]) -> list[Any]:
    """The objects at the end of ``path`` below ``item``, in the order of the rules' walk."""
    level: list[Any] = [item]
    for prop, is_array in path:
        below: list[Any] = []
        for obj in level:
            value = obj.get(prop)
            if is_array:
                if type(value) is list:
                    below.extend(element for element in value if type(element) is dict)
            elif type(value) is dict:
                below.append(value)
        level = below
    return level


class FastPath:
    """One document's shortcut; see the module docstring."""

    def __init__(self, ctx: LintContext, codes: frozenset[str], with_item_schema: bool) -> None:
        self._ctx = ctx
        self._codes = codes
        self._with_item_schema = with_item_schema
        self._since_build = 0
        self._built_from: tuple[Any, ...] = ()
        self._is_valid: Callable[[Any], bool] = self._build()
        self._trackers: dict[str, FirstSeen] = {
            code: first_seen(ctx, code)
            for code in (SKU_PART_NO_REPEATED, PRODUCT_CODE_REPEATED, ONHAND_ROW_REPEATED)
            if code in codes
        }
        self._sku_path = _path_to(ctx.kind, nf.SKU_SCHEMA)
        self._check_range = ONHAND_MINIMUM_ABOVE_MAXIMUM in codes
        self._onhand_rows = self._trackers.get(ONHAND_ROW_REPEATED)
        self._extra = self._product_extra if ctx.kind == "norce.products" else self._onhand_extra

    def _build(self) -> Callable[[Any], bool]:
        builder = _Builder(self._ctx, self._codes, self._with_item_schema)
        self._built_from = (builder.unflagged, builder.flagged)
        self._since_build = 0
        root = _ref(nf.body_item_schema(self._ctx.kind), True)
        checker = schemas.validator_for_document("norce", root, builder.defs())
        is_valid: Callable[[Any], bool] = checker.is_valid
        return is_valid

    def accepts(self, item: Any, index: int) -> bool:
        """``True`` iff the schema check and every active item rule would find nothing."""
        self._since_build += 1
        return type(item) is dict and self._is_valid(item) and self._extra(item, index)

    def refresh(self) -> None:
        """Called for each item not accepted: rebuild if the rules shrank a remaining set."""
        if self._since_build < _MIN_REBUILD_GAP:
            return
        builder = _Builder(self._ctx, self._codes, self._with_item_schema)
        if (builder.unflagged, builder.flagged) != self._built_from:
            self._is_valid = self._build()
        else:
            self._since_build = 0

    def _product_extra(self, item: dict[str, Any], index: int) -> bool:
        codes = self._codes
        skus = objects_of(item, self._sku_path) if self._sku_path is not None else []
        if STANDARD_PRICE_PART_NO_MISMATCH in codes or SKU_EAN_CHECK_DIGIT in codes:
            for sku in skus:
                if SKU_EAN_CHECK_DIGIT in codes and not gtin_valid(sku.get(nf.EAN_PROPERTY)):
                    return False
                price = sku.get(nf.STANDARD_PRICE_PROPERTY)
                if STANDARD_PRICE_PART_NO_MISMATCH in codes and type(price) is dict:
                    part_no = sku.get(nf.PART_NO_PROPERTY)
                    price_part = price.get(nf.PART_NO_PROPERTY)
                    if type(part_no) is str and type(price_part) is str and part_no != price_part:
                        return False
        parts: list[tuple[object, ...]] = []
        positions: list[int] = []
        if SKU_PART_NO_REPEATED in codes:
            for ordinal, sku in enumerate(skus):
                part_no = sku.get(nf.PART_NO_PROPERTY)
                if type(part_no) is str and part_no:
                    parts.append((part_no,))
                    positions.append(sku_position(index, ordinal))
        parts_new = self._trackers[SKU_PART_NO_REPEATED].new_digests(parts) if parts else []
        if parts_new is None:
            return False
        code = item.get(nf.CODE_PROPERTY)
        repeated_code = (
            PRODUCT_CODE_REPEATED in codes
            and type(code) is str
            and code
            # The last check: remembered only when new, as the rule itself would.
            and self._trackers[PRODUCT_CODE_REPEATED].seen_before((code,), index) is not None
        )
        if repeated_code:
            return False
        if parts_new:
            self._trackers[SKU_PART_NO_REPEATED].add_digests(parts_new, positions)
        return True

    def _onhand_extra(self, item: dict[str, Any], index: int) -> bool:
        if self._check_range:
            low, high = item.get(nf.MINIMUM_PROPERTY), item.get(nf.MAXIMUM_PROPERTY)
            if low is not None and high is not None:
                if type(low) not in _PLAIN_NUMBERS or type(high) not in _PLAIN_NUMBERS:
                    return False
                if low > high:
                    return False
        if self._onhand_rows is None:
            return True
        key = (
            item.get(nf.PART_NO_PROPERTY),
            item.get(nf.WAREHOUSE_CODE_PROPERTY),
            item.get(nf.LOCATION_CODE_PROPERTY),
        )
        if type(key[0]) is not str or type(key[1]) is not str or type(key[2]) is not str:
            return True
        # Remembered only when new, as the rule itself would.
        return self._onhand_rows.seen_before(key, index) is None


_PLAIN_NUMBERS = (int, float)


def fast_path_for(ctx: LintContext, item_codes: frozenset[str], schema_on: bool) -> FastPath | None:
    """The shortcut for this document, or ``None`` when it cannot answer for every active rule."""
    covered = COVERED.get(ctx.kind)
    if covered is None or not item_codes <= covered or ctx.content_type != "json":
        return None
    if item_codes & _NEED_SKUS and _path_to(ctx.kind, nf.SKU_SCHEMA) is None:
        return None
    try:
        return FastPath(ctx, item_codes, schema_on)
    except SpecShapeError:
        return None
