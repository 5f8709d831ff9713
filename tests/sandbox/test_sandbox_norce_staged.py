"""The Norce import tests again, over real HTTP, with every import staged (worked out on a
private copy, then written in one short transaction), as big imports are: both ways of
writing must give the same rows, jobs and logs."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest

from contracts.sandbox.server import RunningSandbox, running_sandbox
from tests.sandbox import test_sandbox_norce as norce

globals().update(
    {
        name: test
        for name, test in vars(norce).items()
        if name.startswith("test_") and "api" in inspect.signature(test).parameters
    }
)


@pytest.fixture
def transport() -> str:
    return "loopback"


@pytest.fixture(scope="module")
def server() -> Iterator[RunningSandbox]:
    with running_sandbox(staged_from_items=0) as running:
        yield running
