"""Reads for operators and the health JSON: how the background jobs are doing."""

from __future__ import annotations

import threading
import time
from typing import Any

from tradelane.clearance.services.declarations import MAX_FAILED_ATTEMPTS
from tradelane.core import clock
from tradelane.customs.models import Declaration
from tradelane.ops.models import JobStep

JOBS_CHECK_SECONDS = 5.0

_cached: dict[str, Any] = {"at": -1e9, "value": None}
_cached_lock = threading.Lock()


def jobs_status() -> dict[str, Any]:
    """When the jobs last ran and how long ago (the lag), the steps failing now with how many
    runs in a row they failed, and the declarations the job paused after failing on them
    repeatedly. Public (the health JSON): never an error's text, which may carry row values
    (a database error's DETAIL); operators read `last_error` in the admin (ops.JobStep)."""
    steps = list(JobStep.objects.all())
    last_run = max((s.last_run_at for s in steps if s.last_run_at), default=None)
    return {
        "last_run_at": last_run.isoformat() if last_run else None,
        "lag_seconds": round((clock.now() - last_run).total_seconds()) if last_run else None,
        "failing": {s.name: s.failures_in_a_row for s in steps if s.failures_in_a_row},
        "declarations_set_aside": Declaration.objects.filter(
            on_hold=True, failed_attempts__gte=MAX_FAILED_ATTEMPTS
        ).count(),
    }


def jobs_status_cached() -> dict[str, Any]:
    """`jobs_status` at most every few seconds per process: the health probe stays one query."""
    with _cached_lock:
        if time.monotonic() - _cached["at"] >= JOBS_CHECK_SECONDS or _cached["value"] is None:
            _cached["value"], _cached["at"] = jobs_status(), time.monotonic()
        return dict(_cached["value"])


def forget_jobs_status() -> None:
    with _cached_lock:
        _cached["at"], _cached["value"] = -1e9, None
