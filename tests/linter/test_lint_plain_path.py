"""Small JSON documents are framed in plain Python, large ones with numpy: same findings.

Each document is linted twice, once as it is (plain path, up to ``SMALL_DOCUMENT`` bytes) and
once with the threshold lowered so the numpy scanner frames it; the diagnostics (codes,
messages, pointers, lines and columns) must be the same.
"""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import linter.read.json as json_reader
from linter import lint_bytes
from linter.read.item import MAX_DEPTH, Layout
from linter.read.json import JsonReader
from linter.read.plain_scan import SMALL_DOCUMENT

ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'
ROW = b'{"PartNo":"A","WarehouseCode":"W","LocationCode":"L","OnhandValue":1}'
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def numpy_framing() -> Iterator[None]:
    saved = json_reader.SMALL_DOCUMENT
    json_reader.SMALL_DOCUMENT = -1
    try:
        yield
    finally:
        json_reader.SMALL_DOCUMENT = saved


def both_paths(data: bytes, kind: str, header: str | None = None) -> tuple[Any, Any]:
    plain = lint_bytes(data, kind=kind, header=header)
    with numpy_framing():
        framed = lint_bytes(data, kind=kind, header=header)
    return plain, framed


def reader_view(data: bytes, layout: Layout) -> tuple[list[Any], list[Any], dict[str, Any]]:
    reader = JsonReader(io.BytesIO(data), layout)
    items = [(i.value, i.pointer, i.index) for i in reader.items()]
    problems = [(p.code, p.message, p.offset) for p in reader.problems]
    return items, problems, reader.extras


CASES: list[tuple[str, bytes]] = [
    ("norce.onhands", b"[" + ROW + b"," + ROW + b"]"),
    ("norce.onhands", ROW + b"\n" + ROW.replace(b'"A"', b'"B"') + b"\n"),
    ("norce.onhands", ROW + b" x " + ROW),
    ("norce.onhands", b"\xef\xbb\xbf[" + ROW + b"]"),
    ("norce.onhands", b"[" + ROW.replace(b'"PartNo":"A"', b'"PartNo":"A","PartNo":"B"') + b"]"),
    ("norce.onhands", b'[{"PartNo":"\xff\xfe","OnhandValue":NaN}]'),
    ("norce.onhands", b'[{"PartNo":"A","OnhandValue":123456789012345678901234567890}]'),
    ("norce.onhands", b'[{"PartNo":"a\\"],{","OnhandValue":1}]'),
    ("norce.onhands", b"[" + ROW + b",]"),
    ("norce.onhands", b"[" + ROW + b",," + ROW + b"]"),
    ("norce.onhands", b"[" + ROW + b"}"),
    ("norce.onhands", b"[" + ROW + b"] [1]"),
    ("norce.onhands", b"[" + ROW + b"] trailing"),
    ("norce.onhands", b"[" + ROW),
    ("norce.onhands", b'[{"PartNo":"unterminated'),
    ("norce.onhands", b"[]"),
    ("norce.onhands", b"   "),
    ("norce.onhands", b""),
    ("norce.onhands", b"\xef\xbb\xbf"),
    ("norce.onhands", b"[" * 70 + b"]" * 70),
    ("norce.onhands", b"{" + b'"a":[' * 80),
    ("norce.onhands", b"42"),
    ("kaching.stock", b'{"s1":{"mug":2,"cup":0},"s1":{"mug":1}}'),
    ("kaching.stock", b'{"s1":{"mug":2.5,"cup":-1},"s2":{"a\\\\":NaN}}'),
    ("kaching.stock", b'{"s1":{"mug":2}} {"s2":{}}'),
    ("kaching.stock", b'["not an object"]'),
    ("kaching.stock", b'{"s1":{"mug":2},}'),
    (
        "unleashed.stock-on-hand",
        b'{"Pagination":{"NumberOfItems":1},"Items":[{"ProductCode":"A"}]}',
    ),
    ("unleashed.stock-on-hand", b'{"Items":[{"ProductCode":"A"}],"Items":[{"ProductCode":"B"}]}'),
    ("unleashed.stock-on-hand", b'{"Items":[{"ProductCode":"A"}}'),
    ("unleashed.stock-on-hand", b'{"Items":{"ProductCode":"A"}}'),
    ("unleashed.stock-on-hand", b"{1:[]}"),
]


@pytest.mark.parametrize(("kind", "data"), CASES)
def test_plain_and_numpy_framing_report_the_same(kind: str, data: bytes) -> None:
    header = ONHAND_HEADER if kind == "norce.onhands" else None
    plain, framed = both_paths(data, kind, header)
    assert plain == framed


@pytest.mark.parametrize(("kind", "data"), CASES)
def test_plain_and_numpy_framing_read_the_same_items(kind: str, data: bytes) -> None:
    layout = {
        "norce.onhands": Layout.ARRAY,
        "kaching.stock": Layout.MEMBERS,
        "unleashed.stock-on-hand": Layout.ITEMS_MEMBER,
    }[kind]
    plain = reader_view(data, layout)
    with numpy_framing():
        framed = reader_view(data, layout)
    assert plain == framed


def test_a_finding_is_still_found_on_the_plain_path() -> None:
    found = lint_bytes(b'{"s1":{"mug":2},"s1":{"cup":1}}', kind="kaching.stock")
    assert any(d.code == "SG004" or "duplicate" in d.message for d in found), found


def test_a_large_document_still_takes_the_numpy_path() -> None:
    rows = b",".join([ROW] * (SMALL_DOCUMENT // len(ROW) + 10))
    script = (
        "import io, sys\n"
        "from linter.read.json import JsonReader\n"
        "from linter.read.item import Layout\n"
        "data = sys.stdin.buffer.read()\n"
        "n = sum(1 for _ in JsonReader(io.BytesIO(data), Layout.ARRAY).items())\n"
        "print(n, 'numpy' in sys.modules)\n"
    )
    small = subprocess.run(
        [sys.executable, "-c", script], input=b"[" + ROW + b"]", capture_output=True, timeout=60
    )
    large = subprocess.run(
        [sys.executable, "-c", script], input=b"[" + rows + b"]", capture_output=True, timeout=60
    )
    assert small.stdout.split() == [b"1", b"False"], small.stderr
    assert large.stdout.split() == [str(SMALL_DOCUMENT // len(ROW) + 10).encode(), b"True"]


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(alphabet='ab"\\{}[],: \u00e9', max_size=8)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


@PROFILE
@given(
    data=st.one_of(
        st.binary(max_size=200),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.lists(json_values.map(lambda v: json.dumps(v).encode()), max_size=4).map(b"\n".join),
    ),
    kind=st.sampled_from(["norce.onhands", "kaching.stock", "unleashed.stock-on-hand"]),
)
def test_property_both_framings_agree(data: bytes, kind: str) -> None:
    header = ONHAND_HEADER if kind == "norce.onhands" else None
    plain, framed = both_paths(data, kind, header)
    assert plain == framed


def test_lint_of_a_small_file_imports_no_numpy(tmp_path: Path) -> None:
    (tmp_path / "stock.json").write_text('{"store-1": {"mug": 2, "cup": 0}}\n')
    script = (
        "import sys\n"
        "from contracts.cli.main import main\n"
        "code = main(['lint', sys.argv[1]])\n"
        "print(code, 'numpy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "stock.json")],
        capture_output=True,
        timeout=60,
        text=True,
    )
    assert done.stdout.splitlines()[-1] == "0 False", (done.stdout, done.stderr)


def _same_events(data: bytes) -> None:
    from linter.read.plain_scan import plain_scan
    from linter.read.scan import StructuralScanner

    for colons in (True, False):
        scanner = StructuralScanner(colons=colons)
        events = scanner.scan(data)
        plain = plain_scan(data, colons=colons, limit=MAX_DEPTH + 10)
        assert (plain.pos, plain.char, plain.depth, plain.end_depth) == (
            events.pos.tolist(),
            events.char.tolist(),
            events.depth.tolist(),
            scanner.depth,
        ), data


def test_plain_scan_finds_the_numpy_scanners_events_on_every_short_input() -> None:
    for size in range(1, 5):
        for letters in itertools.product(b'[]{}",:\\a\n', repeat=size):
            _same_events(bytes(letters))


@PROFILE
@given(data=st.binary(max_size=120) | st.text(alphabet='[]{}",:\\ a\n\u00e9').map(str.encode))
def test_property_plain_scan_finds_the_numpy_scanners_events(data: bytes) -> None:
    _same_events(data)
