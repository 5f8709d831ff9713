"""What keeps bytes from being read: a Problem with a source rule's code, and its messages."""

from __future__ import annotations

from dataclasses import dataclass

from linter.codes import NOT_PARSEABLE, NOT_UTF8


@dataclass(slots=True)
class Problem:
    """A source-level finding; ``offset`` is a byte offset, or ``line``/``column`` for XML."""

    code: str
    message: str
    pointer: str = ""
    offset: int | None = None
    line: int | None = None
    column: int | None = None


class FatalSourceError(Exception):
    """The document cannot be read any further; ``problem`` says why and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def utf8_error_offset(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return None


def not_utf8(what: str, byte: int, offset: int) -> Problem:
    """SG005 for ``what``, whose first byte that is not UTF-8 is ``byte`` at ``offset``."""
    return Problem(NOT_UTF8, f"{what} is not valid UTF-8 (byte 0x{byte:02x})", offset=offset)


def parse_error_problem(data: bytes, error: Exception, base_offset: int, what: str) -> Problem:
    """Turn an ``orjson`` error on ``data`` (found at ``base_offset``) into a Problem."""
    bad_utf8 = utf8_error_offset(data)
    if bad_utf8 is not None:
        return not_utf8(what, data[bad_utf8], base_offset + bad_utf8)
    message = getattr(error, "msg", str(error))
    char_pos = getattr(error, "pos", 0) or 0
    byte_pos = len(data.decode("utf-8")[:char_pos].encode("utf-8"))
    if message == "depth limit exceeded":
        message = "nesting deeper than 1024 levels"
    return Problem(
        NOT_PARSEABLE, f"{what} is not valid JSON: {message}", offset=base_offset + byte_pos
    )


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def item_too_large(limit: int) -> str:
    """The message of SG007 for an item over ``limit`` bytes."""
    return f"one item is larger than {_size(limit)}; it cannot be linted in bounded memory"


def too_deep(limit: int) -> str:
    """The message of SG001 for a document nested deeper than ``limit`` levels."""
    return f"nesting deeper than {limit} levels"
