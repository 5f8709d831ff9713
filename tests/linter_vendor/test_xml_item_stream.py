"""A Norce XML body written item by item, with no wrapping element (issue #12).

The vendor client's Utils/EnumeratorStream.cs serialises each item as a document of its own and
copies them to the request back to back; the reader takes the roots as the item list.
"""

from __future__ import annotations

import linter
from linter.read.detect import detect_kind

NS = (
    'xmlns="Enferno.Services.StormConnect.Contracts.Product.Models" '
    'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
)
HEADER = b'{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'


def _onhand(part_no: str, value: str) -> str:
    return (
        f"<SkuOnhand {NS}><LocationCode>L1</LocationCode><OnhandValue>{value}</OnhandValue>"
        f"<PartNo>{part_no}</PartNo><WarehouseCode>W1</WarehouseCode></SkuOnhand>"
    )


def _errors(body: str) -> list[tuple[str, int, int, str]]:
    found = linter.lint_bytes(
        body.encode(), kind="norce.onhands", header=HEADER, content_type="xml"
    )
    return [
        (d.code, d.line, d.column, f"{d.pointer} {d.message}")
        for d in found
        if d.severity is linter.Severity.ERROR
    ]


def test_roots_back_to_back_are_the_items() -> None:
    body = _onhand("S1", "5") + _onhand("S2", "6") + _onhand("S3", "7")
    items = linter.read_items(body.encode(), "norce.onhands", "xml")
    assert [item["PartNo"] for item in items] == ["S1", "S2", "S3"]
    assert _errors(body) == []


def test_a_declaration_before_each_item_is_allowed() -> None:
    body = "\n".join(DECLARATION + "\n" + _onhand(f"S{i}", "5") for i in range(3))
    assert len(linter.read_items(body.encode(), "norce.onhands", "xml")) == 3
    assert _errors(body) == []


def test_positions_in_a_later_item_are_those_of_the_stream() -> None:
    first = DECLARATION + "\n" + _onhand("S1", "5")
    second = _onhand("S2", "five")
    body = first + "\n" + DECLARATION + _onhand("S3", "5") + second
    ((code, line, column, message),) = _errors(body)
    assert code == "SG003"
    assert "/2/OnhandValue" in message
    third_line = body.split("\n")[2]
    assert line == 3
    assert column == third_line.index("<OnhandValue>five") + 1


def test_junk_after_an_item_is_still_sg001_at_its_place() -> None:
    body = _onhand("S1", "5") + "\n" + _onhand("S2", "5") + "\n  garbage"
    errors = _errors(body)
    assert [(code, line) for code, line, _, _ in errors] == [("SG001", 3)]
    assert errors[0][2] in (1, 3)


def test_an_unclosed_last_item_is_sg001() -> None:
    body = _onhand("S1", "5") + _onhand("S2", "5")[:-5]
    assert [code for code, *_ in _errors(body)] == ["SG001"]


def test_the_depth_limit_holds_in_a_later_item() -> None:
    deep = f"<SkuOnhand {NS}>" + "<Infos>" * 100 + "</Infos>" * 100 + "</SkuOnhand>"
    errors = _errors(_onhand("S1", "5") + deep)
    assert [code for code, *_ in errors] == ["SG001"]
    assert "nesting deeper than 64" in errors[0][3]


def test_a_wrapped_body_is_read_as_before() -> None:
    wrapped = (
        f"<ArrayOfSkuOnhand {NS}>"
        + _onhand("S1", "5")[:-12].replace(f" {NS}", "")
        + "</SkuOnhand></ArrayOfSkuOnhand>"
    )
    assert len(linter.read_items(wrapped.encode(), "norce.onhands", "xml")) == 1
    assert detect_kind(wrapped.encode()) == "norce.onhands"


def test_item_roots_are_detected_only_in_the_contract_namespace() -> None:
    assert detect_kind(_onhand("S1", "5").encode()) == "norce.onhands"
    assert detect_kind((DECLARATION + _onhand("S1", "5")).encode()) == "norce.onhands"
    assert detect_kind(b"<Product><Name>mug</Name></Product>") is None
    assert detect_kind(b"<Relation><Kind>x</Kind></Relation>") is None
