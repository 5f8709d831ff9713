"""The cache of values derived from the specs: keyed by the spec's bytes, never trusted blindly.

The cache may only ever save time: an edited spec is read afresh, a damaged entry is rebuilt,
and a cache directory that cannot be written leaves the result unchanged.
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linter import spec_cache
from tests.cli_process import SKUGUARD, clean_env, run_text

ROOT = Path(__file__).resolve().parents[2]
CONCISE = ("--output-format", "concise", "--isolated")
STOCK = '{"store-1": {"mug": 2, "cup": "x"}, "bad": {"cup": -1}}\n'


def lint(path: Path, cache: Path, *, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [*SKUGUARD, "lint", "--kind", "kaching.stock", *CONCISE, str(path)]
    return run_text(command, cwd=cwd, env=clean_env(SKUGUARD_CACHE_DIR=str(cache)))


@pytest.fixture
def stock(tmp_path: Path) -> Path:
    path = tmp_path / "stock.json"
    path.write_text(STOCK)
    return path


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("*.marshal"))


def test_value_is_built_once_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKUGUARD_CACHE_DIR", str(tmp_path / "cache"))
    built: list[int] = []

    def build() -> dict[str, object]:
        built.append(1)
        return {"a": [1, 2], "b": (True, None), "c": frozenset({"x"})}

    key = spec_cache.digest(b"spec bytes")
    first = spec_cache.cached_value("thing", key, build)
    second = spec_cache.cached_value("thing", key, build)
    assert first == second == {"a": [1, 2], "b": (True, None), "c": frozenset({"x"})}
    assert len(built) == 1
    assert len(entries(tmp_path / "cache")) == 1


def test_other_bytes_other_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKUGUARD_CACHE_DIR", str(tmp_path / "cache"))
    one = spec_cache.cached_value("thing", spec_cache.digest(b"version 1"), lambda: "one")
    two = spec_cache.cached_value("thing", spec_cache.digest(b"version 2"), lambda: "two")
    assert (one, two) == ("one", "two")
    assert spec_cache.digest(b"version 1") != spec_cache.digest(b"version 2")
    assert spec_cache.digest("text") == spec_cache.digest(b"text")
    assert len(entries(tmp_path / "cache")) == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # empty (a write cut short)
        b"\xff\x00garbage",  # not marshal at all
        marshal.dumps({"components": {}}),  # loads, but is no entry
        marshal.dumps((spec_cache.FORMAT - 1, "thing", "k", "stale")),  # an older layout
    ],
    ids=["empty", "garbage", "not-an-entry", "old-format"],
)
def test_damaged_entry_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    monkeypatch.setenv("SKUGUARD_CACHE_DIR", str(tmp_path / "cache"))
    key = spec_cache.digest(b"spec")
    assert spec_cache.cached_value("thing", key, lambda: "fresh") == "fresh"
    path = spec_cache.entry_path("thing", key)
    path.write_bytes(damage)
    assert spec_cache.cached_value("thing", key, lambda: "rebuilt") == "rebuilt"
    assert spec_cache.cached_value("thing", key, lambda: "not used") == "rebuilt"


def test_entry_under_another_name_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKUGUARD_CACHE_DIR", str(tmp_path / "cache"))
    key = spec_cache.digest(b"spec")
    spec_cache.cached_value("one", key, lambda: "value of one")
    shutil.copy(spec_cache.entry_path("one", key), spec_cache.entry_path("two", key))
    assert spec_cache.cached_value("two", key, lambda: "value of two") == "value of two"


def test_lint_with_corrupt_cache_files_is_unchanged(tmp_path: Path, stock: Path) -> None:
    cache = tmp_path / "cache"
    fresh = lint(stock, cache, cwd=tmp_path)
    assert fresh.returncode == 1, fresh.stderr
    assert "error KS001" in fresh.stdout
    assert "warning KS005" in fresh.stdout
    written = entries(cache)
    assert written, "the first run writes the cache"
    for path in written:
        path.write_bytes(b"\x00not a cache entry")
    again = lint(stock, cache, cwd=tmp_path)
    assert (again.returncode, again.stdout, again.stderr) == (
        fresh.returncode,
        fresh.stdout,
        fresh.stderr,
    )
    for path in entries(cache):  # rebuilt: each loads as an entry again
        loaded = marshal.loads(path.read_bytes())
        assert type(loaded) is tuple
        assert loaded[0] == spec_cache.FORMAT


def test_lint_with_unwritable_cache_dir(tmp_path: Path, stock: Path) -> None:
    reference = lint(stock, tmp_path / "cache", cwd=tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("a file, so no directory can be made below it\n")
    blocked = lint(stock, blocker / "cache", cwd=tmp_path)
    assert (blocked.returncode, blocked.stdout, blocked.stderr) == (
        reference.returncode,
        reference.stdout,
        reference.stderr,
    )
    assert blocker.is_file()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes a read-only dir"
)
def test_lint_with_read_only_cache_dir(tmp_path: Path, stock: Path) -> None:
    reference = lint(stock, tmp_path / "cache", cwd=tmp_path)
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        result = lint(stock, read_only, cwd=tmp_path)
    finally:
        read_only.chmod(0o755)
    assert (result.returncode, result.stdout, result.stderr) == (
        reference.returncode,
        reference.stdout,
        reference.stderr,
    )
    assert not list(read_only.iterdir())


def test_lint_reads_an_edited_spec_afresh(tmp_path: Path) -> None:
    """A copy of the package whose Ka-ching spec forbids '-' in ids: the cache written for the
    shipped spec must not hide the edit."""
    tree = tmp_path / "tree"
    for package in ("linter", "contracts"):  # symlinks followed: linter/openapi is copied
        shutil.copytree(
            ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    stock = tmp_path / "stock.json"
    stock.write_text('{"store-1": {"mug": 2}}\n')
    cache = tmp_path / "cache"
    before = lint(stock, cache, cwd=tree)
    assert before.returncode == 0, before.stdout + before.stderr
    assert "no problems" in before.stdout
    spec = tree / "linter" / "openapi" / "kaching-stock-import.yaml"
    text = spec.read_text()
    shipped = "pattern: '^[^./#$*\\[\\]]+$'"
    assert shipped in text
    spec.write_text(text.replace(shipped, "pattern: '^[^./#$*\\[\\]-]+$'"))
    after = lint(stock, cache, cwd=tree)
    assert after.returncode == 1, after.stdout + after.stderr
    assert "store-1" in after.stdout
    assert len(list(cache.glob("spec-kaching-*.marshal"))) == 2  # one per spec text

    schemas_py = tree / "linter" / "schemas.py"
    schemas_py.write_text(schemas_py.read_text() + "\n# an edit to the code that derives values\n")
    edited = lint(stock, cache, cwd=tree)
    assert (edited.returncode, edited.stdout) == (after.returncode, after.stdout)
    assert len(list(cache.glob("components-kaching-*.marshal"))) == 3  # one per code or spec
