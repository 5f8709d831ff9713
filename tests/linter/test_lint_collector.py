"""Automatic garbage collection is paused while a document streams, never lost."""

from __future__ import annotations

import gc
import weakref
from unittest import mock

import pytest

from linter.read import collector as _collector
from linter.read.collector import PausedCollector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def cycle() -> weakref.ref[Node]:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_state_is_restored(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with PausedCollector():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_tick_collects_cycles_once_enough_objects_piled_up() -> None:
    with PausedCollector() as collector, mock.patch.object(_collector, "YOUNG_LIMIT", 50):
        gc.collect()
        garbage = cycle()
        collector.tick()
        assert garbage() is not None  # below the limit: nothing collected yet
        kept = [[] for _ in range(100)]
        collector.tick()
        assert garbage() is None
        assert kept
