"""Value helpers of the Norce rules: first-seen keys, numbers, culture, currency and GTIN codes."""

from __future__ import annotations

import functools
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from linter import norce_model as nf
from linter.iso4217 import ACTIVE_CODES, WITHDRAWN_CODES
from linter.registry import Finding, LintContext
from linter.rules.norce.common import visits_of

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Digests = npt.NDArray[np.int64]


class FirstSeen:
    """Remembers a 64-bit hash of each key and the position it was first seen at.

    Recent keys sit in a small dict; every ``merge_every`` keys they move into two sorted
    arrays of 64-bit integers (hash, position), searched by bisection. That is 16 bytes a
    key, so a million-row file needs about 16 MB, not the ~110 MB of a dict of ints. Keys
    added a run at a time (:meth:`all_new`, :meth:`add_all`, the fast path's) wait in sorted
    arrays of their own until that merge, and are tested against all of these vectorised.
    """

    __slots__ = (
        "_hashes",
        "_in_runs",
        "_merge_every",
        "_positions",
        "_recent",
        "_runs",
        "_seen_bits",
    )

    _BITS = 1 << 24
    """Size of the bit filter that answers "certainly new" for most keys without a search."""

    def __init__(self, merge_every: int = 1 << 16) -> None:
        self._recent: dict[int, int] = {}
        self._hashes = array("q")
        self._positions = array("q")
        self._merge_every = merge_every
        self._seen_bits = bytearray(self._BITS >> 3)
        self._runs: list[tuple[Digests, Digests]] = []
        """Keys added by :meth:`add_all` since the last merge: (sorted hashes, positions)."""
        self._in_runs = 0

    def __len__(self) -> int:
        return len(self._recent) + len(self._hashes) + self._in_runs

    def seen_before(self, key: tuple[object, ...], position: int) -> int | None:
        """The first position of ``key`` if it was seen before, else ``None`` (and remember it)."""
        digest = hash(key)
        first = self._lookup(digest)
        if first is None:
            self._add(digest, position)
        return first

    def new_digests(self, keys: list[tuple[object, ...]]) -> list[int] | None:
        """The digests of ``keys`` if none was seen before nor repeats another; else ``None``.

        Remembers nothing: pass the result to :meth:`add_digests` to do that.
        """
        digests = [hash(key) for key in keys]
        if len(digests) > 1 and len(set(digests)) != len(digests):
            return None
        seen_bits, low_bits = self._seen_bits, self._BITS - 1
        for digest in digests:
            bit = digest & low_bits
            if seen_bits[bit >> 3] & (1 << (bit & 7)) and self._lookup(digest) is not None:
                return None
        return digests

    def add_digests(self, digests: list[int], positions: list[int]) -> None:
        """Remember ``digests`` (from :meth:`new_digests`) first seen at ``positions``."""
        seen_bits, low_bits, recent = self._seen_bits, self._BITS - 1, self._recent
        for digest, position in zip(digests, positions, strict=True):
            bit = digest & low_bits
            seen_bits[bit >> 3] |= 1 << (bit & 7)
            recent[digest] = position
        if len(recent) >= self._merge_every:
            self._merge()

    def entries(self) -> tuple[array[int], array[int]]:
        """Every remembered digest and its first position (for merging split documents)."""
        hashes, positions = array("q", self._hashes), array("q", self._positions)
        hashes.extend(self._recent.keys())
        positions.extend(self._recent.values())
        for run_hashes, run_positions in self._runs:
            hashes.frombytes(run_hashes.astype("int64").tobytes())
            positions.frombytes(run_positions.astype("int64").tobytes())
        return hashes, positions

    def all_new(self, keys: list[tuple[object, ...]]) -> Digests | None:
        """Like :meth:`new_digests` for a run of many keys at once (vectorised tests).

        Remembers nothing: pass the result to :meth:`add_all` to do that.
        """
        import numpy as np

        digests = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        if digests.size > 1:
            ordered = np.sort(digests)
            if not (ordered[1:] != ordered[:-1]).all():
                return None
        bits = digests & (self._BITS - 1)
        filter_bytes = np.frombuffer(self._seen_bits, dtype=np.uint8)
        hit = (filter_bytes[bits >> 3] >> (bits & 7).astype(np.uint8)) & 1
        maybe = digests[hit.astype(bool)]
        if maybe.size and self._any_known(maybe):
            return None
        return digests

    def add_all(self, digests: Digests, positions: range | list[int]) -> None:
        """Remember ``digests`` (from :meth:`all_new`) first seen at ``positions``."""
        import numpy as np

        if not digests.size:
            return
        bits = digests & (self._BITS - 1)
        filter_bytes = np.frombuffer(self._seen_bits, dtype=np.uint8)
        np.bitwise_or.at(filter_bytes, bits >> 3, np.left_shift(1, bits & 7).astype(np.uint8))
        order = np.argsort(digests, kind="stable")
        self._runs.append((digests[order], np.asarray(positions, dtype=np.int64)[order]))
        self._in_runs += int(digests.size)
        if len(self._recent) + self._in_runs >= self._merge_every:
            self._merge()

    def _any_known(self, digests: Digests) -> bool:
        import numpy as np

        recent = self._recent
        if recent and any(map(recent.__contains__, digests.tolist())):
            return True
        for hashes in (np.frombuffer(self._hashes, dtype=np.int64), *(h for h, _ in self._runs)):
            if hashes.size:
                slots = np.minimum(np.searchsorted(hashes, digests), hashes.size - 1)
                if (hashes[slots] == digests).any():
                    return True
        return False

    def _lookup(self, digest: int) -> int | None:
        bit = digest & (self._BITS - 1)
        if not self._seen_bits[bit >> 3] & (1 << (bit & 7)):
            return None
        first = self._recent.get(digest)
        if first is not None:
            return first
        hashes = self._hashes
        if hashes:
            slot = bisect_left(hashes, digest)
            if slot < len(hashes) and hashes[slot] == digest:
                return self._positions[slot]
        for run_hashes, run_positions in self._runs:
            slot = int(run_hashes.searchsorted(digest))
            if slot < run_hashes.size and run_hashes[slot] == digest:
                return int(run_positions[slot])
        return None

    def _add(self, digest: int, position: int) -> None:
        bit = digest & (self._BITS - 1)
        self._seen_bits[bit >> 3] |= 1 << (bit & 7)
        self._recent[digest] = position
        if len(self._recent) >= self._merge_every:
            self._merge()

    def _merge(self) -> None:
        import numpy as np

        count = len(self._recent)
        new_hashes = np.concatenate(
            [np.fromiter(self._recent.keys(), dtype=np.int64, count=count)]
            + [hashes for hashes, _ in self._runs]
        )
        new_positions = np.concatenate(
            [np.fromiter(self._recent.values(), dtype=np.int64, count=count)]
            + [positions for _, positions in self._runs]
        )
        self._runs.clear()
        self._in_runs = 0
        order = np.argsort(new_hashes, kind="stable")
        new_hashes, new_positions = new_hashes[order], new_positions[order]
        old_hashes = np.frombuffer(self._hashes, dtype=np.int64)
        slots = np.searchsorted(old_hashes, new_hashes)
        hashes = np.insert(old_hashes, slots, new_hashes)
        positions = np.insert(np.frombuffer(self._positions, dtype=np.int64), slots, new_positions)
        self._hashes = array("q", hashes.tobytes())
        self._positions = array("q", positions.tobytes())
        self._recent.clear()


def first_seen(ctx: LintContext, code: str) -> FirstSeen:
    state = ctx.state(code)
    tracker = state.get("first_seen")
    if tracker is None:
        tracker = state["first_seen"] = FirstSeen()
    assert isinstance(tracker, FirstSeen)
    return tracker


# --- Value helpers -----------------------------------------------------------------


def number(value: object, ctx: LintContext) -> Decimal | float | int | None:
    """A numeric value; with XML also a numeric string. ``None`` for anything else."""
    kind = type(value)
    if kind is int or kind is float:
        return value  # type: ignore[return-value]
    if value is None or kind is bool:
        return None
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str) and ctx.content_type == "xml":
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            return None
        return parsed if parsed.is_finite() else None
    return None


def negative_findings(
    obj: Mapping[str, Any], pointer: str, props: tuple[str, ...], ctx: LintContext
) -> Iterator[Finding]:
    """``props`` of ``obj`` holding a negative number."""
    for prop in props:
        value = obj.get(prop)
        if value is None:
            continue
        kind = type(value)
        if kind is int or kind is float:
            if value >= 0:
                continue
        else:
            parsed = number(value, ctx)
            if parsed is None or parsed >= 0:
                continue
        yield f"{pointer}/{prop}", f"{prop} is negative: {value}"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_key(value: object) -> object:
    """A value as part of a duplicate key: strings as given, numbers normalised."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize() if not isinstance(value, int) else Decimal(value)
    return repr(value)


@functools.cache
def culture_schemas(kind: str) -> tuple[str, ...]:
    """The object schemas of ``kind`` that carry a CultureCode."""
    return tuple(
        name
        for name in nf.body_schemas(kind)
        if nf.CULTURE_CODE_PROPERTY in nf.body_node(name).properties
    )


def culture_code_findings(item: Any, index: int, ctx: LintContext) -> Iterator[Finding]:
    for visit in visits_of(item, index, ctx.kind, *culture_schemas(ctx.kind)):
        problem = culture_code_problem(visit.obj.get(nf.CULTURE_CODE_PROPERTY))
        if problem is not None:
            yield f"{visit.pointer}/{nf.CULTURE_CODE_PROPERTY}", problem


CULTURE_PATTERN = "^[a-z]{2}-[A-Z]{2}$"
"""A culture code: language-REGION (sv-SE); also the fast path's JSON Schema pattern."""
_CULTURE = re.compile(CULTURE_PATTERN)


def culture_code_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if _CULTURE.fullmatch(value):
        return None
    return f"culture code {value!r} is not of the form xx-XX (e.g. sv-SE)"


def currency_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if value in ACTIVE_CODES:
        return None
    if value in WITHDRAWN_CODES:
        return f"currency code {value!r} has been withdrawn from ISO 4217"
    if value.upper() in ACTIVE_CODES:
        return f"currency code {value!r} must be upper case: {value.upper()!r}"
    return f"currency code {value!r} is not an ISO 4217 code"


_GTIN_LENGTHS = (8, 12, 13, 14)
_GTIN_OFFSETS = {n: (3 * 48 * (n // 2) + 48 * (n - n // 2)) % 10 for n in _GTIN_LENGTHS}
"""Per length, the weighted sum of the ASCII offsets (48) that :func:`gtin_valid` leaves in."""


def gtin_valid(value: object) -> bool:
    """``gtin_problem(value) is None``, faster: the per-SKU check of the rules' fast path."""
    if type(value) is not str or not value:
        return not isinstance(value, str) or not value
    offset = _GTIN_OFFSETS.get(len(value))
    if offset is None or not value.isdigit() or not value.isascii():
        return False
    digits = value.encode("ascii")
    return (3 * sum(digits[-2::-2]) + sum(digits[-1::-2])) % 10 == offset


def gtin_problem(value: object) -> str | None:
    """What is wrong with an EAN/GTIN/UPC code, or ``None`` when its check digit holds."""
    if not isinstance(value, str) or not value:
        return None
    if not value.isascii() or not value.isdigit():
        return f"EAN/GTIN {value!r} is not all digits"
    if len(value) not in _GTIN_LENGTHS:
        return f"EAN/GTIN {value!r} has {len(value)} digits; GTINs have 8, 12, 13 or 14"
    # From the right, excluding the check digit: weights 3, 1, 3, 1, ...
    digits = value.encode("ascii")
    tripled, single = digits[-2::-2], digits[-3::-2]
    total = 3 * (sum(tripled) - 48 * len(tripled)) + sum(single) - 48 * len(single)
    expected = (10 - total % 10) % 10
    check = digits[-1] - 48
    if check != expected:
        return f"EAN/GTIN {value!r} has check digit {check}, expected {expected}"
    return None
