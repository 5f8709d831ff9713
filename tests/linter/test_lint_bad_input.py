"""Hostile and broken payloads: each gets one clear diagnostic, never a traceback or a hang."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from linter import Diagnostic, check_header, lint_bytes, lint_path

ONHAND = {"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "STORE", "OnhandValue": 5}
ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'


def only(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, diagnostics
    return found[0]


def test_truncated_json_reports_end_of_file() -> None:
    data = json.dumps([ONHAND, ONHAND]).encode()[:-20]
    diagnostic = only(lint_bytes(data, kind="norce.onhands", header=ONHAND_HEADER), "SG001")
    assert "truncated" in diagnostic.message or "end of" in diagnostic.message
    assert diagnostic.line == 1


def test_syntax_error_position_is_line_and_column() -> None:
    data = b'[\n  {"PartNo": "A-1",\n   "WarehouseCode": "MAIN" "LocationCode": "S"}\n]'
    diagnostic = only(lint_bytes(data, kind="norce.onhands"), "SG001")
    assert (diagnostic.line, diagnostic.column) == (3, 28)


def test_binary_garbage() -> None:
    data = bytes(range(256)) * 4
    diagnostics = lint_bytes(data, kind="norce.products")
    assert [d.code for d in diagnostics if d.severity == "error"] in (["SG001"], ["SG005"])


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_file(data: bytes) -> None:
    assert only(lint_bytes(data, kind="kaching.stock"), "SG004").line == 1


def test_deep_nesting_does_not_recurse() -> None:
    depth = 100_000
    data = b"[" * depth + b"]" * depth
    diagnostic = only(lint_bytes(data, kind="norce.products"), "SG001")
    assert "nesting" in diagnostic.message


def test_deep_nesting_inside_an_object() -> None:
    depth = 100_000
    data = b'{"store": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}"
    assert only(lint_bytes(data, kind="kaching.stock"), "SG001")


def test_invalid_utf8_is_located() -> None:
    data = b'{"store-1": {"bl\xe5b\xe6r": 3}}'
    diagnostic = only(lint_bytes(data, kind="kaching.stock"), "SG005")
    assert diagnostic.column == len('{"store-1": {"bl') + 1


def test_billion_laughs_is_refused() -> None:
    entities = "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    data = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
        "<ArrayOfSkuOnhand><SkuOnhand><PartNo>&lol9;</PartNo></SkuOnhand></ArrayOfSkuOnhand>"
    ).encode()
    only(lint_bytes(data, kind="norce.onhands", content_type="xml"), "SG006")


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<ArrayOfSkuOnhand><SkuOnhand><PartNo>&xxe;</PartNo></SkuOnhand></ArrayOfSkuOnhand>"
    ).encode()
    diagnostics = lint_bytes(data, kind="norce.onhands", content_type="xml")
    only(diagnostics, "SG006")
    assert all("top secret" not in d.message for d in diagnostics)


def test_malformed_xml_is_located() -> None:
    data = b"<ArrayOfSkuOnhand>\n<SkuOnhand><PartNo>A</PartNo></SkuOnhand\n</ArrayOfSkuOnhand>"
    diagnostic = only(lint_bytes(data, kind="norce.onhands", content_type="xml"), "SG001")
    assert diagnostic.line == 3


@pytest.mark.parametrize(
    "header",
    ["AccountId=1", "{'AccountId': 1}", '{"AccountId": 1,', "[1, 2]", ""],
)
def test_header_that_is_not_json(header: str) -> None:
    diagnostics = check_header(header, kind="norce.onhands")
    assert {d.code for d in diagnostics} & {"SG001", "SG003", "SG004"}
    assert all(d.file == "<header>" for d in diagnostics)


def test_header_with_duplicate_key() -> None:
    diagnostic = only(
        check_header('{"AccountId":1,"FullFile":false,"AccountId":2}', kind="norce.onhands"),
        "SG002",
    )
    assert diagnostic.column == len('{"AccountId":1,"FullFile":false,') + 1


def test_duplicate_key_deep_inside_an_item_is_pointed_at() -> None:
    item = '{"Code": "P", "Variants": [{"ManufacturerPartNo": "M", "ManufacturerPartNo": "N"}]}'
    data = f"[{json.dumps({'Code': 'Q'})},\n{item}]".encode()
    diagnostic = only(lint_bytes(data, kind="norce.products"), "SG002")
    assert diagnostic.pointer == "/1/Variants/0/ManufacturerPartNo"
    assert (diagnostic.line, diagnostic.column) == (2, item.rindex('"ManufacturerPartNo"') + 1)


def test_duplicate_location_in_kaching() -> None:
    data = b'{"s1": {"a": 1}, "s2": {"b": 2}, "s1": {"c": 3}}'
    assert only(lint_bytes(data, kind="kaching.stock"), "SG002").pointer == "/s1"


def test_escaped_quotes_and_backslashes_do_not_confuse_the_scanner() -> None:
    rows = [dict(ONHAND, PartNo=p) for p in ['a\\"b', "c\\\\", '"{[', "]}\\", "x,y:z"]]
    data = json.dumps(rows).encode()
    assert [d.code for d in lint_bytes(data, kind="norce.onhands", header=ONHAND_HEADER)] == []


def test_items_split_across_small_chunks() -> None:
    import io

    from linter.engine import DocumentInput, Selection, lint_document

    rows = [dict(ONHAND, PartNo=f'p"{i}\\') for i in range(50)]
    rows[37]["OnhandValue"] = "many"
    data = json.dumps(rows, indent=1).encode()
    import linter.read.json

    original = linter.read.json.CHUNK_SIZE
    try:
        linter.engine.CHUNK_SIZE = 7
        doc = DocumentInput(lambda: io.BytesIO(data), "norce.onhands", "<x>", header=ONHAND_HEADER)
        diagnostics = lint_document(doc, Selection())
    finally:
        linter.engine.CHUNK_SIZE = original
    (found,) = diagnostics
    assert found.pointer == "/37/OnhandValue"
    assert found.line == data[: data.index(b'"many"')].count(b"\n") + 1


def test_missing_file_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    result = lint_path(tmp_path / "nope.json")
    assert result.failures
    assert "no such file" in result.failures[0]


MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from linter import lint_path
    result = lint_path(sys.argv[1], kind="norce.onhands", header=sys.argv[2])
    # VmHWM is this program's own peak; ru_maxrss would keep the forking parent's (Linux
    # carries it across exec), i.e. the test worker's.
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"peak_kb": peak_kb, "diagnostics": len(result.diagnostics),
                      "codes": sorted({d.code for d in result.diagnostics})}))
    """
)


@pytest.mark.slow
def test_large_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "onhands.json"
    row = json.dumps(ONHAND).encode()
    target = 50 * 1024 * 1024
    with path.open("wb") as out:
        out.write(b"[")
        written = 0
        index = 0
        while written < target:
            chunk = b",\n".join(row.replace(b"A-1", f"A-{index + i}".encode()) for i in range(5000))
            out.write((b",\n" if index else b"") + chunk)
            written += len(chunk)
            index += 5000
        out.write(b"]")
    completed = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(path), ONHAND_HEADER],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(completed.stdout)
    assert report["codes"] == []
    # A parser building the whole document would need about 7-11x the file size.
    assert report["peak_kb"] < 256 * 1024, report


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'[{"a": 1},,{"b": 2}]', "two commas"),
        (b'[{"a": 1},]', "trailing comma"),
        (b'[{"a": 1}}', "closes a document"),
        (b'[{"a": 1}] x', "after the end"),
        (b'[{"a": 1}] ]', "after the end"),
        (b'[{"a": 1} {"b": 2}]', "not valid JSON"),
        (b'[{"a": 1}, 3 4]', "not valid JSON"),
    ],
)
def test_array_framing_errors(data: bytes, words: str) -> None:
    diagnostic = only(lint_bytes(data, kind="norce.products"), "SG001")
    assert words in diagnostic.message


def test_empty_array_is_fine() -> None:
    assert [
        d.code for d in lint_bytes(b" [ \n ] ", kind="norce.onhands", header=ONHAND_HEADER)
    ] == []


def test_many_small_items_keep_the_buffer_small() -> None:
    import linter.engine

    rows = [dict(ONHAND, PartNo=f"A-{i}") for i in range(300)]
    data = json.dumps(rows).encode()
    original = linter.engine.CHUNK_SIZE
    try:
        linter.engine.CHUNK_SIZE = 256
        found = lint_bytes(
            data, kind="norce.onhands", header=ONHAND_HEADER, options={"max_item_bytes": 512}
        )
    finally:
        linter.engine.CHUNK_SIZE = original
    assert found == []


def test_impossible_xml_date_is_a_finding_not_a_crash() -> None:
    example = Path(__file__).parents[1] / "examples" / "unleashed" / "stock-on-hand.xml"
    data = example.read_bytes().replace(b"> 2016-10-09T", b"> 2016-13-45T")
    assert b"2016-13-45T" in data
    found = lint_bytes(data, kind="unleashed.stock-on-hand", content_type="xml")
    assert "SG003" in {d.code for d in found}
