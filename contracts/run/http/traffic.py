"""Everything a contract run sends passes these httpx event hooks: the --rate-limit pacing
per API, the record of every exchange (for --report-har and the HTML report) and the
request counts the progress display shows."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from contracts.checks.context import SentRequest
from contracts.ratelimit import TokenBucket
from linter.config import ConfigError

# Response bodies kept per exchange for the HAR log.
BODY_LIMIT = 64 * 1024


def parse_rate(value: str | None) -> float | None:
    """``N/s`` or ``N/m`` as requests per second; ``None`` when not given."""
    if value is None:
        return None
    count, sep, unit = value.strip().partition("/")
    try:
        number = float(count)
    except ValueError:
        number = -1.0
    if not sep or unit not in ("s", "m") or number <= 0:
        raise ConfigError(f"--rate-limit: expected N/s or N/m with N > 0, got {value!r}")
    return number if unit == "s" else number / 60.0


@dataclass(frozen=True, slots=True)
class Exchange:
    api: str
    started: float  # wall-clock seconds
    seconds: float
    request: SentRequest
    status: int
    reason: str
    http_version: str
    response_headers: tuple[tuple[str, str], ...]
    response_body: bytes


@dataclass(slots=True)
class Traffic:
    """The hooks of the run's client; ``roots`` maps each API to its root URL."""

    roots: Mapping[str, str]
    rate_per_second: float | None = None
    on_request: Callable[[str, httpx.Request], None] | None = None
    on_response: Callable[[str, httpx.Response], None] | None = None
    exchanges: list[Exchange] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    _buckets: dict[str, TokenBucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def api_of(self, url: str) -> str:
        matches = [api for api, root in self.roots.items() if url.startswith(root)]
        return max(matches, key=lambda api: len(self.roots[api])) if matches else "other"

    def hooks(self) -> dict[str, list[Callable[..., None]]]:
        return {"request": [self._request], "response": [self._response]}

    def _bucket(self, api: str) -> TokenBucket | None:
        # Requests outside every API root (the sandbox's admin calls) are not paced.
        if self.rate_per_second is None or api not in self.roots:
            return None
        with self._lock:
            if api not in self._buckets:
                self._buckets[api] = TokenBucket(self.rate_per_second * 60.0, 1)
            return self._buckets[api]

    def _request(self, request: httpx.Request) -> None:
        api = self.api_of(str(request.url))
        bucket = self._bucket(api)
        if bucket is not None:
            # Bounded: the bucket refills one call per 1/rate seconds.
            wait = bucket.wait_time()
            if wait > 0:
                time.sleep(wait)
            bucket.take()
        request.extensions["skuguard_started"] = (time.time(), time.monotonic())
        with self._lock:
            self.requests[api] = self.requests.get(api, 0) + 1
        if self.on_request is not None:
            self.on_request(api, request)

    def _response(self, response: httpx.Response) -> None:
        response.read()
        request = response.request
        wall, mono = request.extensions.get("skuguard_started", (time.time(), time.monotonic()))
        api = self.api_of(str(request.url))
        exchange = Exchange(
            api=api,
            started=wall,
            seconds=time.monotonic() - mono,
            request=SentRequest.from_httpx(request),
            status=response.status_code,
            reason=response.reason_phrase,
            http_version=response.http_version,
            response_headers=tuple(response.headers.items()),
            response_body=response.content[:BODY_LIMIT],
        )
        with self._lock:
            self.exchanges.append(exchange)
        if self.on_response is not None:
            self.on_response(api, response)
