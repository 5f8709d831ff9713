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
import dataclasses
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class EnumMember:
    code: int
    name: str
    remark: str | None
    deprecated: bool


@dataclass(frozen=True)
class CodedEnum:
    """An integer enum with names, as declared with ``x-enum-names`` in a spec."""

    schema_name: str
    members: tuple[EnumMember, ...]
    aliases: Mapping[str, str] = dataclasses.field(default_factory=dict, hash=False, compare=False)
    """Other accepted name -> the member name it stands for (``x-enum-aliases``)."""
    wire_only: frozenset[int] = frozenset()
    """Codes a vendor client may send but the docs give no effect (``x-skuguard-wire-codes``)."""

    @functools.cached_property
    def by_code(self) -> Mapping[int, EnumMember]:
        return {m.code: m for m in self.members}

    @functools.cached_property
    def by_name(self) -> Mapping[str, EnumMember]:
        return {m.name: m for m in self.members}

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(m.code for m in self.members)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)

    def resolve(self, value: object) -> EnumMember | None:
        """Map an integer code or a name to its member; ``None`` when unknown."""
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return self.by_code.get(value)
        if isinstance(value, str):
            return self.by_name.get(self.aliases.get(value, value))
        return None


@functools.cache
def coded_enum(api: Api, schema_name: str) -> CodedEnum:
    """Read an integer enum with its ``x-enum-names``, ``x-enum-aliases``, ``x-remarks`` and
    ``x-deprecated``."""
    node = schema(api, schema_name)
    codes = node.get("enum")
    names = node.get("x-enum-names")
    if not isinstance(codes, list) or not isinstance(names, list) or len(codes) != len(names):
        raise SpecError(f"{api} schema {schema_name} needs parallel 'enum' and 'x-enum-names'")
    remarks: Mapping[str, str] = node.get("x-remarks", {})
    deprecated = frozenset(node.get("x-deprecated", ()))
    members = tuple(
        EnumMember(code=int(c), name=str(n), remark=remarks.get(str(n)), deprecated=n in deprecated)
        for c, n in zip(codes, names, strict=True)
    )
    aliases = node.get("x-enum-aliases", {})
    if not isinstance(aliases, Mapping) or any(str(a) not in names for a in aliases.values()):
        raise SpecError(f"{api} schema {schema_name}: each x-enum-aliases value must be a name")
    wire_only = frozenset(int(c) for c in node.get("x-skuguard-wire-codes", ()))
    if not wire_only <= {m.code for m in members}:
        raise SpecError(f"{api} schema {schema_name}: x-skuguard-wire-codes must be enum codes")
    return CodedEnum(
        schema_name=schema_name,
        members=members,
        aliases={str(k): str(a) for k, a in aliases.items()},
        wire_only=wire_only,
    )


__all__ = [
    "SPEC_FILES",
    "Api",
    "CodedEnum",
    "EnumMember",
    "SpecError",
    "coded_enum",
    "load_spec",
    "schema",
    "spec_bytes",
    "spec_digest",
    "spec_file",
    "spec_view",
]
