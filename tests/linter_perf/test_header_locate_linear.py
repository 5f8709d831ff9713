"""Locating the diagnostics of a header costs time linear in the header, not quadratic."""

from __future__ import annotations

import pytest

import linter
from linter.read import locate as _locate


class _TooManySteps(BaseException):
    """Raised by the step counter; a BaseException so no rule guard swallows it."""


def _header(elements: int) -> str:
    zeros = ",".join(["0"] * elements)
    return f'{{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[{zeros}]}}'


def _count_steps(monkeypatch: pytest.MonkeyPatch, elements: int, budget: int) -> int:
    """Calls of the value skipper while checking a header; stops once ``budget`` is passed."""
    real = _locate._skip_value
    calls = 0

    def counted(raw: bytes, pos: int) -> int:
        nonlocal calls
        calls += 1
        if calls > budget:
            raise _TooManySteps
        return real(raw, pos)

    with monkeypatch.context() as patch:
        patch.setattr(_locate, "_skip_value", counted)
        diagnostics = linter.check_header(_header(elements), kind="norce.products")
    assert len(diagnostics) == elements - 1  # every repeat of 0 is reported
    return calls


def test_locating_many_header_diagnostics_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    small = _count_steps(monkeypatch, 2_000, budget=10**9)
    assert small > 0
    # Ten times the elements: linear work is about 10x; quadratic would be about 100x.
    try:
        large = _count_steps(monkeypatch, 20_000, budget=20 * small)
    except _TooManySteps:
        pytest.fail(f"locating 20,000 diagnostics took more than {20 * small} steps")
    assert large <= 20 * small


def test_positions_of_many_header_diagnostics() -> None:
    diagnostics = linter.check_header(_header(3_000), kind="norce.products")
    by_pointer = {d.pointer: d for d in diagnostics}
    prefix = len('{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[')
    for index in (1, 2, 1_500, 2_999):
        found = by_pointer[f"/ProductFieldsThatAreSet/{index}"]
        assert (found.line, found.column) == (1, prefix + 2 * index + 1)


def test_locator_agrees_with_locate() -> None:
    raw = b'{"a": [1, [2, 3], {"b": [4, 5]}, "x,y", []], "c": {"d": [6]}}'
    pointers = ["/a/0", "/a/1/1", "/a/2/b/1", "/a/3", "/a/4", "/a/5", "/a/4/0", "/c/d/0", "/c/x"]
    locator = _locate.Locator(raw)
    for pointer in pointers:
        tokens = _locate.split_pointer(pointer)
        assert locator.locate(tokens) == _locate.locate(raw, tokens), pointer
