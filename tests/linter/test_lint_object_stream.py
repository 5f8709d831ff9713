"""A Norce body written as objects back to back (the vendor helper's chunked stream) is read
as the array of those objects: same items, pointers ``/N/...``, positions in the stream."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.generate.strategies import Payload, breakable_rules, broken_payloads, valid_payloads
from linter import Diagnostic, detect_kind, lint_bytes, lint_path
from linter.read.item import Layout
from linter.read.json import JsonReader

BOUNDED = settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
ROW = b'{"PartNo":"A","WarehouseCode":"W","LocationCode":"L","OnhandValue":1}'
ROW_B = b'{"PartNo":"B","WarehouseCode":"W","LocationCode":"L","OnhandValue":-2}'


def body_diagnostics(data: bytes, kind: str, header: str | None = None) -> list[Diagnostic]:
    found = lint_bytes(data, kind=kind, header=header)
    return [d for d in found if d.file == "<bytes>" and d.code != "SG008"]


def one_line_each(items: list[bytes], *, as_array: bool) -> bytes:
    if as_array:
        return b"[" + b",\n".join(items) + b"]"
    return b"\n".join(items)


def payloads(kind: str) -> st.SearchStrategy[Payload]:
    codes = [c for c in breakable_rules(kind) if c[:2] in ("NP", "NO")]
    return st.one_of(valid_payloads(kind), *(broken_payloads(kind, code) for code in codes))


@pytest.mark.parametrize("kind", ["norce.products", "norce.onhands"])
def test_a_stream_lints_like_the_array_of_its_objects(kind: str) -> None:
    """Same findings, pointers and lines; columns shift by the array's '[' on line 1 only."""

    @BOUNDED
    @given(payloads(kind))
    def check(payload: Payload) -> None:
        items = [orjson.dumps(item) for item in payload.body]
        header = orjson.dumps(payload.header).decode()
        array = body_diagnostics(one_line_each(items, as_array=True), kind, header)
        stream = body_diagnostics(one_line_each(items, as_array=False), kind, header)
        assert [(d.code, d.pointer, d.message, d.line) for d in stream] == [
            (d.code, d.pointer, d.message, d.line) for d in array
        ]
        for in_stream, in_array in zip(stream, array, strict=True):
            shift = 1 if in_array.line == 1 else 0
            assert in_stream.column + shift == in_array.column

    check()


def test_objects_need_no_blank_between_them() -> None:
    found = body_diagnostics(ROW + ROW + ROW_B, "norce.onhands")
    assert [(d.code, d.pointer, d.line, d.column) for d in found] == [
        ("NO001", "/1", 1, len(ROW) + 1),
        ("NO006", "/2/OnhandValue", 1, 2 * len(ROW) + ROW_B.index(b'"OnhandValue"') + 1),
    ]


def test_duplicate_keys_are_found_in_a_stream() -> None:
    row = b'{"PartNo":"A","WarehouseCode":"W","LocationCode":"L","OnhandValue":1,"OnhandValue":2}'
    found = body_diagnostics(ROW_B.replace(b"-2", b"2") + b"\n" + row, "norce.onhands")
    assert [(d.code, d.pointer, d.line) for d in found] == [("SG002", "/1/OnhandValue", 2)]
    assert found[0].column == row.rindex(b'"OnhandValue"') + 1


@pytest.mark.parametrize(
    ("data", "message", "column"),
    [
        (ROW + b",\n" + ROW, "found ','", len(ROW) + 1),
        (ROW + b" 5 " + ROW, "found '5'", len(ROW) + 2),
        (ROW + b"[]", "found '['", len(ROW) + 1),
        (ROW + b"}", "found '}'", len(ROW) + 1),
        (ROW + b' "x"', "found '\"'", len(ROW) + 2),
    ],
)
def test_anything_but_blanks_between_objects_is_not_parseable(
    data: bytes, message: str, column: int
) -> None:
    found = body_diagnostics(data, "norce.onhands")
    assert [(d.code, d.line, d.column) for d in found] == [("SG001", 1, column)]
    assert message in found[0].message


def test_a_truncated_stream_is_not_parseable() -> None:
    found = body_diagnostics(ROW + b"\n" + ROW[:-5], "norce.onhands")
    assert [d.code for d in found] == ["SG001"]
    assert "truncated" in found[0].message


@pytest.mark.parametrize("chunk_size", [1, 2, 5, 7, 64, 4096])
def test_chunk_boundaries_do_not_matter(chunk_size: int) -> None:
    items = [ROW, ROW_B, b'{"PartNo":"x}{\\"","Infos":[{"a":[1,{"b":"]"}]}]}', ROW]
    data = b"\xef\xbb\xbf \n" + b"".join(item + b" \n\t" * (n % 2) for n, item in enumerate(items))
    reader = JsonReader(io.BytesIO(data), Layout.ARRAY, chunk_size=chunk_size)
    values = [item.value for item in reader.items()]
    assert reader.problems == []
    assert values == [orjson.loads(item) for item in items]
    starts, ends = reader.spans()
    assert [data[a:b] for a, b in zip(starts, ends, strict=True)] == items
    assert reader.stream_of_objects


def test_kind_is_detected_from_the_first_object(tmp_path: Path) -> None:
    assert detect_kind(ROW + ROW_B) == "norce.onhands"
    assert detect_kind(b'{"Code":"P1","Variants":[]}\n{"Code":"P2"}') == "norce.products"
    assert detect_kind(b'{"PartNo":"A","PriceListCode":"L","PriceSale":1}') == "norce.prices"
    assert detect_kind(b'{"Whatever":1}{"Whatever":2}') is None
    body = tmp_path / "rows.json"
    body.write_bytes(ROW + b"\n" + ROW_B)
    result = lint_path(body)
    assert [(d.code, d.pointer) for d in result.diagnostics if d.code != "SG008"] == [
        ("NO006", "/1/OnhandValue")
    ]


def test_an_item_too_large_is_reported_in_a_stream_and_in_an_array() -> None:
    large = ROW.replace(b'"OnhandValue":1', b'"OnhandValue":1,"IncomingValue":1234567')
    stream = ROW + large
    array = b"[" + b",".join([ROW] * 3 + [large]) + b"]"
    for data, column in ((stream, len(ROW) + 1), (array, 3 * (len(ROW) + 1) + 2)):
        found = lint_bytes(data, kind="norce.onhands", options={"max_item_bytes": len(ROW) + 5})
        assert [(d.code, d.column) for d in found if d.code != "SG008"] == [("SG007", column)]
