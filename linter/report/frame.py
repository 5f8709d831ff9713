"""Code frames: the source line of a diagnostic with a caret under its column."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

MAX_LINE_BYTES = 64 * 1024  # a longer line (minified JSON) is shown as a window
WINDOW = 60  # characters shown either side of the column in a long line
MAX_LINES_SCANNED = 1_000_000


def source_line(file: str, line: int) -> str | None:
    """Line ``line`` (1-based) of ``file`` as text, or None (stdin, unreadable, too far)."""
    if file.startswith("<") or line < 1 or line > MAX_LINES_SCANNED:
        return None
    try:
        with Path(file).open("rb") as stream:
            for number, raw in enumerate(_lines(stream), start=1):
                if number == line:
                    return raw.decode("utf-8", errors="replace").rstrip("\r\n")
    except OSError:
        return None
    return None


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    """Lines of ``stream``; an over-long line keeps its first ``MAX_LINE_BYTES`` only."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES)
        if not raw:
            return
        rest = raw
        while not rest.endswith(b"\n"):
            rest = stream.readline(MAX_LINE_BYTES)
            if not rest:
                break
        yield raw


def frame_lines(text: str, line: int, column: int) -> tuple[str, str, str]:
    """(gutter label, shown source, caret line) for ``column`` (1-based, in characters).

    Tabs become spaces so that the caret lines up; a long line is cut to a window around
    the column, with ``…`` where text was cut."""
    if "\t" in text:
        column = len(text[: max(column - 1, 0)].expandtabs(4)) + 1
        text = text.expandtabs(4)
    shown = text
    column = max(1, min(column, len(shown) + 1))
    start = max(0, column - 1 - WINDOW)
    end = min(len(shown), column - 1 + WINDOW)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(shown) else ""
    window = prefix + shown[start:end] + suffix
    caret_at = len(prefix) + (column - 1 - start)
    return str(line), window, " " * caret_at + "^"


__all__ = ["frame_lines", "source_line"]
