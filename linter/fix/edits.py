"""Byte-range edits: choose the ones that do not overlap, apply them, show them as a diff."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Edit", "apply_edits", "choose_edits", "unified_diff"]


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` of the text called ``file`` by ``replacement``.

    ``joinable`` marks an insertion that may be joined with another insertion at the same
    offset (appending codes to one header list: ``,3`` and ``,7`` make ``,3,7``).
    """

    file: str
    start: int
    end: int
    replacement: bytes
    joinable: bool = False


def _overlap(a: Edit, b: Edit) -> bool:
    if a.file != b.file:
        return False
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one offset: their order would be a guess
    return a.start < b.end and b.start < a.end


def choose_edits(groups: Sequence[Sequence[Edit]]) -> tuple[list[Edit], list[int]]:
    """The edits of the groups (one group per finding) that can be applied together.

    A group is taken whole or not at all, first come first served; the others wait for the
    next round. Returns the chosen edits (sorted) and the indexes of the groups taken.
    """
    chosen: list[Edit] = []
    taken: list[int] = []
    seen: set[Edit] = set()
    for index, group in enumerate(groups):
        fresh = [edit for edit in dict.fromkeys(group) if edit not in seen]
        if not fresh:
            if group:
                taken.append(index)  # the same edit as an earlier finding's
            continue
        joined: list[Edit] = []
        clash = False
        for edit in fresh:
            for other in chosen:
                if not _overlap(edit, other):
                    continue
                if edit.joinable and other.joinable and edit.start == other.start:
                    joined.append(edit)
                    continue
                clash = True
                break
            if clash:
                break
        if clash:
            continue
        chosen.extend(fresh)
        seen.update(fresh)
        taken.append(index)
    return _join(chosen), taken


def _join(edits: Iterable[Edit]) -> list[Edit]:
    """Sorted, with joinable insertions at one offset made one insertion."""
    out: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.file, e.start, e.end)):
        last = out[-1] if out else None
        if (
            last is not None
            and last.joinable
            and edit.joinable
            and last.file == edit.file
            and last.start == last.end == edit.start == edit.end
        ):
            out[-1] = Edit(
                edit.file, edit.start, edit.end, last.replacement + edit.replacement, True
            )
            continue
        out.append(edit)
    return out


def apply_edits(data: bytes, edits: Iterable[Edit]) -> bytes:
    """``data`` with non-overlapping ``edits`` applied; every other byte is kept as it is."""
    pieces: list[bytes] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(data[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(data[cursor:])
    return b"".join(pieces)


_NO_NEWLINE = b"\\ No newline at end of file\n"


def _lines(data: bytes) -> list[bytes]:
    """Lines as ``patch`` counts them: ended by ``\n`` only (a lone ``\r`` is no break)."""
    lines = data.split(b"\n")
    out = [line + b"\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _common_ends(a: list[bytes], b: list[bytes]) -> tuple[int, int]:
    """How many lines ``a`` and ``b`` share at the start, and then at the end."""
    head = 0
    limit = min(len(a), len(b))
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _hunk_line(mark: bytes, line: bytes) -> bytes:
    if line.endswith(b"\n"):
        return mark + line
    return mark + line + b"\n" + _NO_NEWLINE


def _range(start: int, count: int) -> str:
    if count == 1:
        return str(start + 1)
    return f"{start + 1 if count else start},{count}"


def unified_diff(old: bytes, new: bytes, name: str, *, context: int = 3) -> bytes:
    """A unified diff from ``old`` to ``new`` that ``patch -p0`` applies to ``name``."""
    if old == new:
        return b""
    a, b = _lines(old), _lines(new)
    label = name.encode("utf-8", "surrogateescape")
    out = [b"--- " + label + b"\n", b"+++ " + label + b"\n"]
    # Only the lines between the common ends are compared: a large file with a few fixes
    # costs a pass over its lines, not a quadratic match.
    head, tail = _common_ends(a, b)
    keep = max(0, head - context)
    a_mid, b_mid = (
        a[keep : len(a) - max(0, tail - context)],
        b[keep : len(b) - max(0, tail - context)],
    )
    matcher = difflib.SequenceMatcher(None, a_mid, b_mid)
    for group in matcher.get_grouped_opcodes(context):
        group = [(tag, a1 + keep, a2 + keep, b1 + keep, b2 + keep) for tag, a1, a2, b1, b2 in group]
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@\n".encode())
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(_hunk_line(b" ", line) for line in a[a1:a2])
                continue
            out.extend(_hunk_line(b"-", line) for line in a[a1:a2])
            out.extend(_hunk_line(b"+", line) for line in b[b1:b2])
    return b"".join(out)
