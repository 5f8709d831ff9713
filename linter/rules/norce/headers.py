"""Rules NH on the header's single properties: JobId, supplier, serialization, FullFile, keys.

The rules on its ...FieldsThatAreSet lists are in :mod:`linter.rules.norce.lists`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from linter import norce_model as nf
from linter.coded_enums import coded_enum
from linter.codes import (
    HEADER_FULL_FILE,
    HEADER_JOB_ID,
    HEADER_SERIALIZATION_MISMATCH,
    HEADER_SUPPLIER_WITHOUT_STORAGE,
    HEADER_UNKNOWN_PROPERTY,
)
from linter.diagnostics import Severity
from linter.registry import NORCE_BODY_KINDS, Example, Finding, LintContext, Scope, rule
from linter.rules.norce.common import expected_header_kind
from linter.rules.norce.lists import (
    HEADER_KINDS,
    describe_member,
    header_example,
    header_fields_of,
)

_FULL_FILE_EFFECT: Mapping[str, str] = {
    "product": (
        "products previously in a variant cluster but not in this import's cluster are "
        "removed from it"
    ),
    "onhand": "on-hand rows of the imported warehouses and locations missing from it are "
    "deactivated",
    "price": "price rows of the imported price lists missing from it are deactivated",
    "relation": "relations missing from the import may be removed (undocumented for relations)",
}


@rule(
    code=HEADER_JOB_ID,
    name="header-job-id",
    severity=Severity.WARNING,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="The header carries JobId, which Norce assigns itself.",
    why=(
        "The docs: JobId is created by Norce Commerce Connect and should be omitted in the request."
    ),
    bad=header_example('{"AccountId":1,"FullFile":false,"JobId":42}'),
    good=header_example('{"AccountId":1,"FullFile":false}'),
    needs_header=True,
)
def job_id(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    if nf.JOB_ID in header:
        yield f"/{nf.JOB_ID}", f"JobId {json.dumps(header[nf.JOB_ID])} should be omitted"


@rule(
    code=HEADER_SUPPLIER_WITHOUT_STORAGE,
    name="header-supplier-without-storage",
    severity=Severity.WARNING,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="SupplierId is set without StorageName.",
    why="The docs: SupplierId is only used in combination with StorageName; alone it is ignored.",
    bad=header_example('{"AccountId":1,"FullFile":false,"SupplierId":7}'),
    good=header_example(
        '{"AccountId":1,"FullFile":false,"SupplierId":7,"StorageName":"https://files.example.com/feed.json"}'
    ),
    needs_header=True,
)
def supplier_without_storage(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    if header.get(nf.SUPPLIER_ID) is not None and not header.get(nf.STORAGE_NAME):
        yield (
            f"/{nf.SUPPLIER_ID}",
            (f"SupplierId {json.dumps(header[nf.SUPPLIER_ID])} has no StorageName; it is ignored"),
        )


@rule(
    code=HEADER_SERIALIZATION_MISMATCH,
    name="header-serialization-mismatch",
    severity=Severity.ERROR,
    kinds=NORCE_BODY_KINDS,
    scope=Scope.HEADER,
    summary="SerializationType disagrees with the content type of the body.",
    why=(
        "SerializationType tells Norce how to read the body (0 = JSON, 1 = XML); a JSON body "
        "announced as XML (or the reverse) cannot be read."
    ),
    bad=Example(
        body='[{"PartNo":"A1","WarehouseCode":"W","LocationCode":"L","OnhandValue":1}]',
        header='{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3],"SerializationType":1}',
        kind="norce.onhands",
    ),
    good=Example(
        body='[{"PartNo":"A1","WarehouseCode":"W","LocationCode":"L","OnhandValue":1}]',
        header='{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3],"SerializationType":0}',
        kind="norce.onhands",
    ),
    needs_header=True,
)
def serialization_mismatch(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    wanted = nf.SERIALIZATION_FOR_CONTENT.get(ctx.content_type)
    value = header.get(nf.SERIALIZATION_TYPE)
    if wanted is None or value is None:
        return
    member = coded_enum("norce", nf.SERIALIZATION_ENUM).resolve(value)
    if member is not None and member.code != wanted:
        yield (
            f"/{nf.SERIALIZATION_TYPE}",
            (
                f"SerializationType {describe_member(member)} does not match the "
                f"{ctx.content_type.upper()} "
                f"body (expected {wanted})"
            ),
        )


@rule(
    code=HEADER_FULL_FILE,
    name="header-full-file",
    severity=Severity.WARNING,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary="FullFile is true: the import also changes data it does not contain.",
    why=(
        "With FullFile true, ImportProducts removes products from variant clusters they are "
        "not imported into, and ImportOnhands / ImportSkuPriceLists deactivate rows missing "
        "from the import. The docs advise caution; a partial file then deletes data."
    ),
    bad=header_example('{"AccountId":1,"FullFile":true,"SkuOnhandFieldsThatAreSet":[3]}'),
    good=header_example('{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'),
    needs_header=True,
)
def full_file(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    if header.get(nf.FULL_FILE) is True:
        effect = _FULL_FILE_EFFECT.get(expected_header_kind(ctx) or "", "")
        yield f"/{nf.FULL_FILE}", f"FullFile is true: {effect}"


@rule(
    code=HEADER_UNKNOWN_PROPERTY,
    name="header-unknown-property",
    severity=Severity.ERROR,
    kinds=HEADER_KINDS,
    scope=Scope.HEADER,
    summary=(
        "The header has a property its header type does not declare (a typo or another type's "
        "list)."
    ),
    why=(
        "Each import takes its own header type (ImportOnhands a SkuOnhandHeader, and so on); "
        "a property it does not know is dropped, so the fields it was meant to set are not set."
    ),
    bad=header_example('{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSett":[0]}'),
    good=header_example('{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0]}'),
    needs_header=True,
)
def unknown_property(header: Mapping[str, Any], ctx: LintContext) -> Iterator[Finding]:
    found = header_fields_of(ctx)
    if found is None:
        return
    kind, fields = found
    schema_name = nf.header_schema_of_kind(kind)
    for name in header:
        if name in fields:
            continue
        owners = [nf.header_schema_of_kind(k) for k in nf.header_kinds_declaring(name)]
        if owners:
            hint = f"; it belongs to {' / '.join(owners)}: is this the right header for the import?"
        else:
            folded = {f.casefold(): f for f in fields}
            close = folded.get(name.casefold())
            hint = f"; did you mean {close!r}?" if close else ""
        yield f"/{name}", f"{schema_name} has no property {name!r}{hint}"
