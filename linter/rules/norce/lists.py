"""Rules NH on the header's lists: their values, dependencies, duplicates, twins, deprecations.

Everything a header may hold (lists, enums, dependencies) is read from the spec through
:mod:`linter.norce_model`; the rules only say what is wrong with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from linter import norce_model as nf
from linter.coded_enums import CodedEnum, EnumMember
from linter.codes import (
    HEADER_DEPENDENCY,
    HEADER_DEPRECATED_FIELD,
    HEADER_DOCS_ONLY_FIELD,
    HEADER_DUPLICATE_VALUE,
    HEADER_IGNORE_NOT_SUBSET,
    HEADER_NAME_NEEDS_CODE,
    HEADER_TWIN_CONFLICT,
    HEADER_UNKNOWN_VALUE,
    HEADER_VARIANT_CULTURE_CLIENT_SETTING,
    HEADER_WIRE_ONLY_FIELD,
)
from linter.diagnostics import Severity
from linter.registry import NORCE_BODY_KINDS, Example, Finding, LintContext, Scope, rule
from linter.rules.norce.common import expected_header_kind

HEADER_KINDS = NORCE_BODY_KINDS | {"norce.header"}

SEED_HEADER = (
    '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,1,4,6],'
    '"VariantFieldsThatAreSet":[0,4,5],"VariantCultureFieldsThatAreSet":[0,1,10],'
    '"SkuFieldsThatAreSet":[1,2,7,8,20,21],"SkuCultureFieldsThatAreSet":[0],'
    '"SkuPriceListFieldsThatAreSet":[5,6,10],"SerializationType":0,'
    '"IgnoreSkuPriceListFieldsWhenEmpty":[6,10]}'
)


_ONHAND_XML = (
    "<ArrayOfSkuOnhand><SkuOnhand><LocationCode>L</LocationCode><PartNo>A1</PartNo>"
    "<WarehouseCode>W</WarehouseCode><OnhandValue>1</OnhandValue></SkuOnhand></ArrayOfSkuOnhand>"
)
_ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[%s]}'


def header_example(text: str) -> Example:
    return Example(body=text, kind="norce.header")


def header_fields_of(ctx: LintContext) -> tuple[str, Mapping[str, nf.HeaderField]] | None:
    kind = expected_header_kind(ctx)
    if kind is None:
        return None
    return kind, nf.header_fields(kind)


def _enum_values(
    header: Mapping[str, Any], ctx: LintContext
) -> Iterator[tuple[str, nf.HeaderField, object, EnumMember | None]]:
    """Every enum value of the header: (pointer, field, raw value, member or None)."""
    found = header_fields_of(ctx)
    if found is None:
        return
    _, fields = found
    for name, value in header.items():
        field = fields.get(name)
        if field is None or field.enum is None:
            continue
        if field.is_list:
            if isinstance(value, list):
                for i, element in enumerate(value):
                    yield f"/{name}/{i}", field, element, field.enum.resolve(element)
        elif value is not None:
            yield f"/{name}", field, value, field.enum.resolve(value)


def _members(header: Mapping[str, Any], name: str, enum: CodedEnum | None) -> set[str]:
    value = header.get(name)
    if enum is None or not isinstance(value, list):
        return set()
    return {m.name for v in value if (m := enum.resolve(v)) is not None}


def describe_member(member: EnumMember) -> str:
    return f"{member.code} ({member.name})"


# --- Header rules ------------------------------------------------------------------


@rule(
    code=HEADER_UNKNOWN_VALUE,
    name="header-unknown-value",
    severity=Severity.ERROR,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="A header list value is not a known code or name of its enum.",
    why=(
        "Each list holds codes (or, with JSON, names) of one enum; an unknown value, such "
        "as SkuField 17 which does not exist, makes Norce reject the header or set nothing."
    ),
    bad=header_example('{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,99]}'),
    good=header_example('{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,1]}'),
    needs_header=True,
)
def unknown_value(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    found = header_fields_of(ctx)
    fields = found[1] if found else {}
    for pointer, field, value, member in _enum_values(header, ctx):
        if member is not None:
            continue
        enum = field.enum
        assert enum is not None
        message = f"{json.dumps(value)} is not a {enum.schema_name} code or name"
        suggestion = nf.name_suggestion(value, enum)
        if suggestion is not None:
            message += f"; did you mean {suggestion!r}? (names are matched exactly)"
        elif field.subset_of is not None:
            wider = fields.get(field.subset_of)
            wider_member = wider.enum.resolve(value) if wider and wider.enum else None
            if wider_member is not None:
                message += (
                    f"; {wider_member.name} cannot be used in {field.name} "
                    f"(allowed: {', '.join(str(c) for c in enum.codes)})"
                )
        elif isinstance(value, int) and not isinstance(value, bool):
            message += f" (known: {', '.join(str(c) for c in enum.codes)})"
        yield pointer, message


@rule(
    code=HEADER_NAME_NEEDS_CODE,
    name="header-name-needs-code",
    severity=Severity.ERROR,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="A header value is given by name where only integer codes work (XML content).",
    why=(
        "The docs: enums must be integers when the body is application/xml; names are "
        "accepted with application/json only."
    ),
    bad=Example(body=_ONHAND_XML, header=_ONHAND_HEADER % '"OnhandValue"', kind="norce.onhands"),
    good=Example(body=_ONHAND_XML, header=_ONHAND_HEADER % "3", kind="norce.onhands"),
    needs_header=True,
)
def name_needs_code(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    for pointer, field, value, member in _enum_values(header, ctx):
        if member is None or not isinstance(value, str):
            continue
        if ctx.content_type == "xml":
            yield pointer, f"{value!r} must be given as its code {member.code} with XML content"
        elif not field.names_allowed:
            yield pointer, f"{value!r} must be given as its code {member.code}"


@rule(
    code=HEADER_DEPENDENCY,
    name="header-dependency",
    severity=Severity.ERROR,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="A header list is set without the field it depends on (e.g. Variants, StandardPrice).",
    why=(
        "The docs give a 'Required setting' for dependent lists: variant fields need Variants "
        "in ProductFieldsThatAreSet, SKU fields need Skus in VariantFieldsThatAreSet, price "
        "fields need StandardPrice in SkuFieldsThatAreSet, and so on. Without it Norce never "
        "reaches the nested objects, so the dependent list does nothing."
    ),
    bad=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0],'
        '"VariantFieldsThatAreSet":[0]}'
    ),
    good=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,4],'
        '"VariantFieldsThatAreSet":[0]}'
    ),
    needs_header=True,
)
def dependency(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    found = header_fields_of(ctx)
    if found is None:
        return
    _, fields = found
    for name, field in fields.items():
        value = header.get(name)
        if field.requires is None or not isinstance(value, list) or not value:
            continue
        needed_list, needed_member = field.requires
        needed_field = fields.get(needed_list)
        needed_enum = needed_field.enum if needed_field else None
        if needed_member in _members(header, needed_list, needed_enum):
            continue
        member = needed_enum.by_name.get(needed_member) if needed_enum else None
        shown = describe_member(member) if member else needed_member
        yield f"/{name}", f"{name} needs {shown} in {needed_list}; Norce ignores {name} without it"


@rule(
    code=HEADER_IGNORE_NOT_SUBSET,
    name="header-ignore-not-subset",
    severity=Severity.ERROR,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="IgnoreSkuPriceListFieldsWhenEmpty names a field not in SkuPriceListFieldsThatAreSet.",
    why=(
        "The docs: every field added to IgnoreSkuPriceListFieldsWhenEmpty must be set in "
        "SkuPriceListFieldsThatAreSet as well."
    ),
    bad=header_example(
        '{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3],'
        '"IgnoreSkuPriceListFieldsWhenEmpty":[3,4]}'
    ),
    good=header_example(
        '{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3,4],'
        '"IgnoreSkuPriceListFieldsWhenEmpty":[3,4]}'
    ),
    needs_header=True,
)
def ignore_not_subset(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    found = header_fields_of(ctx)
    if found is None:
        return
    _, fields = found
    for pointer, field, _value, member in _enum_values(header, ctx):
        if member is None or field.subset_of is None:
            continue
        wider = fields.get(field.subset_of)
        if member.name not in _members(header, field.subset_of, wider.enum if wider else None):
            yield (
                pointer,
                (f"{describe_member(member)} is in {field.name} but not in {field.subset_of}"),
            )


@rule(
    code=HEADER_DUPLICATE_VALUE,
    name="header-duplicate-value",
    severity=Severity.WARNING,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="A header list names the same field twice (by code or by name).",
    why="A repeated field does nothing more; it usually hides a typo for another field.",
    bad=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,1,"ManufacturerCode"]}'
    ),
    good=header_example('{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,1]}'),
    needs_header=True,
)
def duplicate_value(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    seen: dict[tuple[str, int], str] = {}
    for pointer, field, value, member in _enum_values(header, ctx):
        if member is None or not field.is_list:
            continue
        key = (field.name, member.code)
        if key in seen:
            yield (
                pointer,
                (f"{json.dumps(value)} repeats {describe_member(member)}, already at {seen[key]}"),
            )
        else:
            seen[key] = pointer


@rule(
    code=HEADER_TWIN_CONFLICT,
    name="header-twin-conflict",
    severity=Severity.ERROR,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="A field is set together with its CreateOnly or LimitedUpdate twin.",
    why=(
        "A CreateOnly field is only written when the entity is created and a LimitedUpdate "
        "field only when this account wrote it last; listing the plain field too asks for "
        "both behaviours at once, and the docs do not say which one wins."
    ),
    bad=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[5],'
        '"ProductCultureFieldsThatAreSet":[0,1]}'
    ),
    good=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[5],'
        '"ProductCultureFieldsThatAreSet":[1]}'
    ),
    needs_header=True,
)
def twin_conflict(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    by_list: dict[str, dict[str, str]] = {}
    for pointer, field, _value, member in _enum_values(header, ctx):
        enum = field.enum
        if member is not None and field.is_list and enum and member.code not in enum.wire_only:
            by_list.setdefault(field.name, {}).setdefault(member.name, pointer)
    for list_name, names in by_list.items():
        enum = nf.header_fields(expected_header_kind(ctx) or "product")[list_name].enum
        assert enum is not None
        for name, pointer in names.items():
            base = nf.twin_base(name, enum)
            if base is None:
                continue
            clashing = [
                other
                for other in names
                if other != name and (other == base or nf.twin_base(other, enum) == base)
            ]
            if clashing:
                yield pointer, f"{name} is set together with {', '.join(clashing)} in {list_name}"


@rule(
    code=HEADER_WIRE_ONLY_FIELD,
    name="header-wire-only-field",
    severity=Severity.INFO,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="A header list holds a code the vendor client can send but the docs give no effect.",
    why=(
        "The vendor contract (Product/SkuPriceListHeader.cs, Product/ProductHeader.cs) types "
        "IgnoreSkuPriceListFieldsWhenEmpty as SkuPriceListField, so 9, 11, 12 and 13 reach "
        "Norce; the docs' table lists only 3-8 and 10 as dropping a price row. Norce probably "
        "ignores the others: the row is not dropped for them. The vendor's own client "
        "sends them, so this only informs."
    ),
    bad=header_example(
        '{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3,12],'
        '"IgnoreSkuPriceListFieldsWhenEmpty":[12]}'
    ),
    good=header_example(
        '{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3,12],'
        '"IgnoreSkuPriceListFieldsWhenEmpty":[3]}'
    ),
    needs_header=True,
)
def wire_only_field(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    for pointer, field, _value, member in _enum_values(header, ctx):
        enum = field.enum
        if member is not None and enum is not None and member.code in enum.wire_only:
            yield (
                pointer,
                f"{describe_member(member)} in {field.name} is sent by the vendor client but "
                f"has no documented effect there (documented: "
                f"{', '.join(str(c) for c in enum.codes if c not in enum.wire_only)})",
            )


@rule(
    code=HEADER_DEPRECATED_FIELD,
    name="header-deprecated-field",
    severity=Severity.WARNING,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="A header list names a deprecated field (e.g. SkuField 15 VolumeWeight).",
    why=(
        "The docs mark these fields deprecated and no longer supported (SkuField 15 "
        "VolumeWeight, SkuOnhandField 7 OnOrderValue): Norce does not update them."
    ),
    bad=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[4],'
        '"VariantFieldsThatAreSet":[5],"SkuFieldsThatAreSet":[14,15]}'
    ),
    good=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[4],'
        '"VariantFieldsThatAreSet":[5],"SkuFieldsThatAreSet":[14]}'
    ),
    needs_header=True,
)
def deprecated_field(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    for pointer, field, _value, member in _enum_values(header, ctx):
        if member is not None and member.deprecated:
            yield (
                pointer,
                f"{describe_member(member)} in {field.name} is deprecated and not supported",
            )


@rule(
    code=HEADER_DOCS_ONLY_FIELD,
    name="header-docs-only-field",
    severity=Severity.WARNING,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary=(
        "SkuFieldsThatAreSet names 0 (Name), which the docs list but the vendor contract lacks."
    ),
    why=(
        "The docs list SkuField 0 = Name, but Norce's published contract has no member 0 and "
        "the SKU model has no Name property; the value may be rejected or do nothing."
    ),
    bad=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[4],'
        '"VariantFieldsThatAreSet":[5],"SkuFieldsThatAreSet":[0,1]}'
    ),
    good=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[4],'
        '"VariantFieldsThatAreSet":[5],"SkuFieldsThatAreSet":[1]}'
    ),
    needs_header=True,
)
def docs_only_field(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    docs_only = set(nf.SKU_FIELDS_DOCS_ONLY)
    for pointer, field, _value, member in _enum_values(header, ctx):
        if member is not None and field.enum and (field.enum.schema_name, member.name) in docs_only:
            yield (
                pointer,
                (
                    f"{describe_member(member)} in {field.name} is in the docs only, "
                    "not in Norce's contract"
                ),
            )


@rule(
    code=HEADER_VARIANT_CULTURE_CLIENT_SETTING,
    name="header-variant-culture-client-setting",
    severity=Severity.INFO,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="VariantCulture texts other than Name and UniqueUrlName need a client setting.",
    why=(
        "The docs: for any VariantCulture field except Name and UniqueUrl, the client setting "
        "'Product texts are variant unique' must be active; otherwise these texts are not kept "
        "per variant."
    ),
    bad=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[4],'
        '"VariantFieldsThatAreSet":[4],"VariantCultureFieldsThatAreSet":[0,1,10]}'
    ),
    good=header_example(
        '{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[4],'
        '"VariantFieldsThatAreSet":[4],"VariantCultureFieldsThatAreSet":[0,1]}'
    ),
    needs_header=True,
)
def variant_culture_client_setting(
    header: Mapping[str, Any], ctx: LintContext
) -> Iterator[Finding]:
    needing = [
        member
        for _pointer, field, _value, member in _enum_values(header, ctx)
        if member is not None
        and field.name == nf.VARIANT_CULTURE_LIST
        and member.name not in nf.VARIANT_CULTURE_WITHOUT_CLIENT_SETTING
    ]
    if needing:
        shown = ", ".join(describe_member(m) for m in needing)
        yield (
            f"/{nf.VARIANT_CULTURE_LIST}",
            (
                f"{shown} only take effect when the client setting "
                f"'Product texts are variant unique' is active"
            ),
        )
