"""Every fix: the fixed text lints clean of its code, every other byte is kept, and a
second run changes nothing. The expected texts are written out byte for byte."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from linter import codes
from linter.checking import DocumentInput, Selection
from linter.diagnostics import Diagnostic
from linter.engine import lint_document
from linter.fix import FIXES, MAX_ROUNDS, Safety, fix_document, fix_line
from linter.registry import all_rules

ONHAND_HEADER = b'{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'
PRODUCT_HEADER = (
    b'{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,3,4],'
    b'"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,5,20],'
    b'"SkuPriceListFieldsThatAreSet":[3]}'
)
ONHAND = b'{"PartNo":"A1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1}'
ONHAND_XML = (
    b"<ArrayOfSkuOnhand><SkuOnhand><LocationCode>L</LocationCode><PartNo>A1</PartNo>"
    b"<WarehouseCode>W</WarehouseCode><OnhandValue>1</OnhandValue></SkuOnhand></ArrayOfSkuOnhand>"
)


def sku_product(skus: bytes) -> bytes:
    return (
        b'[\n  {"Code": "P1", "ManufacturerCode": "ACME",\n   "Variants": [{"ManufacturerPartNo": '
        b'"M1", "Skus": [' + skus + b"]}]}\n]\n"
    )


@dataclass(frozen=True)
class Case:
    id: str
    code: str
    kind: str
    body: bytes
    fixed_body: bytes
    header: bytes | None = None
    fixed_header: bytes | None = None
    content_type: str = "json"
    unsafe: bool = False


CASES = [
    Case(
        "multi-line header made one line",
        codes.HEADER_MULTILINE,
        "norce.onhands",
        b"[" + ONHAND + b"]",
        b"[" + ONHAND + b"]",
        b'{\n  "AccountId": 1,\r\n  "FullFile": false,\n\t"SkuOnhandFieldsThatAreSet": [3]\n}\n',
        b'{"AccountId": 1,"FullFile": false,"SkuOnhandFieldsThatAreSet": [3]}\n',
    ),
    Case(
        "a lone header document made one line",
        codes.HEADER_MULTILINE,
        "norce.header",
        b'{"AccountId": 1,\n "FullFile": false}',
        b'{"AccountId": 1,"FullFile": false}',
    ),
    Case(
        "header value listed twice removed (by code and by name)",
        codes.HEADER_DUPLICATE_VALUE,
        "norce.onhands",
        b"[" + ONHAND + b"]",
        b"[" + ONHAND + b"]",
        b'{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3, 3,"OnhandValue"]}',
        b'{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}',
    ),
    Case(
        "header names turned into codes for an XML body",
        codes.HEADER_NAME_NEEDS_CODE,
        "norce.onhands",
        ONHAND_XML,
        ONHAND_XML,
        b'{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":["OnhandValue"]}',
        b'{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}',
        content_type="xml",
    ),
    Case(
        "JobId removed from the header",
        codes.HEADER_JOB_ID,
        "norce.onhands",
        b"[" + ONHAND + b"]",
        b"[" + ONHAND + b"]",
        b'{"AccountId":1, "JobId": 7 ,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}',
        b'{"AccountId":1 ,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}',
    ),
    Case(
        "JobId first in the header",
        codes.HEADER_JOB_ID,
        "norce.header",
        b'{"JobId":7,\n"AccountId":1,"FullFile":false}',
        b'{"AccountId":1,"FullFile":false}',
    ),
    Case(
        "product culture code case normalised",
        codes.PRODUCT_CULTURE_CODE_FORMAT,
        "norce.products",
        b'[{"Code":"P1","Cultures":[{"CultureCode":"sv-se","Name":"Stol \xc3\xa5"}]}]',
        b'[{"Code":"P1","Cultures":[{"CultureCode":"sv-SE","Name":"Stol \xc3\xa5"}]}]',
    ),
    Case(
        "relation culture code case normalised",
        codes.RELATION_CULTURE_CODE_FORMAT,
        "norce.relations",
        b'[{"PartNo":"A1","RelatedPartNo":"B1","RelationTypeCode":"ACC",'
        b'"Cultures":[{"CultureCode" : "EN-gb","Name":"Fits"}]}]',
        b'[{"PartNo":"A1","RelatedPartNo":"B1","RelationTypeCode":"ACC",'
        b'"Cultures":[{"CultureCode" : "en-GB","Name":"Fits"}]}]',
    ),
    Case(
        "unflagged product field removed from every SKU",
        codes.PRODUCT_FIELD_NOT_FLAGGED,
        "norce.products",
        sku_product(
            b'{"PartNo": "S1", "TrackingCode": "T", "Status": 1},\n'
            b'{"PartNo": "S2", "Status": 1, "TrackingCode": "U"}'
        ),
        sku_product(b'{"PartNo": "S1", "Status": 1},\n{"PartNo": "S2", "Status": 1}'),
        PRODUCT_HEADER,
        PRODUCT_HEADER,
    ),
    Case(
        "unflagged on-hand field removed",
        codes.ONHAND_FIELD_NOT_FLAGGED,
        "norce.onhands",
        b'[{"PartNo":"A1","WarehouseCode":"W1","LocationCode":"L1","IncomingValue":4,'
        b'"OnhandValue":1}]',
        b'[{"PartNo":"A1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1}]',
        ONHAND_HEADER,
        ONHAND_HEADER,
    ),
    Case(
        "unflagged price field removed",
        codes.PRICE_FIELD_NOT_FLAGGED,
        "norce.prices",
        b'[{"PartNo":"A1","PriceListCode":"BASE","PriceSale":10,"IsActive":true,"PriceCatalog":15}]',
        b'[{"PartNo":"A1","PriceListCode":"BASE","PriceSale":10,"IsActive":true}]',
        b'{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3,10]}',
        b'{"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3,10]}',
    ),
    Case(
        "unflagged relation field removed",
        codes.RELATION_FIELD_NOT_FLAGGED,
        "norce.relations",
        b'[{"PartNo":"A1","RelatedPartNo":"B1","RelationTypeCode":"ACC","IsActive":true,'
        b'"SortOrder":3}]',
        b'[{"PartNo":"A1","RelatedPartNo":"B1","RelationTypeCode":"ACC","IsActive":true}]',
        b'{"AccountId":1,"FullFile":false,"RelationFieldsThatAreSet":[1]}',
        b'{"AccountId":1,"FullFile":false,"RelationFieldsThatAreSet":[1]}',
    ),
    Case(
        "culture code case normalised in an XML body",
        codes.PRODUCT_CULTURE_CODE_FORMAT,
        "norce.products",
        b"<ArrayOfProduct>\n  <Product><Code>P1</Code>\n    <Cultures><ProductCulture>"
        b"<CultureCode>sv-se</CultureCode><Name>x</Name></ProductCulture></Cultures>\n"
        b"  </Product>\n</ArrayOfProduct>\n",
        b"<ArrayOfProduct>\n  <Product><Code>P1</Code>\n    <Cultures><ProductCulture>"
        b"<CultureCode>sv-SE</CultureCode><Name>x</Name></ProductCulture></Cultures>\n"
        b"  </Product>\n</ArrayOfProduct>\n",
        content_type="xml",
    ),
    Case(
        "unflagged field removed from an XML body, its line with it",
        codes.ONHAND_FIELD_NOT_FLAGGED,
        "norce.onhands",
        b"<ArrayOfSkuOnhand>\n <SkuOnhand><LocationCode>L</LocationCode><PartNo>A1</PartNo>"
        b"<WarehouseCode>W</WarehouseCode><OnhandValue>1</OnhandValue>"
        b"<IncomingValue>3</IncomingValue></SkuOnhand>\n <SkuOnhand>\n  <LocationCode>L"
        b"</LocationCode><PartNo>A2</PartNo><WarehouseCode>W</WarehouseCode>\n"
        b"  <IncomingValue>4</IncomingValue>\n  <OnhandValue>1</OnhandValue>\n"
        b" </SkuOnhand>\n</ArrayOfSkuOnhand>",
        b"<ArrayOfSkuOnhand>\n <SkuOnhand><LocationCode>L</LocationCode><PartNo>A1</PartNo>"
        b"<WarehouseCode>W</WarehouseCode><OnhandValue>1</OnhandValue>"
        b"</SkuOnhand>\n <SkuOnhand>\n  <LocationCode>L"
        b"</LocationCode><PartNo>A2</PartNo><WarehouseCode>W</WarehouseCode>\n"
        b"  <OnhandValue>1</OnhandValue>\n"
        b" </SkuOnhand>\n</ArrayOfSkuOnhand>",
        ONHAND_HEADER,
        ONHAND_HEADER,
        content_type="xml",
    ),
    Case(
        "unsafe: a missing flag added to an existing header list",
        codes.ONHAND_FIELD_NOT_FLAGGED,
        "norce.onhands",
        b'[{"PartNo":"A1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1,'
        b'"IncomingValue":4}]',
        b'[{"PartNo":"A1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1,'
        b'"IncomingValue":4}]',
        ONHAND_HEADER,
        b'{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3,4]}',
        unsafe=True,
    ),
    Case(
        "unsafe: a missing header list added with the flag",
        codes.PRODUCT_FIELD_NOT_FLAGGED,
        "norce.products",
        sku_product(b'{"PartNo": "S1", "Status": 1}'),
        sku_product(b'{"PartNo": "S1", "Status": 1}'),
        b'{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,3,4],'
        b'"SkuFieldsThatAreSet":[1,5,20]}',
        b'{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,3,4],'
        b'"SkuFieldsThatAreSet":[1,5,20],"VariantFieldsThatAreSet":[5]}',
        unsafe=True,
    ),
    Case(
        "unsafe: a repeated key reduced to the last, as .NET keeps",
        codes.DUPLICATE_KEY,
        "norce.onhands",
        b'[{"PartNo": "A-1", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 1,'
        b' "PartNo": "A-2"}]',
        b'[{"WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 1, "PartNo": "A-2"}]',
        ONHAND_HEADER,
        ONHAND_HEADER,
        unsafe=True,
    ),
    Case(
        "unsafe: a key repeated three times in the header",
        codes.DUPLICATE_KEY,
        "norce.header",
        b'{"AccountId":1,"FullFile":false,"AccountId":2,"AccountId":3}',
        b'{"FullFile":false,"AccountId":3}',
        unsafe=True,
    ),
    Case(
        "unsafe: Ka-ching ids percent-encoded as the vendor plugin does",
        codes.FORBIDDEN_ID_CHARACTER,
        "kaching.stock",
        b'{"store.1": {"sku.1": 3, "shirt": {"red/s_x": 1}, "ok": 2}}',
        b'{"store%2E1": {"sku%2E1": 3, "shirt": {"red%2Fs%5Fx": 1}, "ok": 2}}',
        unsafe=True,
    ),
]


def lint(case: Case, body: bytes, header: bytes | None) -> list[Diagnostic]:
    doc = DocumentInput(
        open=lambda: __import__("io").BytesIO(body),
        kind=case.kind,
        file="body",
        content_type=case.content_type,
        header=header,
        header_file="header",
    )
    return lint_document(doc, Selection())


def run_fixes(case: Case, body: bytes, header: bytes | None) -> tuple[bytes, bytes | None, int]:
    texts = {"body": body}
    if header is not None:
        texts["header"] = header
    fixed = fix_document(
        texts,
        body="body",
        header="header" if header is not None else None,
        kind=case.kind,
        content_type=case.content_type,
        unsafe=case.unsafe,
    )
    return fixed.texts["body"], fixed.texts.get("header"), fixed.fixed


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fix_mends_its_finding_and_keeps_every_other_byte(case: Case) -> None:
    before = lint(case, case.body, case.header)
    assert case.code in {d.code for d in before}, before
    body, header, count = run_fixes(case, case.body, case.header)
    assert count >= 1
    assert body == case.fixed_body
    assert header == case.fixed_header
    after = lint(case, body, header)
    assert case.code not in {d.code for d in after}, after
    again = run_fixes(case, body, header)
    assert again == (body, header, 0)


@pytest.mark.parametrize("case", [c for c in CASES if c.unsafe], ids=lambda c: c.id)
def test_an_unsafe_fix_waits_for_unsafe_fixes(case: Case) -> None:
    body, header, _ = run_fixes(Case(**{**case.__dict__, "unsafe": False}), case.body, case.header)
    if FIXES[case.code].safety is Safety.UNSAFE:
        assert (body, header) == (case.body, case.header)
    else:  # the safe edit of a rule whose unsafe one is an alternative: the body changes
        assert header == case.header


@pytest.mark.parametrize(
    ("kind", "body", "code"),
    [
        (
            "norce.products",
            sku_product(b'{"PartNo": "S1", "EanCode": "4006381333932", "Status": 1}'),
            codes.SKU_EAN_CHECK_DIGIT,
        ),
        ("kaching.stock", b'{"store-1": {"mug": -1}}', codes.NEGATIVE_COUNT),
        (
            "norce.products",
            b'[{"Code":"P1","Cultures":[{"CultureCode":"sv_SE","Name":"Stol"}]}]',
            codes.PRODUCT_CULTURE_CODE_FORMAT,
        ),
    ],
    ids=["EAN check digit", "negative count", "culture code of another form"],
)
def test_what_is_never_guessed_is_left(kind: str, body: bytes, code: str) -> None:
    header = PRODUCT_HEADER if code == codes.SKU_EAN_CHECK_DIGIT else None
    case = Case("none", code, kind, body, body, header)
    assert code in {d.code for d in lint(case, body, case.header)}
    for unsafe in (False, True):
        fixed = run_fixes(Case(**{**case.__dict__, "unsafe": unsafe}), body, case.header)
        assert fixed[:2] == (body, case.header)


def test_the_floor_of_fixes_is_registered_with_its_safety() -> None:
    safe = {
        codes.HEADER_MULTILINE,
        codes.HEADER_DUPLICATE_VALUE,
        codes.HEADER_NAME_NEEDS_CODE,
        codes.HEADER_JOB_ID,
        codes.PRODUCT_CULTURE_CODE_FORMAT,
        codes.RELATION_CULTURE_CODE_FORMAT,
        codes.PRODUCT_FIELD_NOT_FLAGGED,
        codes.ONHAND_FIELD_NOT_FLAGGED,
        codes.PRICE_FIELD_NOT_FLAGGED,
        codes.RELATION_FIELD_NOT_FLAGGED,
    }
    unsafe = {codes.DUPLICATE_KEY, codes.FORBIDDEN_ID_CHARACTER}
    assert {e.code for e in FIXES if e.safety is Safety.SAFE} == safe
    assert {e.code for e in FIXES if e.safety is Safety.UNSAFE} == unsafe
    flag_codes = {
        codes.PRODUCT_FIELD_NOT_FLAGGED,
        codes.ONHAND_FIELD_NOT_FLAGGED,
        codes.PRICE_FIELD_NOT_FLAGGED,
        codes.RELATION_FIELD_NOT_FLAGGED,
    }
    assert {e.code for e in FIXES if e.make_unsafe is not None} == flag_codes
    rule_codes = {r.code for r in all_rules()}
    assert {e.code for e in FIXES} <= rule_codes
    assert fix_line(codes.SKU_EAN_CHECK_DIGIT) == "none"
    assert fix_line(codes.NEGATIVE_COUNT) == "none"


def test_overlapping_fixes_take_rounds_and_stop() -> None:
    header = b'{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3,3,3,3,3,3]}'
    case = Case(
        "rounds", codes.HEADER_DUPLICATE_VALUE, "norce.onhands", b"[" + ONHAND + b"]", b"", header
    )
    texts = {"body": case.body, "header": header}
    fixed = fix_document(texts, body="body", header="header", kind=case.kind, content_type="json")
    assert fixed.texts["header"] == ONHAND_HEADER
    assert 1 <= fixed.rounds <= MAX_ROUNDS


def test_a_round_that_raises_a_new_error_is_undone() -> None:
    from linter.fix import Edit, FixEntry

    def breaks_the_json(finding: Diagnostic, docs: object) -> list[Edit]:
        return [Edit(finding.file, 0, 1, b"")]  # drops the opening brace

    FIXES.names()  # the real fixers first, then the stand-in beside them
    FIXES.add(FixEntry(codes.NEGATIVE_COUNT, Safety.SAFE, "a broken stand-in", breaks_the_json))
    try:
        body = b'{"store-1": {"mug": -1}}'
        fixed = fix_document(
            {"body": body}, body="body", header=None, kind="kaching.stock", content_type="json"
        )
    finally:
        FIXES.remove(codes.NEGATIVE_COUNT)
    assert fixed.texts == {"body": body}
    assert (fixed.fixed, fixed.codes, fixed.rounds) == (0, {}, 0)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_findings_are_found_at_their_line_and_column(case: Case) -> None:
    """The fixers start from the finding's line and column; the pointer agrees with it."""
    from linter.fix.jsontext import finding_node, json_start, node_at, offset_at

    texts = {"body": case.body, "header": case.header}
    for finding in lint(case, case.body, case.header):
        raw = texts.get(finding.file)
        if raw is None or finding.code != case.code or case.content_type != "json":
            continue
        at = offset_at(raw, finding.line, finding.column)
        if finding.pointer and finding.code != codes.HEADER_MULTILINE:
            last = finding.code == codes.DUPLICATE_KEY
            assert at == node_at(raw, finding.pointer, start=json_start(raw), last_key=last)
            assert finding_node(raw, finding) == at
