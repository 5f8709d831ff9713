"""Fixtures: defaults match the sandbox seed; a bad TOML file gets a message naming the problem."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from contracts.generate.payloads import Fixtures, FixturesError


def seed() -> dict[str, object]:
    text = resources.files("contracts.sandbox").joinpath("seed_data.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def test_defaults_are_the_sandbox_seed() -> None:
    data = seed()
    kaching, norce = data["kaching"], data["norce"]
    assert isinstance(kaching, dict)
    assert isinstance(norce, dict)
    fixtures = Fixtures()
    assert fixtures.kaching.stock_locations == [loc["id"] for loc in kaching["locations"]]
    assert fixtures.norce.price_list_codes == norce["price_lists"]
    seeded_part_nos = [
        sku["PartNo"]
        for product in norce["products"]
        for variant in product["Variants"]
        for sku in variant["Skus"]
    ]
    assert fixtures.norce.part_nos == seeded_part_nos


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fixtures.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_overrides_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, '[kaching]\nstock_locations = ["shop-9"]\n[norce]\npart_nos = ["A-1"]\n')
    fixtures = Fixtures.from_toml(path)
    assert fixtures.kaching.stock_locations == ["shop-9"]
    assert fixtures.norce.part_nos == ["A-1"]
    assert fixtures.norce.price_list_codes == Fixtures().norce.price_list_codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[kaching\n", r"not valid TOML: .*line 1"),
        ("[norce]\npart_no = ['x']\n", r"\[norce\] part_no: unknown key"),
        ("[shopify]\nx = 1\n", r"key 'shopify': unknown key"),
        ("[kaching]\nstock_locations = ['a', 3]\n", r"\[kaching\] stock_locations\[1\]: .*string"),
        ("[kaching]\nstock_locations = []\n", r"stock_locations: must not be empty"),
        ("[kaching]\nstock_locations = ['a.b']\n", r"'a.b'.*not a Ka-ching id"),
        ("kaching = 3\n", r"key 'kaching': must be a table"),
    ],
)
def test_bad_files_name_the_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(FixturesError, match=expected) as raised:
        Fixtures.from_toml(path)
    assert str(raised.value).startswith(str(path))


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FixturesError, match="cannot read the file"):
        Fixtures.from_toml(tmp_path / "absent.toml")
