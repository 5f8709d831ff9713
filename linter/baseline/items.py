"""Identities of the diagnostics of one linted file, read back from the file after linting.

The engine reports a finding by pointer; the key of the item a pointer points into is read
here from the document itself, so the linter's hot path is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.baseline.anchor import (
    Identity,
    canonical,
    inner_pointer,
    item_index,
    item_key,
    member_identity,
    plain_identity,
)
from linter.kinds import LAYOUTS
from linter.read.item import Layout

if TYPE_CHECKING:
    from linter.config import LintConfig
    from linter.diagnostics import Diagnostic

PSEUDO_FILES = frozenset({"<stdin>", "<header>", "<input>", "<bytes>", "<object>"})


def file_kind(
    path: Path, kind: str | None, content_type: str | None, config: LintConfig | None
) -> tuple[str, str] | None:
    """The kind and content type the linter gave ``path`` (as :func:`linter.lint_file` does)."""
    from linter.read.detect import SNIFF_SIZE, detect_kind, sniff_content_type

    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_SIZE)
    except OSError:
        return None
    chosen_type = content_type or ("xml" if path.suffix == ".xml" else sniff_content_type(head))
    chosen = kind or (config.kind_for(path) if config else None) or detect_kind(head)
    if chosen is None or chosen not in LAYOUTS:
        return None
    return chosen, chosen_type


def read_items(path: Path, kind: str, content_type: str, wanted: set[int]) -> Iterator[Any]:
    """The items of ``path`` at the ``wanted`` indices, in order (fewer when unreadable)."""
    if not wanted:
        return
    last = max(wanted)
    try:
        with path.open("rb") as stream:
            for item in _reader(stream, kind, content_type).items():
                if item.index in wanted:
                    yield item
                if item.index >= last:
                    break
    except Exception:  # an item that cannot be read keeps its index as its anchor
        return


def _reader(stream: Any, kind: str, content_type: str) -> Any:
    from linter import norce_model, schemas
    from linter.registry import NORCE_BODY_KINDS

    layout = LAYOUTS[kind]
    if content_type != "xml":
        from linter.read.json import JsonReader

        return JsonReader(stream, layout)
    from linter.read.xml import XmlReader

    if kind in NORCE_BODY_KINDS:
        norce_schema = schemas.component("norce", norce_model.body_item_schema(kind))
        return XmlReader(
            stream, layout, norce_schema, {}, lambda s: schemas.resolve_ref("norce", s)
        )
    row_schema = schemas.component("unleashed", schemas.UNLEASHED_ROW)
    return XmlReader(stream, layout, row_schema, {}, lambda s: schemas.resolve_ref("unleashed", s))


def file_identities(
    name: str,
    shown: str,
    diagnostics: Sequence[Diagnostic],
    kind: tuple[str, str] | None,
) -> list[Identity]:
    """The identity of each of ``diagnostics`` (all of file ``name``), in their order.

    ``shown`` is the file as the baseline writes it; ``kind`` is the file's kind and content
    type, ``None`` for a header or a file of no known kind (then pointers are kept whole).
    """
    layout = LAYOUTS[kind[0]] if kind else Layout.WHOLE
    if layout is Layout.WHOLE:
        return [plain_identity(shown, d.code, d.pointer) for d in diagnostics]
    if layout is Layout.MEMBERS:
        return [member_identity(shown, d.code, d.pointer) for d in diagnostics]
    assert kind is not None
    places = [item_index(layout, d.pointer) for d in diagnostics]
    by_index: dict[int, list[int]] = {}
    for position, place in enumerate(places):
        if place is not None:
            by_index.setdefault(place[0], []).append(position)
    result: list[Identity] = [
        plain_identity(shown, d.code, d.pointer)
        if place is None
        else Identity(shown, d.code, canonical({"#index": place[0]}), d.pointer)
        for d, place in zip(diagnostics, places, strict=True)
    ]
    for item in read_items(Path(name), kind[0], kind[1], set(by_index)):
        key = canonical(item_key(kind[0], item.value))
        for position in by_index[item.index]:
            place = places[position]
            assert place is not None
            result[position] = Identity(
                shown, diagnostics[position].code, key, inner_pointer(item.value, place[1])
            )
    return result


def group_by_file(diagnostics: Iterable[Diagnostic]) -> dict[str, list[int]]:
    """Positions of the diagnostics of each file, files in first-seen order."""
    groups: dict[str, list[int]] = {}
    for position, d in enumerate(diagnostics):
        groups.setdefault(d.file, []).append(position)
    return groups


__all__ = [
    "PSEUDO_FILES",
    "file_identities",
    "file_kind",
    "group_by_file",
    "read_items",
]
