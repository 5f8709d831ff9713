"""XML bodies, XML headers and Unleashed pages get the source diagnostics JSON gets."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter import (
    Diagnostic,
    LintUsageError,
    check_header,
    lint_bytes,
    lint_path,
    read_items,
    schemas,
)
from linter.read.item import Layout
from linter.read.xml import XmlReader

ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'
ONHAND_XML = (
    "<SkuOnhand><LocationCode>S</LocationCode><PartNo>{part}</PartNo>"
    "<WarehouseCode>MAIN</WarehouseCode><OnhandValue>5</OnhandValue></SkuOnhand>"
)
WAREHOUSE_ROW = {
    "WarehouseId": "5cf1c9ba-89de-4f59-879c-c08a447fd49c",
    "Warehouse": "W",
    "AvailableQty": 1,
}


def only(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, diagnostics
    return found[0]


def errors(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics if d.severity == "error"]


def onhands_xml(*parts: str, declaration: str = "") -> bytes:
    rows = "".join(ONHAND_XML.format(part=p) for p in parts)
    return f"{declaration}<ArrayOfSkuOnhand>{rows}</ArrayOfSkuOnhand>".encode("latin-1")


# -- 1. empty XML bodies ------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  ", b" \n\t "])
def test_empty_xml_body_is_sg004(data: bytes) -> None:
    found = lint_bytes(data, kind="norce.products", content_type="xml")
    assert errors(found) == ["SG004"]
    assert only(found, "SG004").line == 1


def test_empty_xml_file_is_sg004(tmp_path: Path) -> None:
    path = tmp_path / "onhands.xml"
    path.write_bytes(b"  \n")
    result = lint_path(path, kind="norce.onhands", header=ONHAND_HEADER)
    assert errors(result.diagnostics) == ["SG004"]


# -- 2. invalid UTF-8 in XML ---------------------------------------------------------------


@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="UTF-8"?>\n'])
def test_invalid_utf8_in_xml_is_sg005_at_the_bad_byte(declaration: str) -> None:
    data = onhands_xml("A-1", "bl\xe5b\xe6r", declaration=declaration)
    found = lint_bytes(data, kind="norce.onhands", header=ONHAND_HEADER, content_type="xml")
    diagnostic = only(found, "SG005")
    assert errors(found) == ["SG005"]
    assert "0xe5" in diagnostic.message
    line_start = data.rfind(b"\n", 0, data.index(b"\xe5")) + 1
    assert (diagnostic.line, diagnostic.column) == (
        declaration.count("\n") + 1,
        data.index(b"\xe5") - line_start + 1,
    )


def test_xml_declared_in_latin1_is_not_invalid_utf8() -> None:
    data = onhands_xml("bl\xe5", declaration='<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert errors(lint_bytes(data, kind="norce.onhands", content_type="xml")) == []
    assert read_items(data, "norce.onhands", "xml")[0]["PartNo"] == "bl\u00e5"


@pytest.mark.parametrize("chunk_size", [1, 7, 64])
def test_invalid_utf8_split_across_chunks_is_located(chunk_size: int) -> None:
    data = onhands_xml("A-1", "\u00e5\u00e5").replace(b"\xe5\xe5", b"\xc3\xa5\xc3(")
    reader = XmlReader(
        io.BytesIO(data),
        Layout.ARRAY,
        schemas.component("norce", "SkuOnhand"),
        {},
        lambda s: schemas.resolve_ref("norce", s),
        chunk_size=chunk_size,
    )
    list(reader.items())
    (problem,) = reader.problems
    assert (problem.code, problem.offset) == ("SG005", data.index(b"\xc3(")), problem


# -- 3. max_item_bytes for XML -------------------------------------------------------------


def test_max_item_bytes_applies_to_a_norce_xml_item() -> None:
    data = onhands_xml("A-1", "B" * 200)
    options = {"max_item_bytes": 200}
    found = lint_bytes(
        data, kind="norce.onhands", header=ONHAND_HEADER, content_type="xml", options=options
    )
    assert errors(found) == ["SG007"]
    assert only(found, "SG007").column == data.index(b"<SkuOnhand>", 20) + 1
    small = onhands_xml("A-1", "B" * 20)
    assert (
        errors(
            lint_bytes(
                small,
                kind="norce.onhands",
                header=ONHAND_HEADER,
                content_type="xml",
                options=options,
            )
        )
        == []
    )


@pytest.mark.parametrize("chunk_size", [16, 1024])
def test_max_item_bytes_stops_an_xml_item_open_across_chunks(chunk_size: int) -> None:
    data = onhands_xml("A-1", "B" * 5000)
    reader = XmlReader(
        io.BytesIO(data),
        Layout.ARRAY,
        schemas.component("norce", "SkuOnhand"),
        {},
        lambda s: schemas.resolve_ref("norce", s),
        chunk_size=chunk_size,
        max_item_size=300,
    )
    assert len(list(reader.items())) <= 1
    assert [p.code for p in reader.problems] == ["SG007"]


def test_max_item_bytes_applies_to_an_unleashed_xml_row() -> None:
    row = "<StockOnHand><ProductCode>{}</ProductCode><QtyOnHand>1</QtyOnHand></StockOnHand>"
    pagination = "<Pagination>" + "<PageSize>200</PageSize>" * 20 + "</Pagination>"
    data = (
        f"<StockOnHandList>{pagination}{row.format('A')}{row.format('B' * 300)}</StockOnHandList>"
    )
    found = lint_bytes(
        data.encode(),
        kind="unleashed.stock-on-hand",
        content_type="xml",
        options={"max_item_bytes": 200},
    )
    assert errors(found) == ["SG007"]
    assert only(found, "SG007").column == data.index("<StockOnHand>", len(pagination) + 30) + 1


# -- 4. a repeated Items key in an Unleashed page ------------------------------------------


def test_repeated_items_key_in_an_unleashed_page_is_sg002() -> None:
    rows = json.dumps([WAREHOUSE_ROW])
    data = f'{{"Items": {rows},\n  "Items": {rows}}}'.encode()
    found = lint_bytes(data, kind="unleashed.stock-on-hand")
    diagnostic = only(found, "SG002")
    assert errors(found) == ["SG002"]
    assert (diagnostic.pointer, diagnostic.line, diagnostic.column) == ("/Items", 2, 3)


def test_repeated_empty_items_key_is_sg002_not_a_syntax_error() -> None:
    data = f'{{"Items": {json.dumps([WAREHOUSE_ROW])}, "Items": [ ]}}'.encode()
    found = lint_bytes(data, kind="unleashed.stock-on-hand")
    assert errors(found) == ["SG002"]
    assert only(found, "SG002").column == data.rindex(b'"Items"') + 1


# -- 5. a multi-line XML header ------------------------------------------------------------

XML_HEADER = (
    "<SkuOnhandHeader><AccountId>1</AccountId>\n<FullFile>false</FullFile>"
    "<SkuOnhandFieldsThatAreSet><SkuOnhandField>OnhandValue</SkuOnhandField>"
    "</SkuOnhandFieldsThatAreSet></SkuOnhandHeader>"
)


def test_multiline_xml_header_is_sg009() -> None:
    diagnostic = only(check_header(XML_HEADER, kind="norce.onhands", content_type="xml"), "SG009")
    assert (diagnostic.line, diagnostic.column) == (1, XML_HEADER.index("\n") + 1)
    one_line = XML_HEADER.replace("\n", "")
    assert "SG009" not in [d.code for d in check_header(one_line, kind="norce.onhands")]


def test_multiline_xml_header_of_a_body_is_sg009() -> None:
    data = onhands_xml("A-1")
    found = lint_bytes(data, kind="norce.onhands", header=XML_HEADER, content_type="xml")
    assert only(found, "SG009").file == "<header>"


# -- 6. read_items ----------------------------------------------------------------------------


def test_read_items_of_json_and_xml_bodies() -> None:
    items = [{"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "S", "OnhandValue": 5}]
    assert read_items(json.dumps(items).encode(), "norce.onhands") == items
    assert read_items(b'{"PartNo": "A"} {"PartNo": "B"}', "norce.onhands") == [
        {"PartNo": "A"},
        {"PartNo": "B"},
    ]
    assert read_items(onhands_xml("A-1"), "norce.onhands", "xml") == [
        {"LocationCode": "S", "PartNo": "A-1", "WarehouseCode": "MAIN", "OnhandValue": 5}
    ]


@pytest.mark.parametrize(
    ("data", "kind", "content_type", "words"),
    [
        (b"[{", "norce.onhands", "json", "truncated"),
        (b"  ", "norce.onhands", "xml", "empty"),
        (b"<ArrayOfSkuOnhand>", "norce.onhands", "xml", "well-formed"),
        (b"[]", "kaching.stock", "json", "not a Norce body"),
        (b"[]", "norce.nothing", "json", "unknown kind"),
        (b"[]", "norce.onhands", "yaml", "content type"),
    ],
)
def test_read_items_refuses_what_it_cannot_read(
    data: bytes, kind: str, content_type: str, words: str
) -> None:
    with pytest.raises(LintUsageError, match=words):
        read_items(data, kind, content_type)


UNLEASHED_EXAMPLES = Path(__file__).parents[1] / "examples" / "unleashed"


def test_single_product_xml_finding_points_at_its_element() -> None:
    data = (UNLEASHED_EXAMPLES / "stock-on-hand.xml").read_bytes()
    (us002,) = [
        d
        for d in lint_bytes(data, kind="unleashed.stock-on-hand", content_type="xml")
        if d.code == "US002"
    ]
    line = data.decode().splitlines().index("<AvailableQty> 93.0000</AvailableQty>") + 1
    assert (us002.pointer, us002.line, us002.column) == ("/AvailableQty", line, 1)


def test_pagination_xml_finding_points_at_its_element() -> None:
    data = (UNLEASHED_EXAMPLES / "stock-on-hand-list.xml").read_bytes()
    broken = data.replace(
        b"<NumberOfPages> 1</NumberOfPages>", b"<NumberOfPages> 7</NumberOfPages>"
    )
    found = lint_bytes(broken, kind="unleashed.stock-on-hand", content_type="xml")
    (us004,) = [d for d in found if d.code == "US004"]
    assert us004.pointer.startswith("/Pagination")
    assert us004.line > 1
