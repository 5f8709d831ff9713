"""Vectorised scan of JSON bytes: structural characters outside strings, with their depth.

The scanner is incremental: feed it consecutive chunks of one document and it keeps
the string/escape/depth state across chunk boundaries. It does not validate JSON;
it only tells where the brackets, commas and colons that are not inside strings are,
so the reader can cut a document into items and hand each one to ``orjson``.

Whether a byte is inside a string is the parity of the unescaped quotes up to it, a prefix
XOR over the whole chunk (one pass over bytes, not a pass per candidate character).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

_QUOTE = 0x22
_BACKSLASH = 0x5C

_DELTA = np.zeros(256, dtype=np.int8)
_DELTA[list(b"{[")] = 1
_DELTA[list(b"}]")] = -1

IntArray = npt.NDArray[np.int64]
ByteArray = npt.NDArray[np.uint8]


@dataclass(slots=True)
class Events:
    """Structural characters of one chunk: positions (within the chunk), bytes, depth before."""

    pos: IntArray
    char: ByteArray
    depth: IntArray


class StructuralScanner:
    """Finds structural characters outside strings in consecutive chunks of one document.

    Colons are reported only with ``colons=True``.
    """

    def __init__(self, *, colons: bool = True) -> None:
        self.colons = colons
        self.in_string = False
        self.depth = 0
        self._trailing_backslashes = 0

    def scan(self, chunk: bytes) -> Events:
        arr = np.frombuffer(chunk, dtype=np.uint8)
        quotes = arr == _QUOTE
        escaped: IntArray | None = None
        if self._trailing_backslashes > 0 or chunk.find(b"\\") >= 0:
            escaped = self._escaped_quotes(chunk, np.flatnonzero(quotes))
            if escaped.size:
                quotes[escaped] = False
        # Per byte, the parity of the (unescaped) quotes up to it: 1 inside a string.
        inside = np.bitwise_xor.accumulate(quotes.view(np.uint8))
        del quotes
        folded = arr | 0x20  # '[' -> '{', ']' -> '}'
        mask = folded == 0x7B
        mask |= folded == 0x7D
        del folded
        mask |= arr == 0x2C
        if self.colons:
            mask |= arr == 0x3A
        if escaped is not None and escaped.size:
            mask[escaped] = True  # an event when outside strings, as plain_scan has it
        mask &= inside == (1 if self.in_string else 0)
        if inside.size and int(inside[-1]):
            self.in_string = not self.in_string
        del inside
        structural = np.flatnonzero(mask)
        del mask
        structural_chars = arr[structural]
        deltas = _DELTA[structural_chars]
        after = np.cumsum(deltas, dtype=np.int64)
        after += self.depth
        depth_before = after - deltas
        if after.size:
            self.depth = int(after[-1])
        self._trailing_backslashes = _count_trailing_backslashes(chunk, self._trailing_backslashes)
        return Events(pos=structural, char=structural_chars, depth=depth_before)

    def _escaped_quotes(self, chunk: bytes, quotes: IntArray) -> IntArray:
        """The quotes preceded by an odd run of backslashes (rare: a short Python loop)."""
        arr = np.frombuffer(chunk, dtype=np.uint8)
        inner = quotes[quotes > 0]
        suspects = inner[arr[inner - 1] == _BACKSLASH].tolist()
        if quotes.size and quotes[0] == 0 and self._trailing_backslashes:
            suspects.insert(0, 0)
        escaped: list[int] = []
        for p in suspects:
            run = 0
            i = p - 1
            while i >= 0 and chunk[i] == _BACKSLASH:
                run += 1
                i -= 1
            if i < 0:
                run += self._trailing_backslashes
            if run & 1:
                escaped.append(p)
        return np.asarray(escaped, dtype=np.int64)


def _count_trailing_backslashes(chunk: bytes, carried: int) -> int:
    stripped = chunk.rstrip(b"\\")
    run = len(chunk) - len(stripped)
    if not stripped:
        return carried + run
    return run
