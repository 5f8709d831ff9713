"""The run's HTTP client: 429 and 503 answers with Retry-After are waited out (within a
bound) and sent again, each wait listed as an observation; a deadline (--max-time) caps
every wait."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

RETRY_STATUSES = frozenset({429, 503})
# RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. Waits longer than this are
# not made: the answer is kept and judged as it is.
MAX_RETRY_AFTER = 30.0
MAX_RETRIES = 3


@dataclass(frozen=True, slots=True)
class Throttled:
    """One 429/503 with Retry-After met during the run (an observation, not a violation)."""

    method: str
    url: str
    status: int
    retry_after: float
    waited: bool

    def text(self, label: str) -> str:
        what = "waited out and sent again" if self.waited else "not waited (over the bound)"
        return f"{label}: {self.status} with Retry-After {self.retry_after:g}s, {what}"


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds a Retry-After value asks for; ``None`` if absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


class RunClient(httpx.Client):
    """An ``httpx.Client`` that waits out Retry-After; ``deadline`` is a monotonic time."""

    def __init__(
        self,
        *args: Any,
        deadline: float | None = None,
        retry_roots: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        # Only requests to an API under test are retried; the token endpoint's 429 is what
        # the token_rate_limit probe asks for, so it is never waited out.
        self.retry_roots = retry_roots
        self.throttled: list[Throttled] = []
        self._throttle_lock = threading.Lock()

    def _bound(self) -> float:
        if self.deadline is None:
            return MAX_RETRY_AFTER
        return min(MAX_RETRY_AFTER, self.deadline - time.monotonic())

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = super().send(request, **kwargs)
        if not str(request.url).startswith(self.retry_roots):
            return response
        for _ in range(MAX_RETRIES):
            if response.status_code not in RETRY_STATUSES:
                break
            delay = retry_after_seconds(response.headers.get("retry-after"))
            if delay is None:
                break
            waited = delay <= self._bound()
            with self._throttle_lock:
                self.throttled.append(
                    Throttled(
                        str(request.method), str(request.url), response.status_code, delay, waited
                    )
                )
            if not waited:
                break
            response.read()
            response.close()
            time.sleep(delay)
            response = super().send(request, **kwargs)
        return response
