"""Rules NO: ImportOnhands bodies, alone and against their SkuOnhandHeader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    ONHAND_DEPRECATED_FIELD,
    ONHAND_FIELD_NOT_FLAGGED,
    ONHAND_FLAGGED_FIELD_ABSENT,
    ONHAND_MINIMUM_ABOVE_MAXIMUM,
    ONHAND_NEGATIVE_QUANTITY,
    ONHAND_ROW_REPEATED,
)
from linter.diagnostics import Severity
from linter.registry import Example, Finding, LintContext, Scope, rule
from linter.rules.norce.common import repeated_row_rule
from linter.rules.norce.fields import (
    FlagRuleText,
    deprecated_field_findings,
    flag_rules,
)
from linter.rules.norce.values import negative_findings, number

KINDS = ("norce.onhands",)
_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3,8,9]}'
_ROW = '{"PartNo":"%s","WarehouseCode":"W1","LocationCode":"L1"%s}'


def _example(*rows: str, header: str | None = _HEADER) -> Example:
    return Example(body="[" + ",".join(rows) + "]", header=header, kind="norce.onhands")


def _onhand_key(row: dict[str, Any]) -> tuple[object, ...] | None:
    key = (
        row.get(nf.PART_NO_PROPERTY),
        row.get(nf.WAREHOUSE_CODE_PROPERTY),
        row.get(nf.LOCATION_CODE_PROPERTY),
    )
    if type(key[0]) is not str or type(key[1]) is not str or type(key[2]) is not str:
        return None
    return key


def _describe_onhand(row: dict[str, Any]) -> str:
    part_no, warehouse, location = _onhand_key(row) or ()
    return f"PartNo {part_no!r} in warehouse {warehouse!r}, location {location!r}"


row_repeated = repeated_row_rule(
    code=ONHAND_ROW_REPEATED,
    name="onhand-row-repeated",
    kinds=KINDS,
    summary="Two on-hand rows have the same (PartNo, WarehouseCode, LocationCode).",
    why=(
        "A row is matched by SKU, warehouse and location; two rows for one key update the "
        "same stock twice in one job and which value Norce keeps is undefined."
    ),
    bad=_example(_ROW % ("A1", ',"OnhandValue":1'), _ROW % ("A1", ',"OnhandValue":2')),
    good=_example(_ROW % ("A1", ',"OnhandValue":1'), _ROW % ("A2", ',"OnhandValue":2')),
    key=_onhand_key,
    describe=_describe_onhand,
)


@rule(
    code=ONHAND_MINIMUM_ABOVE_MAXIMUM,
    name="onhand-minimum-above-maximum",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="MinimumValue (reorder point) is above MaximumValue (target stock level).",
    why=(
        "The docs define MinimumValue as the reorder point and MaximumValue as the target "
        "stock level; a reorder point above the target cannot be met by any replenishment."
    ),
    bad=_example(_ROW % ("A1", ',"OnhandValue":1,"MinimumValue":10,"MaximumValue":5')),
    good=_example(_ROW % ("A1", ',"OnhandValue":1,"MinimumValue":5,"MaximumValue":10')),
)
def minimum_above_maximum(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, dict):
        return
    low = number(item.get(nf.MINIMUM_PROPERTY), ctx)
    high = number(item.get(nf.MAXIMUM_PROPERTY), ctx)
    if low is not None and high is not None and low > high:
        yield (
            f"/{index}/{nf.MINIMUM_PROPERTY}",
            (
                f"MinimumValue {item[nf.MINIMUM_PROPERTY]} is above "
                f"MaximumValue {item[nf.MAXIMUM_PROPERTY]}"
            ),
        )


@rule(
    code=ONHAND_DEPRECATED_FIELD,
    name="onhand-deprecated-field",
    severity=Severity.WARNING,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="An on-hand row sends a deprecated field (OnOrderValue).",
    why="The docs mark OnOrderValue deprecated; Norce no longer uses it.",
    bad=_example(_ROW % ("A1", ',"OnhandValue":1,"OnOrderValue":4')),
    good=_example(_ROW % ("A1", ',"OnhandValue":1,"IncomingValue":4')),
)
def deprecated_field(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    return deprecated_field_findings(item, index, ctx)


flag_rules(
    "onhand",
    KINDS,
    FlagRuleText(
        code=ONHAND_FIELD_NOT_FLAGGED,
        summary=(
            "An on-hand field is present but not in SkuOnhandFieldsThatAreSet (reported once per "
            "field)."
        ),
        why="Norce updates only the fields the header lists; other fields are silently ignored.",
        bad=_example(_ROW % ("A1", ',"OnhandValue":1,"IncomingValue":4')),
        good=_example(_ROW % ("A1", ',"OnhandValue":1,"MinimumValue":1,"MaximumValue":9')),
    ),
    FlagRuleText(
        code=ONHAND_FLAGGED_FIELD_ABSENT,
        summary=(
            "A field SkuOnhandFieldsThatAreSet flags is absent from a row (reported once per "
            "field)."
        ),
        why=(
            "The docs do not say whether a flagged but absent field is cleared or kept; usually "
            "the header lists more than the export sends. An info, since sparse rows are normal."
        ),
        bad=_example(_ROW % ("A1", ',"OnhandValue":1')),
        good=_example(_ROW % ("A1", ',"OnhandValue":1,"MinimumValue":1,"MaximumValue":9')),
    ),
)


@rule(
    code=ONHAND_NEGATIVE_QUANTITY,
    name="onhand-negative-quantity",
    severity=Severity.WARNING,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="An on-hand quantity, level or lead time is negative.",
    why=(
        "Stock on the shelf, incoming stock, stock levels and lead times count units or days; "
        "a negative value usually leaks an ERP's oversold or correction figure. A warning, "
        "since some ERPs report negative stock on purpose."
    ),
    bad=_example(_ROW % ("A1", ',"OnhandValue":-3')),
    good=_example(_ROW % ("A1", ',"OnhandValue":3')),
)
def negative_quantity(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if isinstance(item, dict):
        yield from negative_findings(item, f"/{index}", nf.ONHAND_QUANTITY_PROPERTIES, ctx)
