"""Keep Python's cyclic garbage collector from re-walking every parsed item.

Parsing a batch of items creates tens of thousands of dicts and lists at once; each
automatic collection walks them again, which costs a third of the reading time. They never
form cycles and are freed by reference counting, so while a document is streamed automatic
collection is paused and :meth:`PausedCollector.tick` collects the young generations only
when many tracked objects have piled up (cycles made by something else are thus still
collected, in bounded memory).
"""

from __future__ import annotations

import gc
from types import TracebackType

YOUNG_LIMIT = 200_000
"""Net new tracked objects that trigger a collection of the young generations."""


class PausedCollector:
    """``with PausedCollector() as collector:`` ... ``collector.tick()`` once per item."""

    def __init__(self) -> None:
        self._was_enabled = False

    def __enter__(self) -> PausedCollector:
        self._was_enabled = gc.isenabled()
        gc.disable()
        return self

    def tick(self) -> None:
        if gc.get_count()[0] > YOUNG_LIMIT:
            gc.collect(1)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._was_enabled:
            gc.enable()
