"""Input forms (XML, pages, batches, read as streams) and the errors that exit 2."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.cli.main import main
from contracts.reconcile import jsonstream
from contracts.reconcile.errors import ReconcileError
from contracts.reconcile.targets import kaching_rows

UNLEASHED_NS = "http://api.unleashedsoftware.com/version/1"
NORCE_NS = "Enferno.Services.StormConnect.Contracts.Product.Models"


def _soh_xml(rows: list[tuple[str, str, int, int]]) -> str:
    items = "".join(
        f"<StockOnHand><ProductCode> {code}</ProductCode><WarehouseCode>{wh}</WarehouseCode>"
        f"<AvailableQty> {avail}.0000</AvailableQty><QtyOnHand>{onhand}.0000</QtyOnHand>"
        "</StockOnHand>"
        for code, wh, avail, onhand in rows
    )
    return f'<?xml version="1.0"?><StockOnHandList xmlns="{UNLEASHED_NS}">{items}</StockOnHandList>'


def _onhands_xml(rows: list[dict[str, Any]]) -> str:
    items = "".join(
        "<SkuOnhand>" + "".join(f"<{k}>{v}</{k}>" for k, v in sorted(row.items())) + "</SkuOnhand>"
        for row in rows
    )
    return f'<ArrayOfSkuOnhand xmlns="{NORCE_NS}">{items}</ArrayOfSkuOnhand>'


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["reconcile", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_xml_pages_and_xml_onhands_give_the_same_differences(
    planted_pipeline: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = planted_pipeline.write_json()
    root = planted_pipeline.root
    pages = root / "soh-xml"
    pages.mkdir()
    half = len(planted_pipeline.source) // 2
    (pages / "1.xml").write_text(_soh_xml(planted_pipeline.source[:half]))
    (pages / "2.xml").write_text(_soh_xml(planted_pipeline.source[half:]))
    batches = root / "onhands-xml"
    batches.mkdir()
    (batches / "a.xml").write_text(_onhands_xml(planted_pipeline.norce[:10]))
    (batches / "b.json").write_text(json.dumps(planted_pipeline.norce[10:]))
    code, out, err = _run(
        capsys,
        "--source", f"unleashed:{pages}",
        "--target", f"norce:{batches}",
        "--target", f"kaching:{paths['kaching']}",
        "--mapping", str(planted_pipeline.mapping),
        "--format", "json",
    )  # fmt: skip
    assert (code, err) == (1, "")
    assert json.loads(out)["differences"] == planted_pipeline.expected


def test_inactive_norce_rows_are_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.toml").write_text('[warehouses.MAIN]\nnorce = {warehouse="W", location="L"}\n')
    (tmp_path / "s.json").write_text(
        json.dumps({"Items": [{"ProductCode": "A", "WarehouseCode": "MAIN",
                               "AvailableQty": 3, "QtyOnHand": 3}]})
    )  # fmt: skip
    row = {"PartNo": "A", "WarehouseCode": "W", "LocationCode": "L", "OnhandValue": 3}
    (tmp_path / "n.json").write_text(json.dumps([{**row, "IsActive": False}]))
    code, out, _ = _run(
        capsys, "--source", f"unleashed:{tmp_path / 's.json'}", "--target",
        f"norce:{tmp_path / 'n.json'}", "--mapping", str(tmp_path / "m.toml"), "--format", "json",
    )  # fmt: skip
    assert code == 1
    assert [d["kind"] for d in json.loads(out)["differences"]] == ["missing"]


BAD_MAPPINGS = [
    ('[warehouses.MAIN]\nnorce = { warehouse = "W" }\n', "key warehouses.MAIN.norce.location"),
    ('[warehouses.MAIN]\nkaching = "s"\nshop = 1\n', "key warehouses.MAIN.shop"),
    ('[quantity]\nnorce = "OnHand"\n[warehouses.M]\nkaching="s"\n', "key quantity.norce"),
    ("[products]\n", "key warehouses"),
    ('[warehouses.A]\nkaching = "s"\n[warehouses.B]\nkaching = "s"\n', "key warehouses.B.kaching"),
    (
        '[products]\nX = { norce = "1" }\nY = { norce = "1" }\n[warehouses.A]\nkaching = "s"\n',
        "key products.Y.norce",
    ),
    ("[warehouses.A\n", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "named"), BAD_MAPPINGS)
def test_a_bad_mapping_exits_2_naming_the_key(
    text: str, named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(text)
    (tmp_path / "s.json").write_text('{"Items": []}')
    (tmp_path / "k.json").write_text("{}")
    code, out, err = _run(
        capsys, "--source", f"unleashed:{tmp_path / 's.json'}",
        "--target", f"kaching:{tmp_path / 'k.json'}", "--mapping", str(mapping),
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith(f"skuguard: {mapping}: ")
    assert named in err
    assert err.count("\n") == 1


def _inputs(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "m.toml").write_text(
        '[warehouses.MAIN]\nkaching = "s"\nnorce = {warehouse="W", location="L"}\n'
    )
    (tmp_path / "s.json").write_text('{"Items": []}')
    (tmp_path / "k.json").write_text('{"s": {"a": 1}}')
    (tmp_path / "n.json").write_text('[{"PartNo": "A", "WarehouseCode": "W"')
    return {p.stem: p for p in tmp_path.iterdir()}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"--target": "kaching:{k}?adjustment=true"},
            "skuguard: --target kaching:{k}?adjustment=true: adjustment=true imports are deltas",
        ),
        ({"--target": "norce:{n}"}, "skuguard: norce:{n}: offset "),
        ({"--target": "shopify:{k}"}, "skuguard: --target: 'shopify:{k}'"),
        ({"--source": "unleashed:{m}.missing"}, "skuguard: {m}.missing: no such file"),
        ({"--as-at": "2024-01-01"}, "skuguard: --as-at: applies to a live source only"),
        ({"--as-at": "yesterday"}, "skuguard: --as-at: 'yesterday' is not a date"),
        ({"--tolerance": "-1"}, "skuguard: --tolerance: must be 0 or more"),
        ({"--output-file": "{m}.dir/r.json"}, "skuguard: {m}.dir/r.json: cannot write"),
    ],
)
def test_input_errors_are_one_line_and_exit_2(
    change: dict[str, str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {name: str(path) for name, path in _inputs(tmp_path).items()}
    args = {"--source": "unleashed:{s}", "--target": "kaching:{k}", "--mapping": "{m}", **change}
    argv = [part for key, value in args.items() for part in (key, value.format(**files))]
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(expected.format(**files)), err
    assert err.count("\n") == 1


def test_a_header_that_sets_no_onhand_value_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _inputs(tmp_path)
    (tmp_path / "n.json").write_text("[]")
    (tmp_path / "n.header.json").write_text(
        '{"AccountId": 1, "FullFile": false, "SkuOnhandFieldsThatAreSet": [4, "IsActive"]}'
    )
    code, _, err = _run(
        capsys, "--source", f"unleashed:{files['s']}", "--target", f"norce:{files['n']}",
        "--mapping", str(files["m"]),
    )  # fmt: skip
    assert code == 2
    assert "SkuOnhandFieldsThatAreSet does not hold OnhandValue" in err


counts = st.one_of(st.integers(-5, 10**6), st.floats(-1e6, 1e6, allow_nan=False))
keys = st.text(min_size=1, max_size=12)
bodies = st.dictionaries(
    keys, st.dictionaries(keys, st.one_of(counts, st.dictionaries(keys, counts))), max_size=4
)


@settings(max_examples=150, deadline=None)
@given(body=bodies, chunk=st.integers(1, 64), indent=st.sampled_from([None, 1]))
def test_kaching_bodies_stream_like_they_parse(
    body: dict[str, Any], chunk: int, indent: int | None
) -> None:
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(jsonstream, "CHUNK_BYTES", chunk)
        patched.setattr(jsonstream, "LOOKAHEAD", 1)
        data = json.dumps(body, indent=indent, ensure_ascii=indent is None).encode()
        found = [
            (row.location[0], row.product, row.variant, row.qty)
            for row in kaching_rows(io.BytesIO(data), "<body>")
        ]
    expected = []
    for location, products in json.loads(data).items():
        for product, value in products.items():
            if isinstance(value, dict):
                expected += [(location, product, v, float(c)) for v, c in value.items()]
            else:
                expected.append((location, product, "", float(value)))
    assert found == expected


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(alphabet=st.sampled_from('ab"\\,[]{}: é\n'))
)


def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    )


json_values = st.recursive(scalars, containers, max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(json_values, max_size=8),
    chunk=st.integers(1, 48),
    indent=st.sampled_from([None, 2]),
)
def test_arrays_stream_like_they_parse(items: list[Any], chunk: int, indent: int | None) -> None:
    data = json.dumps(items, indent=indent, ensure_ascii=indent is None).encode()
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(jsonstream, "CHUNK_BYTES", chunk)
        patched.setattr(jsonstream, "LOOKAHEAD", 1)
        doc = jsonstream.JsonStream(io.BytesIO(data), "<body>")
        found = list(jsonstream.array_items(doc))
        doc.end()
    assert found == items


@pytest.mark.parametrize("text", ['[{"a": 1}, {"b": 2}', "[1, 2,]", "[1 2]", '{"s": {"a": 1}'])
def test_broken_documents_are_input_errors(text: str) -> None:
    def read() -> list[Any]:
        if text.startswith("["):
            return list(jsonstream.array_items(jsonstream.JsonStream(io.BytesIO(data), "<body>")))
        return list(kaching_rows(io.BytesIO(data), "<body>"))

    data = text.encode()
    with pytest.raises(ReconcileError, match="<body>: offset"):
        read()
