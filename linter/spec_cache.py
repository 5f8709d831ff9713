"""A cache of parsed specs that loads faster than parsing their YAML.

Each entry is the parsed spec in :mod:`marshal` form (plain data only, no code runs on
load), named by the API and the SHA-256 of the spec text, so an edited or upgraded spec
never reads a stale entry. The directory is ``$SKUGUARD_CACHE_DIR``, else
``$XDG_CACHE_HOME/skuguard``, else ``~/.cache/skuguard``. A cache that cannot be read or
written is skipped silently: it only ever costs the parse it would have saved.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = "1"


def cache_dir() -> Path:
    """Where entries live (not created until one is written)."""
    explicit = os.environ.get("SKUGUARD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "skuguard"


def entry_path(name: str, text: str) -> Path:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    return cache_dir() / f"spec-{name}-{digest}-v{FORMAT}.marshal"


def cached_parse(name: str, text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, served from the cache when an entry for this exact text exists."""
    path = entry_path(name, text)
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = parse(text)
    try:
        data = marshal.dumps(value)
    except ValueError:  # a type marshal cannot hold (e.g. a YAML date): do not cache
        return value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".spec-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        pass
    return value


__all__ = ["cache_dir", "cached_parse", "entry_path"]
