"""The fix registry: one entry per fixable rule code, each safe or unsafe.

A fix is *safe* when it leaves what Norce, Ka-ching or Unleashed does with the payload
unchanged, and *unsafe* when the service would then do something else (perhaps what was
meant, but a person should look). ``--fix`` applies the safe fixes, ``--unsafe-fixes`` the
unsafe ones too. An entry may carry an unsafe alternative to its safe edit, which
``--unsafe-fixes`` uses instead (an unflagged body field: drop it, or flag it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from linter.diagnostics import Diagnostic
from linter.fix.edits import Edit
from linter.registry_type import Registry

__all__ = [
    "FIXES",
    "Documents",
    "FixEntry",
    "Maker",
    "Safety",
    "fix_line",
    "fix_of",
    "register",
]


class Safety(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Documents:
    """The texts one lint read: the body, and its header when it has one."""

    texts: Mapping[str, bytes]
    body: str
    header: str | None
    kind: str
    content_type: str


Maker = Callable[[Diagnostic, Documents], list[Edit]]
"""Builds the edits that mend one finding; an empty list when it cannot be mended."""


@dataclass(frozen=True, slots=True)
class FixEntry:
    code: str
    safety: Safety
    edit: str
    """One line: what the fix does to the file."""
    make: Maker
    unsafe_edit: str | None = None
    """The unsafe alternative that ``--unsafe-fixes`` applies instead, if any."""
    make_unsafe: Maker | None = None

    def maker(self, unsafe: bool) -> Maker | None:
        """The edit to apply, given whether unsafe fixes are on."""
        if unsafe and self.make_unsafe is not None:
            return self.make_unsafe
        if self.safety is Safety.UNSAFE and not unsafe:
            return None
        return self.make


FIXES: Registry[FixEntry] = Registry(
    "fix",
    key=lambda entry: entry.code,
    normalise=str.upper,
    modules=("linter.fix.header_fixes", "linter.fix.body_fixes"),
)


def register(
    code: str,
    safety: Safety,
    edit: str,
    *,
    unsafe_edit: str | None = None,
    make_unsafe: Maker | None = None,
) -> Callable[[Maker], Maker]:
    """Decorate the function that builds the edits for ``code``."""

    def decorate(make: Maker) -> Maker:
        FIXES.add(FixEntry(code, safety, edit, make, unsafe_edit, make_unsafe))
        return make

    return decorate


def fix_of(code: str) -> FixEntry | None:
    return FIXES.get(code)


def fix_line(code: str) -> str:
    """``safe: <edit>``, ``unsafe: <edit>`` or ``none``, for the rule pages."""
    entry = fix_of(code)
    if entry is None:
        return "none"
    line = f"{entry.safety.value}: {entry.edit}"
    if entry.unsafe_edit is not None:
        line += f"; with --unsafe-fixes, unsafe: {entry.unsafe_edit}"
    return line
