"""Health of one web process for load balancers and the CI check: `GET /healthz` answers 200
when the database answers and the task queue (if configured) accepts a connection, else 503.
`GET /readyz` says whether the whole platform works: also that a worker consumes each queue
(asked through the broker) and that the periodic jobs do not lag; it answers 503 when a worker
is dead, while `/healthz` stays 200 so the load balancer keeps the web serving.

The database is asked on every call (one `SELECT 1`, the cost a load balancer's probe should
see); the broker at most every few seconds per process, so a probe storm or a benchmark using
the endpoint as its floor does not open a broker connection per request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tradelane.ops.selectors import jobs_status_cached

QUEUE_CHECK_SECONDS = 5.0
BROKER_TIMEOUT_SECONDS = 2.0
WORKERS_CHECK_SECONDS = 2.0
WORKERS_ANSWER_SECONDS = 1.0  # how long the workers have to answer through the broker
JOBS_LAG_LIMIT_SECONDS = 180  # the beat sends them every 30 s


@dataclass
class _QueueCheck:
    url: str = ""
    checked_at: float = -1e9
    result: str = ""

    def fresh(self, url: str) -> bool:
        recent = time.monotonic() - self.checked_at < QUEUE_CHECK_SECONDS
        return url == self.url and recent and self.result == "ok"


_queue = _QueueCheck()
_queue_lock = threading.Lock()


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not ready", reported as text
        return f"error: {type(exc).__name__}"
    return "ok"


def _broker_status(url: str) -> str:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:  # the broker's client raises many kinds; all mean unreachable
        return f"error: {type(exc).__name__}"
    return "ok"


def queue_status() -> str:
    url = settings.TASK_QUEUE_URL
    if not url:
        return "in-process"
    with _queue_lock:
        if not _queue.fresh(url):
            _queue.url, _queue.result = url, _broker_status(url)
            _queue.checked_at = time.monotonic()
        return _queue.result


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_status(), "queue": queue_status()}
    healthy = all(v in {"ok", "in-process"} for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks, "jobs": _jobs(checks["database"])},
        status=200 if healthy else 503,
    )


def _jobs(database: str) -> dict[str, Any]:
    """The background jobs' lag, failing steps and set-aside rows (read at most every few
    seconds): reported for operators, never a reason to take the web process out of service."""
    if database != "ok":
        return {"error": "database unavailable"}
    try:
        return jobs_status_cached()
    except Exception as exc:  # reported as text, like the checks above
        return {"error": type(exc).__name__}


_workers: dict[str, Any] = {"at": -1e9, "value": None}
_workers_lock = threading.Lock()


def _queue_consumers(url: str) -> set[str]:
    """The queues some live worker consumes, as the workers answer through the broker."""
    from tradelane.worker import app

    replies = app.control.inspect(timeout=WORKERS_ANSWER_SECONDS).active_queues() or {}
    return {queue["name"] for queues in replies.values() for queue in queues or ()}


def workers_status() -> dict[str, str] | str:
    """For each queue, "ok" when a worker consumes it, else "no worker" (asked at most every
    few seconds per process: the question waits a second for the answers)."""
    url = settings.TASK_QUEUE_URL
    if not url:
        return "in-process"
    from tradelane.worker import QUEUES

    with _workers_lock:
        if time.monotonic() - _workers["at"] >= WORKERS_CHECK_SECONDS or not _workers["value"]:
            try:
                consumed = _queue_consumers(url)
                value = {q: "ok" if q in consumed else "no worker" for q in QUEUES}
            except Exception as exc:  # the broker failed mid-question: reported as text
                value = dict.fromkeys(QUEUES, f"error: {type(exc).__name__}")
            _workers["value"], _workers["at"] = value, time.monotonic()
        return dict(_workers["value"])


def forget_workers_status() -> None:
    with _workers_lock:
        _workers["at"], _workers["value"] = -1e9, None


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    database, queue = database_status(), queue_status()
    problems = [] if database == "ok" else ["the database does not answer"]
    workers: dict[str, str] | str = "unknown"
    if queue == "in-process":
        workers = "in-process"
    elif queue != "ok":
        problems.append("the task queue does not answer")
    else:
        workers = workers_status()
        if isinstance(workers, dict):
            problems += [
                f"no worker consumes the {q} queue" for q, s in workers.items() if s != "ok"
            ]
    lag = _jobs(database).get("lag_seconds")
    if lag is not None and lag > JOBS_LAG_LIMIT_SECONDS:
        problems.append(f"the periodic jobs last ran {lag} s ago")
    body = {
        "status": "not ready" if problems else "ready",
        "database": database,
        "queue": queue,
        "workers": workers,
        "jobs_lag_seconds": lag,
        "problems": problems,
    }
    return JsonResponse(body, status=503 if problems else 200)
