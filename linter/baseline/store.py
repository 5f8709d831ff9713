"""The baseline file: a format version and one sorted line per baselined finding (wrapped here).

```
{
 "findings": [
  {"code": "...", "file": "catalog.json", "item": {"Code": "P1"}, "message": "...",
   "pointer": "/Variants/[ManufacturerPartNo=M1]/Skus/[PartNo=S1]/ActualWeight"},
  ...
 ],
 "version": 1
}
```

Two equal findings are two equal lines, so the file is a multiset of identities and a
finding fixed is a line removed. The ``message`` is not part of a finding's identity: it tells
a reviewer what the finding is, and when one item has several findings of one identity and
only some are baselined, the ones whose message is in the baseline are the ones hidden.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from linter.baseline.anchor import Identity, canonical

BASELINE_VERSION = 1

Entry = tuple[Identity, str]
"""One baselined finding: its identity and its message."""


class BaselineError(ValueError):
    """A baseline file that cannot be read or written; the message names the file."""


def render_baseline(entries: Iterable[Entry]) -> str:
    """The file's text: stable for equal multisets, one entry per line, trailing newline."""
    lines = [
        json.dumps(dict(identity.to_dict(), message=message), sort_keys=True, ensure_ascii=False)
        for identity, message in sorted(entries)
    ]
    body = ",\n".join(f"  {line}" for line in lines)
    findings = f"[\n{body}\n ]" if lines else "[]"
    return f'{{\n "findings": {findings},\n "version": {BASELINE_VERSION}\n}}\n'


def write_baseline(path: Path, entries: Iterable[Entry]) -> None:
    # a lone surrogate (from a non-UTF-8 file name, or an escaped one in a key) is written as
    # a JSON escape, which reads back as the same character
    data = render_baseline(entries).encode("utf-8", "backslashreplace")
    try:
        path.write_bytes(data)
    except OSError as error:
        raise BaselineError(f"{path}: cannot write it: {error.strerror or error}") from None


def _entry(raw: Any, where: str) -> Entry:
    if not isinstance(raw, dict):
        raise BaselineError(f"{where}: expected an object")
    fields = {"code", "file", "item", "message", "pointer"}
    if set(raw) != fields:
        raise BaselineError(f"{where}: expected exactly the keys {', '.join(sorted(fields))}")
    for name in ("code", "file", "message", "pointer"):
        if not isinstance(raw[name], str):
            raise BaselineError(f"{where}: {name} must be a string")
    if not isinstance(raw["item"], dict):
        raise BaselineError(f"{where}: item must be an object")
    identity = Identity(raw["file"], raw["code"], canonical(raw["item"]), raw["pointer"])
    return identity, raw["message"]


def parse_baseline(text: str, where: str) -> Counter[Entry]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise BaselineError(f"{where}: not a baseline file (invalid JSON: {error})") from None
    if not isinstance(data, dict) or "version" not in data:
        raise BaselineError(f"{where}: not a baseline file (no format version)")
    version = data["version"]
    if version != BASELINE_VERSION:
        raise BaselineError(
            f"{where}: baseline format version {version!r} is not supported "
            f"(this skuguard reads version {BASELINE_VERSION})"
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f"{where}: findings must be a list")
    return Counter(_entry(raw, f"{where}: finding {n + 1}") for n, raw in enumerate(findings))


def read_baseline(path: Path) -> Counter[Entry]:
    """The baselined entries with their counts. Raises :class:`BaselineError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline file (create it with --update-baseline)"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        detail = error.strerror if isinstance(error, OSError) else error
        raise BaselineError(f"{path}: cannot read it: {detail or error}") from None
    return parse_baseline(text, str(path))


__all__ = [
    "BASELINE_VERSION",
    "BaselineError",
    "Entry",
    "parse_baseline",
    "read_baseline",
    "render_baseline",
    "write_baseline",
]
