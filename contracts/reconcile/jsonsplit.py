"""Where the elements of a JSON container end, found with numpy over raw bytes.

Given bytes that start just inside an array or object (outside any string), finds the commas
that separate its top-level elements and the bracket that closes it. Quotes preceded by an
odd run of backslashes are escaped; brackets and commas inside strings do not count.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_QUOTE, _BACKSLASH, _COMMA = 0x22, 0x5C, 0x2C
_OPENERS = (0x7B, 0x5B)
_CLOSERS = (0x7D, 0x5D)


def _real_quotes(arr: npt.NDArray[np.uint8]) -> npt.NDArray[np.intp]:
    quotes = np.flatnonzero(arr == _QUOTE)
    backslash = arr == _BACKSLASH
    if not backslash.any() or not len(quotes):
        return quotes
    count = np.cumsum(backslash)
    run = count - np.maximum.accumulate(np.where(backslash, 0, count))
    before = quotes - 1
    escaped = np.zeros(len(quotes), dtype=bool)
    has_before = before >= 0
    escaped[has_before] = run[before[has_before]] % 2 == 1
    return quotes[~escaped]


def split_elements(data: bytes) -> tuple[npt.NDArray[np.intp], int]:
    """(offsets of the top-level commas, offset of the closing bracket or -1 if not in data)."""
    arr = np.frombuffer(data, dtype=np.uint8)
    quotes = _real_quotes(arr)
    marks = np.flatnonzero((arr == _COMMA) | np.isin(arr, _OPENERS) | np.isin(arr, _CLOSERS))
    marks = marks[np.searchsorted(quotes, marks) % 2 == 0]
    chars = arr[marks]
    delta = np.isin(chars, _OPENERS).astype(np.int64) - np.isin(chars, _CLOSERS)
    depth = np.cumsum(delta)
    below = np.flatnonzero(depth < 0)
    end = int(below[0]) if len(below) else len(marks)
    commas = marks[:end][(chars[:end] == _COMMA) & (depth[:end] == 0)]
    return commas, int(marks[end]) if len(below) else -1
