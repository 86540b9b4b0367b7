"""Timing helpers shared by the benchmarks: wall-clock per operation, percentiles, query counts."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import connection
from django.test.utils import CaptureQueriesContext

T = TypeVar("T")


@dataclass
class Timer:
    samples: list[float] = field(default_factory=list)

    def time(self, fn: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = fn()
        self.samples.append(time.perf_counter() - start)
        return result

    @property
    def total(self) -> float:
        return sum(self.samples)

    @property
    def per_second(self) -> float:
        return len(self.samples) / self.total if self.total else 0.0

    def percentile_ms(self, q: float) -> float:
        if not self.samples:
            return 0.0
        ordered = sorted(self.samples)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def p50_ms(self) -> float:
        return 1000 * statistics.median(self.samples) if self.samples else 0.0


def count_queries(fn: Callable[[], T]) -> tuple[T, int]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return result, len(ctx.captured_queries)


def machine() -> str:
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}"


@dataclass
class QueryCounter:
    """Counts statements sent to the database (execute and executemany) without recording
    them, so it can stay on while timing."""

    count: int = 0

    def __call__(
        self, execute: Callable[..., T], sql: str, params: object, many: bool, context: object
    ) -> T:
        self.count += 1
        return execute(sql, params, many, context)


@dataclass
class Step:
    """One step of a benchmark: wall time per call and the queries it sent."""

    timer: Timer = field(default_factory=Timer)
    queries: int = 0

    def time(self, fn: Callable[[], T]) -> T:
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            result = self.timer.time(fn)
        self.queries += counter.count
        return result
