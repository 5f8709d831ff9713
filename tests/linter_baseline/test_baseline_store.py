"""The baseline file round-trips, whatever the names and keys hold."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from linter.baseline import Identity, read_baseline
from linter.baseline.anchor import canonical
from linter.baseline.store import write_baseline


def test_odd_characters_round_trip(tmp_path: Path) -> None:
    odd = [
        (Identity("caf\u00e9/\udcff.json", "NP012", canonical({"Code": "P\ud800"}), "/a~1b"), "m"),
        (Identity("x.json", "NP012", canonical({"Code": 'quote " and \\\\'}), ""), "\n\x1b"),
        (Identity("x.json", "NP012", canonical({"Code": 'quote " and \\\\'}), ""), "\n\x1b"),
    ]
    path = tmp_path / "b.json"
    write_baseline(path, odd)
    path.read_text(encoding="utf-8")  # plain UTF-8 on disk
    assert read_baseline(path) == Counter(odd)


def test_an_empty_baseline(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(path, [])
    assert path.read_text(encoding="utf-8") == '{\n "findings": [],\n "version": 1\n}\n'
    assert read_baseline(path) == Counter()
