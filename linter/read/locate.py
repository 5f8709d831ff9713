"""Find the byte offset of a JSON Pointer inside raw JSON bytes, without parsing it all.

Used only for nodes that get a diagnostic. When the pointer cannot be followed to the
end (a missing key, a malformed value), the offset of the deepest node reached is
returned, which is where a reader should look.
"""

from __future__ import annotations

import json
import re

_WS = b" \t\r\n"
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR_END = re.compile(rb"[,\]}\s]")
_CONTAINER_TOKENS = re.compile(rb'[\[\]{}"]')


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def join_pointer(tokens: list[str] | tuple[object, ...]) -> str:
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def _skip_ws(raw: bytes, pos: int) -> int:
    n = len(raw)
    while pos < n and raw[pos] in _WS:
        pos += 1
    return pos


def _skip_value(raw: bytes, pos: int) -> int:
    """Return the offset just past the value starting at ``pos`` (best effort)."""
    n = len(raw)
    if pos >= n:
        return n
    first = raw[pos]
    if first == 0x22:
        match = _STRING.match(raw, pos)
        return match.end() if match else n
    if first not in b"[{":
        match = _SCALAR_END.search(raw, pos)
        return match.start() if match else n
    depth = 0
    cursor = pos
    while True:
        match = _CONTAINER_TOKENS.search(raw, cursor)
        if match is None:
            return n
        token = raw[match.start()]
        if token == 0x22:
            string = _STRING.match(raw, match.start())
            if string is None:
                return n
            cursor = string.end()
            continue
        depth += 1 if token in b"[{" else -1
        cursor = match.end()
        if depth == 0:
            return cursor


def skip_blanks(raw: bytes, pos: int) -> int:
    """The offset of the first non-blank byte at or after ``pos`` (public for the fixers)."""
    return _skip_ws(raw, pos)


def value_end(raw: bytes, pos: int) -> int:
    """The offset just past the JSON value starting at ``pos`` (public for the fixers)."""
    return _skip_value(raw, pos)


def _decode_key(raw: bytes) -> str | None:
    try:
        key = json.loads(raw)
    except ValueError:
        return None
    return key if isinstance(key, str) else None


def _find_member(raw: bytes, pos: int, key: str, last: bool) -> int | None:
    """``pos`` is at ``{``; return the offset of the key string of member ``key``."""
    n = len(raw)
    cursor = _skip_ws(raw, pos + 1)
    found: int | None = None
    quoted = b'"' + key.encode("utf-8", "surrogatepass") + b'"'
    while cursor < n and raw[cursor] == 0x22:
        match = _STRING.match(raw, cursor)
        if match is None:
            return found
        token = match.group()
        if token == quoted or (b"\\" in token and _decode_key(token) == key):
            found = cursor
            if not last:
                return found
        cursor = _skip_ws(raw, match.end())
        if cursor >= n or raw[cursor] != 0x3A:
            return found
        cursor = _skip_value(raw, _skip_ws(raw, cursor + 1))
        cursor = _skip_ws(raw, cursor)
        if cursor < n and raw[cursor] == 0x2C:
            cursor = _skip_ws(raw, cursor + 1)
        else:
            return found
    return found


def _find_element(raw: bytes, pos: int, index: int) -> int | None:
    """``pos`` is at ``[``; return the offset of element ``index``."""
    n = len(raw)
    cursor = _skip_ws(raw, pos + 1)
    if cursor < n and raw[cursor] == 0x5D:
        return None
    for _ in range(index):
        cursor = _skip_ws(raw, _skip_value(raw, cursor))
        if cursor >= n or raw[cursor] != 0x2C:
            return None
        cursor = _skip_ws(raw, cursor + 1)
    return cursor if cursor < n else None


def element_offsets(raw: bytes, pos: int) -> list[int]:
    """``pos`` is at ``[``; the offsets of all its elements, in one pass."""
    n = len(raw)
    cursor = _skip_ws(raw, pos + 1)
    found: list[int] = []
    if cursor >= n or raw[cursor] == 0x5D:
        return found
    while cursor < n:
        found.append(cursor)
        cursor = _skip_ws(raw, _skip_value(raw, cursor))
        if cursor >= n or raw[cursor] != 0x2C:
            break
        cursor = _skip_ws(raw, cursor + 1)
    return found


class Locator:
    """Locates many pointers in the same bytes; each array is scanned at most once."""

    __slots__ = ("_arrays", "memo", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.memo: dict[tuple[str, ...], int] = {}
        self._arrays: dict[int, list[int]] = {}

    def locate(self, tokens: list[str], *, start: int = 0, last_key: bool = False) -> int:
        return locate(
            self.raw, tokens, start=start, last_key=last_key, memo=self.memo, arrays=self._arrays
        )


def locate(
    raw: bytes,
    tokens: list[str],
    *,
    start: int = 0,
    last_key: bool = False,
    memo: dict[tuple[str, ...], int] | None = None,
    arrays: dict[int, list[int]] | None = None,
) -> int:
    """Offset in ``raw`` of the node at ``tokens`` below the value starting at or after ``start``.

    A member is located at its key (where an editor should put the cursor). With
    ``last_key`` the last of several equal keys is chosen (for duplicate keys). ``memo``
    keeps the value offsets of pointer prefixes, and ``arrays`` the element offsets of each
    array met (by its offset), for several lookups in the same bytes.
    """
    pos = _skip_ws(raw, start)
    first = 0
    if memo and not last_key:
        for cut in range(len(tokens) - 1, 0, -1):
            known = memo.get(tuple(tokens[:cut]))
            if known is not None:
                pos, first = known, cut
                break
    for depth in range(first, len(tokens)):
        token = tokens[depth]
        if pos >= len(raw):
            return max(0, min(pos, len(raw) - 1))
        opener = raw[pos]
        is_last = depth == len(tokens) - 1
        if opener == 0x7B:
            key_at = _find_member(raw, pos, token, last_key and is_last)
            if key_at is None:
                return pos
            if is_last:
                return key_at
            match = _STRING.match(raw, key_at)
            assert match is not None
            colon = _skip_ws(raw, match.end())
            pos = _skip_ws(raw, colon + 1)
        elif opener == 0x5B and token.isdigit():
            if arrays is not None:
                offsets = arrays.get(pos)
                if offsets is None:
                    offsets = arrays[pos] = element_offsets(raw, pos)
                wanted = int(token)
                element = offsets[wanted] if wanted < len(offsets) else None
            else:
                element = _find_element(raw, pos, int(token))
            if element is None:
                return pos
            pos = element
        else:
            return pos
        if memo is not None:
            memo[tuple(tokens[: depth + 1])] = pos
    return pos
