"""Rules NR: ImportRelations bodies, alone and against their RelationHeader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter import norce_model as nf
from linter.codes import (
    RELATION_CULTURE_CODE_FORMAT,
    RELATION_FIELD_NOT_FLAGGED,
    RELATION_FLAGGED_FIELD_ABSENT,
    RELATION_REPEATED,
    RELATION_TO_ITSELF,
)
from linter.diagnostics import Severity
from linter.registry import Example, Finding, LintContext, Scope, rule
from linter.rules.norce.fields import (
    FlagRuleText,
    flag_rules,
)
from linter.rules.norce.values import culture_code_findings, first_seen

KINDS = ("norce.relations",)
_HEADER = '{"AccountId":1,"FullFile":false,"RelationFieldsThatAreSet":[1]}'
_ROW = '{"PartNo":"%s","RelatedPartNo":"%s","RelationTypeCode":"ACC"%s}'


def _example(*rows: str, header: str | None = _HEADER) -> Example:
    return Example(body="[" + ",".join(rows) + "]", header=header, kind="norce.relations")


@rule(
    code=RELATION_TO_ITSELF,
    name="relation-to-itself",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A SKU is related to itself (PartNo equals RelatedPartNo).",
    why=(
        "A relation links a SKU to another SKU (accessory, alternative); to itself it is "
        "meaningless."
    ),
    bad=_example(_ROW % ("A1", "A1", ',"IsActive":true')),
    good=_example(_ROW % ("A1", "B1", ',"IsActive":true')),
)
def relation_to_itself(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, dict):
        return
    part_no = item.get(nf.PART_NO_PROPERTY)
    if isinstance(part_no, str) and part_no == item.get(nf.RELATED_PART_NO_PROPERTY):
        yield f"/{index}/{nf.RELATED_PART_NO_PROPERTY}", f"SKU {part_no!r} is related to itself"


@rule(
    code=RELATION_REPEATED,
    name="relation-repeated",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="The same relation (PartNo, RelatedPartNo, RelationTypeCode) is sent twice.",
    why=(
        "A relation is matched by both SKUs and its type; a second copy updates the same "
        "relation in the same job and which values Norce keeps is undefined."
    ),
    bad=_example(_ROW % ("A1", "B1", ',"IsActive":true'), _ROW % ("A1", "B1", ',"IsActive":false')),
    good=_example(_ROW % ("A1", "B1", ',"IsActive":true'), _ROW % ("A1", "B2", ',"IsActive":true')),
)
def relation_repeated(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    if not isinstance(item, dict):
        return
    key = (
        item.get(nf.PART_NO_PROPERTY),
        item.get(nf.RELATED_PART_NO_PROPERTY),
        item.get(nf.RELATION_TYPE_PROPERTY),
    )
    if not all(isinstance(part, str) for part in key):
        return
    first = first_seen(ctx, RELATION_REPEATED).seen_before(key, index)
    if first is not None:
        yield (
            f"/{index}",
            (f"relation {key[0]!r} -> {key[1]!r} of type {key[2]!r} was already sent at /{first}"),
        )


flag_rules(
    "relation",
    KINDS,
    FlagRuleText(
        code=RELATION_FIELD_NOT_FLAGGED,
        summary=(
            "A relation field is present but not flagged in the RelationHeader (reported once per "
            "field)."
        ),
        why="Norce updates only the fields the header lists; other fields are silently ignored.",
        bad=_example(_ROW % ("A1", "B1", ',"IsActive":true,"SortOrder":3')),
        good=_example(_ROW % ("A1", "B1", ',"IsActive":true')),
    ),
    FlagRuleText(
        code=RELATION_FLAGGED_FIELD_ABSENT,
        summary=(
            "A field the RelationHeader flags is absent from a relation (reported once per field)."
        ),
        why=(
            "The docs do not say whether a flagged but absent field is cleared or kept; usually "
            "a stale header. An info, since sparse rows are normal."
        ),
        bad=_example(_ROW % ("A1", "B1", "")),
        good=_example(_ROW % ("A1", "B1", ',"IsActive":true')),
    ),
)


@rule(
    code=RELATION_CULTURE_CODE_FORMAT,
    name="relation-culture-code-format",
    severity=Severity.ERROR,
    kinds=KINDS,
    scope=Scope.ITEM,
    summary="A relation's CultureCode is not of the form xx-XX (e.g. sv-SE).",
    why=(
        "Norce matches translations to the client's cultures by codes such as sv-SE; "
        "any other form matches no culture and the text is lost."
    ),
    bad=_example(
        _ROW % ("A1", "B1", ',"Cultures":[{"CultureCode":"en","Name":"Fits"}]'), header=None
    ),
    good=_example(
        _ROW % ("A1", "B1", ',"Cultures":[{"CultureCode":"en-GB","Name":"Fits"}]'), header=None
    ),
)
def culture_code_format(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    return culture_code_findings(item, index, ctx)
