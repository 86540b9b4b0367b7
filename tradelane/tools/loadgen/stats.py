"""Latency and outcome counting for one scenario (pure: no I/O)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (the value below which a share q of the samples fall)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Tally:
    """What one scenario saw: latencies in ms, statuses, and what counts as an error."""

    latencies_ms: list[float] = field(default_factory=list)
    waits_ms: list[float] = field(default_factory=list)  # queued in the client for a connection
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    by_status: dict[str, list[float]] = field(default_factory=dict)

    def record(self, latency_ms: float, status: int, expected: bool) -> None:
        self.latencies_ms.append(latency_ms)
        self.by_status.setdefault(str(status), []).append(latency_ms)
        self.statuses[str(status)] += 1
        if not expected:
            self.errors[f"http_{status}"] += 1

    def failed(self, latency_ms: float, kind: str) -> None:
        """A request that got no HTTP answer (timeout, refused or dropped connection)."""
        self.latencies_ms.append(latency_ms)
        self.statuses[kind] += 1
        self.errors[kind] += 1

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status.startswith("5"))

    def summary(self, elapsed_s: float) -> dict[str, Any]:
        requests = len(self.latencies_ms)
        return {
            "requests": requests,
            "elapsed_s": round(elapsed_s, 3),
            "rps": round(requests / elapsed_s, 1) if elapsed_s else 0.0,
            "p50_ms": round(percentile(self.latencies_ms, 0.50), 2),
            "p99_ms": round(percentile(self.latencies_ms, 0.99), 2),
            "max_ms": round(max(self.latencies_ms, default=0.0), 2),
            "wait_p50_ms": round(percentile(self.waits_ms, 0.50), 2),
            "wait_p99_ms": round(percentile(self.waits_ms, 0.99), 2),
            "statuses": dict(self.statuses),
            "p99_ms_by_status": {
                k: round(percentile(v, 0.99), 2) for k, v in sorted(self.by_status.items())
            },
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "server_errors": self.server_errors,
        }
