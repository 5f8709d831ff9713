"""A generated pipeline with planted mistakes: exactly those are reported, in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from contracts.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["reconcile", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _args(paths: dict[str, Path], mapping: Path, *extra: str) -> list[str]:
    return [
        "--source",
        f"unleashed:{paths['source']}",
        "--target",
        f"norce:{paths['norce']}",
        "--target",
        f"kaching:{paths['kaching']}",
        "--mapping",
        str(mapping),
        *extra,
    ]


def test_json_reports_exactly_the_planted_mistakes(
    planted_pipeline: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = planted_pipeline.write_json()
    code, out, err = _run(capsys, *_args(paths, planted_pipeline.mapping, "--format", "json"))
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert list(report) == ["differences", "summary"]
    assert report["differences"] == planted_pipeline.expected
    compared = planted_pipeline.compared()
    assert report["summary"] == {
        "kaching": {
            "compared": compared["kaching"],
            "missing": 2,
            "extra": 1,
            "quantity": 0,
            "unmapped": 1,
        },
        "norce": {
            "compared": compared["norce"],
            "missing": 2,
            "extra": 1,
            "quantity": 1,
            "unmapped": 0,
        },
    }


def test_csv_has_the_same_rows(
    planted_pipeline: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    paths = planted_pipeline.write_json()
    out_file = tmp_path / "report.csv"
    args = _args(paths, planted_pipeline.mapping, "--format", "csv", "--output-file", str(out_file))
    code, out, _ = _run(capsys, *args)
    assert (code, out) == (1, "")
    rows = list(csv.reader(io.StringIO(out_file.read_text())))
    assert tuple(rows[0]) == (
        "target", "kind", "product", "variant", "location", "source_qty", "target_qty",
    )  # fmt: skip
    expected = [
        ["" if v is None else str(v) for v in diff.values()] for diff in planted_pipeline.expected
    ]
    assert rows[1:] == expected


def test_text_names_every_mistake_and_cites_the_docs(
    planted_pipeline: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = planted_pipeline.write_json()
    code, out, _ = _run(capsys, *_args(paths, planted_pipeline.mapping))
    assert code == 1
    compared = planted_pipeline.compared()
    assert f"norce: {compared['norce']} compared, 2 missing, 1 extra, 1 quantity, 0 unmapped" in out
    assert (
        f"kaching: {compared['kaching']} compared, 2 missing, 1 extra, 0 quantity, 1 unmapped"
        in out
    )
    for line in (
        "norce   quantity MAIN MUG: source 9, target 10",
        "norce   missing  HO LAMP: source 6, target -",
        "norce   extra    MAIN LAMP: source -, target 6",
        "kaching missing  MAIN TEE-BLUE-M variant tee-blue-m: source 7, target -",
        "kaching extra    MAIN POSTER: source -, target 4",
        "kaching unmapped store-9 P-000: source -, target 3",
    ):
        assert line in out
    assert "GHOST" not in out
    assert "ZERO" not in out
    assert "https://apidocs.unleashedsoftware.com/StockOnHand" in out
    assert "https://developers.ka-ching.dk/stock-import-integration/" in out


def test_a_faithful_pipeline_reconciles(
    clean_pipeline: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = clean_pipeline.write_json()
    code, out, _ = _run(capsys, *_args(paths, clean_pipeline.mapping, "--format", "json"))
    assert code == 0
    report = json.loads(out)
    assert report["differences"] == []
    assert report["summary"]["norce"]["compared"] == len(clean_pipeline.source)


def test_tolerance_absorbs_the_off_by_one(
    planted_pipeline: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = planted_pipeline.write_json()
    args = _args(paths, planted_pipeline.mapping, "--format", "json", "--tolerance", "1")
    _, out, _ = _run(capsys, *args)
    kinds = [(d["target"], d["kind"], d["product"]) for d in json.loads(out)["differences"]]
    assert ("norce", "quantity", "MUG") not in kinds
    assert len(kinds) == len(planted_pipeline.expected) - 1


def test_qty_on_hand_is_compared_when_the_mapping_says_so(
    clean_pipeline: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = clean_pipeline.write_json()
    text = clean_pipeline.mapping.read_text().replace(
        'norce = "AvailableQty"', 'norce = "QtyOnHand"'
    )
    clean_pipeline.mapping.write_text(text)
    _, out, _ = _run(capsys, *_args(paths, clean_pipeline.mapping, "--format", "json"))
    report = json.loads(out)
    differing = {
        (code, wh) for code, wh, available, on_hand in clean_pipeline.source if available != on_hand
    }
    found = {(d["product"], d["location"]) for d in report["differences"]}
    assert {d["target"] for d in report["differences"]} == {"norce"}
    assert found == differing
    assert differing
