"""Load the OpenAPI specs shipped inside the package and read enums from them.

The specs under ``openapi/`` are the single source of truth for shapes and enums.
They are read from the package directory (``linter/openapi/``), which is a real directory
in a checkout and in an installed wheel alike; only a package that is not on the file
system (a zip import) is read through :mod:`importlib.resources`. The parsed spec is
served from :mod:`linter.spec_cache`, keyed by the digest of the spec's bytes.
"""

from __future__ import annotations

import contextlib
import copy
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from linter.spec_cache import cached_value, digest

Api = Literal["norce", "kaching", "unleashed"]

SPEC_FILES: Mapping[Api, str] = {
    "norce": "norce-connect-product-4.0.yaml",
    "kaching": "kaching-stock-import.yaml",
    "unleashed": "unleashed-stock-on-hand.yaml",
}

_SPEC_PACKAGE = "linter"
_SPEC_DIR = "openapi"


class SpecError(LookupError):
    """A spec, schema or enum that the code expects is missing from ``openapi/``."""


_HERE = Path(__file__).resolve().parent


def _spec_name(api: Api) -> str:
    try:
        return SPEC_FILES[api]
    except KeyError:
        raise SpecError(f"unknown API {api!r}; known: {', '.join(SPEC_FILES)}") from None


def _spec_path(api: Api) -> Path:
    return _HERE / _SPEC_DIR / _spec_name(api)


@functools.cache
def spec_bytes(api: Api) -> bytes:
    """The spec file of ``api`` as shipped."""
    name = _spec_name(api)
    try:
        return _spec_path(api).read_bytes()
    except OSError:  # not on the file system (e.g. imported from a zip)
        from importlib import resources

        return resources.files(_SPEC_PACKAGE).joinpath(_SPEC_DIR, name).read_bytes()


_DERIVING = (
    "specs.py",
    "schemas.py",
    "norce_model/body.py",
    "norce_model/header.py",
    "norce_model/items.py",
    "norce_model/names.py",
    "norce_model/spec.py",
)
"""The modules whose code derives the cached values: an edit to any of them is a new key."""


@functools.cache
def _code_fingerprint() -> bytes:
    parts: list[bytes] = []
    for relative in _DERIVING:
        try:
            parts.append((_HERE / relative).read_bytes())
        except OSError:  # shipped without sources: the cache's format number must do
            parts.append(relative.encode("utf-8"))
    return b"\0".join(parts)


@functools.cache
def spec_digest(api: Api) -> str:
    """The key of every cache entry derived from the spec of ``api``: the
    :func:`linter.spec_cache.digest` of the spec's bytes and of the code that derives them."""
    return digest(spec_bytes(api) + b"\0" + _code_fingerprint())


def _parse_yaml(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster startup
    return yaml.load(text, Loader=loader)  # a safe loader either way


@functools.cache
def _load(api: Api) -> dict[str, Any]:
    loaded = cached_value(
        f"spec-{api}", spec_digest(api), lambda: _parse_yaml(spec_bytes(api).decode("utf-8"))
    )
    if not isinstance(loaded, dict):
        raise SpecError(f"spec for {api!r} is not a mapping")
    return loaded


def load_spec(api: Api) -> dict[str, Any]:
    """Return a private deep copy of the parsed spec of ``api``."""
    return copy.deepcopy(_load(api))


def spec_view(api: Api) -> Mapping[str, Any]:
    """Return the shared, cached parsed spec. Callers must not mutate it."""
    return _load(api)


@contextlib.contextmanager
def spec_file(api: Api) -> Iterator[Path]:
    """Yield a real filesystem path of the spec (for tools that want a path)."""
    path = _spec_path(api)
    if path.is_file():
        yield path
        return
    from importlib import resources

    resource = resources.files(_SPEC_PACKAGE).joinpath(_SPEC_DIR, _spec_name(api))
    with resources.as_file(resource) as extracted:
        yield extracted


def schema(api: Api, name: str) -> Mapping[str, Any]:
    """Return ``components/schemas/<name>`` of the spec of ``api``."""
    try:
        found: Mapping[str, Any] = _load(api)["components"]["schemas"][name]
    except KeyError:
        raise SpecError(f"{api} spec has no components/schemas/{name}") from None
    return found


def __getattr__(name: str) -> Any:
    """The coded-enum names, kept here for their importers; they live in
    :mod:`linter.coded_enums`, which a lint of a kind without enums never loads."""
    if name in ("CodedEnum", "EnumMember", "coded_enum"):
        from linter import coded_enums

        return getattr(coded_enums, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "SPEC_FILES",
    "Api",
    "SpecError",
    "load_spec",
    "schema",
    "spec_bytes",
    "spec_digest",
    "spec_file",
    "spec_view",
]
