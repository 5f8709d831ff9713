"""The Norce model tables served from the spec cache equal the ones computed from the spec."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linter.norce_model import body, header, items
from linter.norce_model.names import HEADER_KINDS, IMPORT_OPERATIONS


def _clear() -> None:
    for cached in (
        body._body_table,
        items._table,
        body.body_node,
        header._header_table,
        header.header_fields,
    ):
        cached.cache_clear()


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SKUGUARD_CACHE_DIR", str(tmp_path))
    _clear()
    yield tmp_path
    _clear()


def test_body_nodes_from_the_cache_equal_the_computed_ones(fresh_cache: Path) -> None:
    built = body._body_table()
    assert list(fresh_cache.glob("norce-body-*.marshal")), "the table was written"
    body._body_table.cache_clear()
    assert body._body_table() == built  # now read back from the file
    names = {name for kind in IMPORT_OPERATIONS for name in body.body_schemas(kind)}
    assert names == set(built)
    for name in sorted(names):
        assert body.body_node(name) == body._computed_body_node(name), name
    assert any(body.body_node(name).flags for name in names)
    assert any(body.body_node(name).defaults for name in names)


def test_header_fields_from_the_cache_equal_the_computed_ones(fresh_cache: Path) -> None:
    built = header._header_table()
    assert list(fresh_cache.glob("norce-header-*.marshal")), "the table was written"
    header._header_table.cache_clear()
    assert header._header_table() == built
    assert set(built) == set(HEADER_KINDS.values())
    for kind in sorted(built):
        fields = header.header_fields(kind)
        assert fields == header._computed_header_fields(kind), kind
        assert any(f.enum is not None for f in fields.values())
        assert any(f.requires is not None for f in fields.values()) or kind != "product"


def test_schema_outside_the_table_is_still_computed(fresh_cache: Path) -> None:
    with pytest.raises(LookupError):
        body.body_node("NoSuchSchema")


def test_item_properties_from_the_cache(fresh_cache: Path) -> None:
    from linter.norce_model import item_properties

    for kind in IMPORT_OPERATIONS:
        assert item_properties(kind) == body.body_node(body.body_item_schema(kind)).properties
    assert list(fresh_cache.glob("norce-item-properties-*.marshal"))
    items._table.cache_clear()
    assert "PartNo" in item_properties("norce.onhands")
