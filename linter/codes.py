"""The codes of the rules that the readers and the engine emit themselves (the ``SG`` family).

Each code is written here once; :mod:`linter.rules.syntax` registers it with its
documentation, and the readers, the engine and the public functions refer to it by name.
"""

from __future__ import annotations

INTERNAL_ERROR = "SG000"
NOT_PARSEABLE = "SG001"
DUPLICATE_KEY = "SG002"
SCHEMA = "SG003"
EMPTY = "SG004"
NOT_UTF8 = "SG005"
UNSAFE_XML = "SG006"
ITEM_TOO_LARGE = "SG007"
HEADER_MISSING = "SG008"
HEADER_MULTILINE = "SG009"

FATAL: frozenset[str] = frozenset({NOT_PARSEABLE, EMPTY, NOT_UTF8, UNSAFE_XML, ITEM_TOO_LARGE})
"""Source codes after which a document is not read any further."""

__all__ = [
    "DUPLICATE_KEY",
    "EMPTY",
    "FATAL",
    "HEADER_MISSING",
    "HEADER_MULTILINE",
    "INTERNAL_ERROR",
    "ITEM_TOO_LARGE",
    "NOT_PARSEABLE",
    "NOT_UTF8",
    "SCHEMA",
    "UNSAFE_XML",
]
