"""Time for the whole platform. The simulator swaps the source to run weeks in seconds."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

_lock = threading.Lock()
_source: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    return _source()


def today() -> date:
    return now().date()


class ManualClock:
    """A clock that only moves when told to: tests and the simulator drive it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = start

    def __call__(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        with _lock:
            self._now = self._now + delta
        return self._now

    def set(self, moment: datetime) -> None:
        with _lock:
            self._now = moment


@contextmanager
def use_clock(clock: Callable[[], datetime]) -> Iterator[Callable[[], datetime]]:
    global _source
    previous = _source
    _source = clock
    try:
        yield clock
    finally:
        _source = previous
