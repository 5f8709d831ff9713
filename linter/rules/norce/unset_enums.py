"""Rule NP018: a flagged enum that carries only its .NET "unset" default (Sku Status, Type,
UnitOfMeasurementType)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    SKU_FLAGGED_ENUM_UNSET,
)
from linter.diagnostics import Severity
from linter.registry import Finding, LintContext, Scope, rule
from linter.rules.norce.common import flagged_properties, governed_visits, settings, walk
from linter.rules.norce.products import KINDS, product_example, product_json

UNSET_ENUM = SKU_FLAGGED_ENUM_UNSET
_HEADER = (
    '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[3,4],'
    '"VariantFieldsThatAreSet":[5],"SkuFieldsThatAreSet":[1,5]}'
)
_SKU = '{"PartNo":"S1","EanCode":"4006381333931","Status":%s}'


@rule(
    code=UNSET_ENUM,
    name="sku-flagged-enum-unset",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="The header flags a SKU enum (Status, Type, UnitOfMeasurementType) whose value is 0.",
    why=(
        "The vendor contract (Product/Models/Sku.cs) declares these enums non-nullable, so its "
        "client writes 0 when the integration left them unset; 0 is no member of SkuStatus, "
        "SkuType or UnitOfMeasurementType. Unflagged, that 0 is ignored; flagged, Norce is asked "
        "to store a value that means nothing."
    ),
    bad=product_example(product_json(_SKU % "0"), _HEADER),
    good=product_example(product_json(_SKU % "1"), _HEADER),
    needs_header=True,
)
def flagged_enum_unset(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    active = settings(ctx)
    if active is None:
        return
    for visit in governed_visits(walk(item, index, ctx.kind), active):
        node = visit.node
        if not node.unset_enums:
            continue
        flagged = flagged_properties(node, active)
        for prop in sorted(node.unset_enums.intersection(visit.obj)):
            value = visit.obj[prop]
            if prop in flagged and nf.is_dotnet_default(value, node.defaults[prop]):
                yield (
                    f"{visit.pointer}/{prop}",
                    f"{node.fields_list} sets {node.flags[prop]} but {node.schema}.{prop} is "
                    f"{value!r}, the .NET default of an unset enum and no member of it",
                )
