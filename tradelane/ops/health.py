"""Health of one web process for load balancers and the CI check: `GET /healthz` answers 200
when the database answers and the task queue (if configured) accepts a connection, else 503.

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
