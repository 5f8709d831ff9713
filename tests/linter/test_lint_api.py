"""The public API: kinds, headers, XML, seeds, positions, selection, broken rules."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from linter import (
    LintResult,
    Severity,
    check_header,
    detect_kind,
    lint_bytes,
    lint_object,
    lint_path,
)
from linter.config import ConfigError, LintConfig, parse_table
from linter.diagnostics import Diagnostic
from linter.positions import line_columns
from linter.registry import RULES, Example, Rule, Scope

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
ONHAND = {"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "STORE", "OnhandValue": 5}
ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'

UNLEASHED_PAGE = {
    "Pagination": {"NumberOfItems": 1, "PageSize": 200, "PageNumber": 1, "NumberOfPages": 1},
    "Items": [
        {
            "ProductCode": "BOOK",
            "ProductDescription": "Book of Spells",
            "ProductGuid": "5cf1c9ba-89de-4f59-879c-c08a447fd49c",
            "ProductSourceId": None,
            "ProductGroupName": "Gift",
            "WarehouseId": "",
            "Warehouse": "",
            "WarehouseCode": "",
            "DaysSinceLastSale": 282,
            "OnPurchase": 0,
            "AllocatedQty": 0,
            "AvailableQty": 252,
            "QtyOnHand": 252,
            "AvgCost": 12.45391666666667,
            "TotalCost": 3138.387,
            "Guid": "5cf1c9ba-89de-4f59-879c-c08a447fd49c",
            "LastModifiedOn": "/Date(1434940340740)/",
        }
    ],
}

UNLEASHED_XML = b"""<?xml version="1.0"?>
<StockOnHandList xmlns= "http://api.unleashedsoftware.com/version/1" >
<Pagination>
<NumberOfItems> 1</NumberOfItems>
<PageSize> 200</PageSize>
<PageNumber> 1</PageNumber>
<NumberOfPages> 1</NumberOfPages>
</Pagination>
<StockOnHand>
<Guid> 5cf1c9ba-89de-4f59-879c-c08a447fd49c</Guid>
<LastModifiedOn> 2015-06-22T02:32:20.74</LastModifiedOn>
<ProductCode> BOOK</ProductCode>
<ProductDescription> Book of Spells</ProductDescription>
<ProductGuid> 5cf1c9ba-89de-4f59-879c-c08a447fd49c</ProductGuid>
<ProductGroupName> Gift</ProductGroupName>
<WarehouseId />
<Warehouse />
<WarehouseCode />
<DaysSinceLastSale> 282</DaysSinceLastSale>
<OnPurchase> 0.0000</OnPurchase>
<AllocatedQty> 0.0000</AllocatedQty>
<AvailableQty> 252.0000</AvailableQty>
<QtyOnHand> 252.0000</QtyOnHand>
<AvgCost> 12.45391666666667</AvgCost>
<TotalCost> 3138.387000</TotalCost>
</StockOnHand>
</StockOnHandList>
"""

NORCE_XML = b"""<?xml version="1.0" encoding="utf-8"?>
<ArrayOfSkuOnhand xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <SkuOnhand>
    <LocationCode>STORE</LocationCode>
    <PartNo>A-1</PartNo>
    <WarehouseCode>MAIN</WarehouseCode>
    <IncomingValue i:nil="true" />
    <Infos><Info><Code>shelf</Code><Value>3B</Value></Info></Infos>
    <OnhandValue>5.5</OnhandValue>
  </SkuOnhand>
  <SkuOnhand>
    <LocationCode>STORE</LocationCode>
    <PartNo>A-2</PartNo>
    <WarehouseCode>MAIN</WarehouseCode>
    <OnhandValue>many</OnhandValue>
  </SkuOnhand>
</ArrayOfSkuOnhand>
"""


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return sorted(d.code for d in diagnostics)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (json.dumps([ONHAND]), "norce.onhands"),
        ('[{"PartNo": "A", "PriceListCode": "STD"}]', "norce.prices"),
        ('[{"PartNo": "A", "RelatedPartNo": "B", "RelationTypeCode": "x"}]', "norce.relations"),
        ('[{"Code": "P", "Variants": []}]', "norce.products"),
        ('{"store-1": {"a": 1}}', "kaching.stock"),
        (json.dumps(UNLEASHED_PAGE), "unleashed.stock-on-hand"),
        ('{"Items": []}', "unleashed.stock-on-hand"),
        (ONHAND_HEADER, "norce.header"),
        ('<?xml version="1.0"?><ArrayOfProduct/>', "norce.products"),
        ("<StockOnHandList/>", "unleashed.stock-on-hand"),
        ("[]", None),
        ("[1, 2]", None),
        ('"text"', None),
        ("", None),
    ],
)
def test_detect_kind(data: str, kind: str | None) -> None:
    assert detect_kind(data.encode()) == kind


def test_detect_kind_on_a_truncated_prefix() -> None:
    big = json.dumps([ONHAND] * 1000).encode()
    assert detect_kind(big[:500]) == "norce.onhands"


def test_check_header_accepts_text_bytes_and_dict() -> None:
    for header in (ONHAND_HEADER, ONHAND_HEADER.encode(), json.loads(ONHAND_HEADER)):
        assert codes(check_header(header, kind="norce.onhands")) == []


def test_check_header_schema_uses_the_body_kind() -> None:
    found = check_header('{"AccountId":"one","FullFile":false}', kind="norce.onhands")
    (diagnostic,) = [d for d in found if d.code == "SG003"]
    assert diagnostic.pointer == "/AccountId"
    assert diagnostic.column == 2  # a member is located at its key
    assert "SkuOnhandHeader" in diagnostic.message


def test_check_header_in_xml() -> None:
    header = (
        b"<SkuOnhandHeader><AccountId>1</AccountId><FullFile>false</FullFile></SkuOnhandHeader>"
    )
    assert codes(check_header(header, kind="norce.onhands", content_type="xml")) == []
    broken = (
        b"<SkuOnhandHeader><AccountId>x</AccountId><FullFile>false</FullFile></SkuOnhandHeader>"
    )
    assert "SG003" in codes(check_header(broken, kind="norce.onhands", content_type="xml"))


def test_body_without_header_gets_one_info() -> None:
    rows = [dict(ONHAND, PartNo=f"A-{i}") for i in range(3)]
    found = lint_bytes(json.dumps(rows).encode(), kind="norce.onhands")
    assert codes(found) == ["SG008"]
    assert found[0].severity is Severity.INFO


def test_header_findings_name_the_header_file() -> None:
    found = lint_bytes(
        json.dumps([ONHAND]).encode(), kind="norce.onhands", header='{"AccountId":1}', file="a.json"
    )
    header_findings = [d for d in found if d.code == "SG003"]
    assert header_findings
    assert {d.file for d in header_findings} == {"<header>"}
    assert header_findings[0].pointer == ""


def test_lint_object_and_pointers() -> None:
    found = lint_object([ONHAND, dict(ONHAND, LeadTimeDayCount=2**31)], kind="norce.onhands")
    (schema,) = [d for d in found if d.code == "SG003"]
    assert schema.pointer == "/1/LeadTimeDayCount"


def test_unleashed_json_and_xml_seeds_agree() -> None:
    from_json = lint_bytes(json.dumps(UNLEASHED_PAGE).encode(), kind="unleashed.stock-on-hand")
    from_xml = lint_bytes(UNLEASHED_XML, kind="unleashed.stock-on-hand", content_type="xml")
    assert codes(from_json) == codes(from_xml) == []


def test_unleashed_xml_positions() -> None:
    broken = UNLEASHED_XML.replace(b"<TotalCost> 3138.387000", b"<TotalCost> 99")
    (found,) = lint_bytes(broken, kind="unleashed.stock-on-hand", content_type="xml")
    assert found.code == "US003"
    assert found.line == broken[: broken.index(b"<TotalCost>")].count(b"\n") + 1


def test_norce_datacontract_xml() -> None:
    found = lint_bytes(NORCE_XML, kind="norce.onhands", content_type="xml", header=ONHAND_HEADER)
    schema = [d for d in found if d.code == "SG003"]
    assert [d.pointer for d in schema] == ["/1/OnhandValue"]
    assert schema[0].line == NORCE_XML[: NORCE_XML.index(b"many")].count(b"\n") + 1


def test_unleashed_pagination_is_checked_against_the_page() -> None:
    page = dict(UNLEASHED_PAGE, Pagination={**UNLEASHED_PAGE["Pagination"], "NumberOfItems": 2})  # type: ignore[dict-item]
    found = lint_bytes(json.dumps(page, indent=2).encode(), kind="unleashed.stock-on-hand")
    (us004,) = [d for d in found if d.code == "US004"]
    assert us004.pointer == "/Items"
    assert us004.line > 1


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not beside the checkout")
def test_seed_examples_lint_clean_or_with_documented_warnings() -> None:
    kaching = (SEEDS / "kaching-stock-import.txt").read_text()
    bodies = [
        kaching[s : kaching.index("\n}", s) + 2]
        for s in _starts(kaching, '{\n    "stock_location_id"')
    ]
    assert len(bodies) == 4
    for body in bodies:
        assert codes(lint_bytes(body.encode(), kind="kaching.stock")) == []
    header = (SEEDS / "norce-product-header.txt").read_text()
    example = next(line for line in header.splitlines() if line.startswith('{"AccountId"'))
    found = lint_bytes(example.encode(), kind="norce.header")
    assert all(d.severity is not Severity.ERROR for d in found), found
    unleashed = (SEEDS / "unleashed-stock-on-hand.txt").read_text()
    start = unleashed.index('{\n"Pagination"')
    page = unleashed[start : unleashed.index("\n]\n}", start) + 4]
    found = lint_bytes(page.encode(), kind="unleashed.stock-on-hand")
    # The doc's first row shows 81.8 available of 69 on hand: the documented US002 warning.
    assert codes(found) == ["US002"]


def _starts(text: str, marker: str) -> Iterator[int]:
    at = text.find(marker)
    while at >= 0:
        yield at
        at = text.find(marker, at + 1)


def test_select_and_ignore_prefixes() -> None:
    body = b'{"store.1": {"a": 2.5, "b": -1}}'
    config = LintConfig(select=("KS",), ignore=("KS003",))
    found = lint_bytes(body, kind="kaching.stock", config=config)
    assert codes(found) == ["KS002", "KS005"]


def test_lint_path_with_sidecar_and_a_skipped_file(tmp_path: Path) -> None:
    (tmp_path / "rows.json").write_text(json.dumps([ONHAND]))
    (tmp_path / "rows.header.json").write_text('{"AccountId":1}')
    (tmp_path / "mystery.json").write_text("[]")
    result = lint_path(tmp_path)
    assert isinstance(result, LintResult)
    assert result.files == 1
    assert result.failures == []
    assert any("mystery.json: skipped" in f and "--kind" in f for f in result.skipped)
    (missing_full_file,) = [d for d in result.diagnostics if d.code == "SG003"]
    assert Path(missing_full_file.file).name == "rows.header.json"


def test_a_broken_rule_is_reported_not_raised() -> None:
    def explode(item: object, index: int, ctx: object) -> Iterator[tuple[str, str]]:
        yield "/store/x", "before the crash"
        raise KeyError("boom")

    broken = Rule(
        code="ZZ901",
        name="broken",
        severity=Severity.WARNING,
        kinds=frozenset({"kaching.stock"}),
        scope=Scope.ITEM,
        summary="test",
        why="test",
        bad=Example("{}"),
        good=Example("{}"),
        check=explode,
    )
    RULES.add(broken)
    try:
        found = lint_bytes(b'{"store": {"x": 1}}', kind="kaching.stock")
    finally:
        RULES.remove(broken.code)
    assert "ZZ901" in codes(found)
    (internal,) = [d for d in found if d.code == "SG000"]
    assert "ZZ901" in internal.message
    assert "KeyError" in internal.message


def test_line_columns_count_characters_across_chunks() -> None:
    import linter.engine

    text = "ab\nåäö€x\n\n" + "é" * 10 + "z"
    data = text.encode()
    offsets = [0, 3, data.index(b"x"), data.index(b"z"), len(data)]
    expected = {0: (1, 1), 3: (2, 1), data.index(b"x"): (2, 5), data.index(b"z"): (4, 11)}
    original = linter.engine.CHUNK_SIZE
    try:
        for size in (1, 2, 3, 5, 1024):
            linter.engine.CHUNK_SIZE = size
            found = line_columns(io.BytesIO(data), offsets)
            assert {k: found[k] for k in expected} == expected, size
    finally:
        linter.engine.CHUNK_SIZE = original


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"selct": ["SG"]}, "selct"),
        ({"select": ["NOPE"]}, "NOPE"),
        ({"select": 3}, "select"),
        ({"kinds": {"*.json": "shopify"}}, "shopify"),
        ({"strict": "yes"}, "strict"),
    ],
)
def test_bad_config_names_the_key(table: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        parse_table(table, root=None, source=None)


def test_unleashed_all_warehouses_reply_in_json_and_xml() -> None:
    rows = [
        ("705efc56-abd4-4d6c-9262-418a3084f2da", "Main Warehouse", 69),
        ("6ba9df7b-7538-4e8a-94fa-4c0841d9382f", "Head Office", 6),
    ]
    body = {"Items": [{"WarehouseId": g, "Warehouse": w, "AvailableQty": q} for g, w, q in rows]}
    assert lint_bytes(json.dumps(body).encode(), kind="unleashed.stock-on-hand") == []
    xml = "".join(
        f"<StockOnHand><WarehouseId> {g}</WarehouseId><Warehouse> {w}</Warehouse>"
        f"<AvailableQty> {q}.0000</AvailableQty></StockOnHand>"
        for g, w, q in rows
    )
    data = f"<StockOnHandList>{xml}</StockOnHandList>".encode()
    assert lint_bytes(data, kind="unleashed.stock-on-hand", content_type="xml") == []


def test_a_single_file_of_no_detectable_kind_is_a_failure(tmp_path: Path) -> None:
    mystery = tmp_path / "mystery.json"
    mystery.write_text("[]")
    result = lint_path(mystery)
    assert result.skipped == []
    assert any("mystery.json" in f and "cannot tell the payload kind" in f for f in result.failures)
