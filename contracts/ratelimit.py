"""One token bucket, for both sides of a rate limit: the contract run pacing its calls to
Norce's token endpoint, and the sandbox enforcing that endpoint's limit per client."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["TokenBucket"]


class TokenBucket:
    """``burst`` calls at once, refilled at ``rate_per_minute``; safe across threads.

    ``clock`` returns seconds; the bucket starts full at its first reading.
    """

    def __init__(
        self,
        rate_per_minute: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_second = rate_per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._updated = clock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._updated) * self._per_second)
        self._updated = now

    def wait_time(self) -> float:
        """Seconds to wait before the next call is allowed (0 if allowed now)."""
        with self._lock:
            self._refill()
            return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self._per_second

    def take(self) -> None:
        """Spend one call, allowed or not (the caller has waited :meth:`wait_time`)."""
        with self._lock:
            self._refill()
            self._tokens -= 1

    def try_take(self) -> bool:
        """Spend one call if one is allowed now; ``False`` (and nothing spent) when empty."""
        with self._lock:
            self._refill()
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True

    def empty(self) -> None:
        """Spend whatever is left, as when other callers used up the burst."""
        with self._lock:
            self._refill()
            self._tokens = min(self._tokens, 0.0)
