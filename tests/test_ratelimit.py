"""The one token bucket that contract runs and the sandbox share."""

from __future__ import annotations

import threading

import pytest

from contracts.ratelimit import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_full_bucket_allows_its_burst_then_refuses() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate_per_minute=3, burst=4, clock=clock)
    assert [bucket.try_take() for _ in range(5)] == [True, True, True, True, False]


def test_the_bucket_refills_at_its_rate_and_never_beyond_its_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate_per_minute=3, burst=2, clock=clock)
    assert bucket.try_take()
    assert bucket.try_take()
    assert bucket.wait_time() == pytest.approx(20.0)
    clock.now += 20.0
    assert bucket.wait_time() == 0.0
    assert bucket.try_take()
    assert not bucket.try_take()
    clock.now += 3600.0
    assert [bucket.try_take() for _ in range(3)] == [True, True, False]


def test_a_refused_call_spends_nothing() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate_per_minute=60, burst=1, clock=clock)
    assert bucket.try_take()
    clock.now += 0.5
    assert not bucket.try_take()
    clock.now += 0.5
    assert bucket.try_take()


def test_take_spends_even_when_empty_and_empty_spends_the_rest() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate_per_minute=60, burst=5, clock=clock)
    bucket.empty()
    assert bucket.wait_time() == pytest.approx(1.0)
    bucket.take()
    assert bucket.wait_time() == pytest.approx(2.0)


def test_concurrent_callers_never_take_more_than_the_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate_per_minute=1, burst=50, clock=clock)
    taken: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(20):
            allowed = bucket.try_take()
            with lock:
                taken.append(allowed)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert len(taken) == 160
    assert sum(taken) == 50
