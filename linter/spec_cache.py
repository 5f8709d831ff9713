"""A cache of values derived from the specs (the parsed spec, prepared schemas, model tables).

An entry holds one value in :mod:`marshal` form (plain data only, no code runs on load),
named by what it holds and the BLAKE2 digest of the bytes it was derived from (for the specs:
the spec and the code that derives from it, see :func:`linter.specs.spec_digest`), and
stamped with :data:`FORMAT`, so an edited or upgraded spec or deriving code, or a new layout
of the derived data, never reads a stale entry. The directory is ``$SKUGUARD_CACHE_DIR``, else
``$XDG_CACHE_HOME/skuguard``, else ``~/.cache/skuguard``. A cache that cannot be read or
written is skipped silently, and an entry that does not load (truncated, corrupt, written by
another format) is rebuilt: the cache only ever costs the work it would have saved.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

try:  # the C module itself: importing hashlib would load OpenSSL's bindings too
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython build we support has it
    from hashlib import blake2b

FORMAT = 2
"""Bump when the layout of any cached value changes."""

T = TypeVar("T")


def cache_dir() -> Path:
    """Where entries live (not created until one is written)."""
    explicit = os.environ.get("SKUGUARD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "skuguard"


def digest(data: bytes | str) -> str:
    """The hex BLAKE2 digest (128 bits) that names entries derived from ``data``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return blake2b(raw, digest_size=16).hexdigest()


def entry_path(name: str, key: str) -> Path:
    """The file of the entry ``name`` derived from the data whose :func:`digest` is ``key``."""
    return cache_dir() / f"{name}-{key}-v{FORMAT}.marshal"


def _read(path: Path, name: str, key: str) -> tuple[bool, Any]:
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return False, None
    if (
        type(loaded) is not tuple
        or len(loaded) != 4
        or loaded[:3] != (FORMAT, name, key)  # a file renamed or written by another layout
    ):
        return False, None
    return True, loaded[3]


def _write(path: Path, name: str, key: str, value: Any) -> None:
    try:
        data = marshal.dumps((FORMAT, name, key, value))
    except ValueError:  # a type marshal cannot hold (e.g. a YAML date): do not cache
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{id(data):x}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def cached_value(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``, served from the cache when the entry ``name`` for ``key`` loads.

    ``key`` is the :func:`digest` of every byte the value is derived from; ``build`` must
    return plain data (dicts, lists, tuples, sets, str, bytes, numbers, None, bool).
    """
    path = entry_path(name, key)
    found, value = _read(path, name, key)
    if found:
        cached: T = value
        return cached
    built = build()
    _write(path, name, key, built)
    return built


def cached_parse(name: str, text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, served from the cache when an entry for this exact text exists."""
    return cached_value(f"spec-{name}", digest(text), lambda: parse(text))


__all__ = ["FORMAT", "cache_dir", "cached_parse", "cached_value", "digest", "entry_path"]
