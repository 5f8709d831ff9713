"""The vendor-client corpus: where it lives and what each of its files is."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "vendor_corpus" / "norce"

KIND_BY_PREFIX = {
    "products": "norce.products",
    "prices": "norce.prices",
    "onhands": "norce.onhands",
    "relations": "norce.relations",
}


def bodies() -> list[Path]:
    """Every payload body of the corpus (headers are NAME.header.json beside them)."""
    return sorted(
        p for p in CORPUS.iterdir() if p.suffix in {".json", ".xml"} and ".header." not in p.name
    )


def kind_of(body: Path) -> str:
    return KIND_BY_PREFIX[body.name.split("-", 1)[0]]


def header_of(body: Path) -> Path:
    return body.with_name(body.name.removesuffix(body.suffix) + ".header.json")


def content_type_of(body: Path) -> str:
    return "xml" if body.suffix == ".xml" else "json"


def header_dict(body: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(header_of(body).read_text(encoding="utf-8"))
    return loaded
