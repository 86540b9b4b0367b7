"""The in-process delivery worker of the embedded profile: a daemon thread woken after each
commit that carries events, and every few seconds for retries."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections, connections

from tradelane.outbox.services import deliveries_due, delivery_attempt, events_fan_out

logger = logging.getLogger(__name__)


def _attempt(delivery_id: int) -> None:
    try:
        delivery_attempt(delivery_id)
    except Exception:
        logger.exception("webhook delivery %s failed to run; the sweep retries it", delivery_id)
    finally:
        # Sender threads may outlive this round or end with the pool; a kept-alive
        # connection (CONN_MAX_AGE) would linger unowned on the database until collected.
        connections.close_all()


class OutboxWorker(threading.Thread):
    def __init__(self, poll_seconds: float = 5.0, senders: int = 4) -> None:
        super().__init__(name="tradelane-outbox", daemon=True)
        self.poll_seconds = poll_seconds
        self.woken = threading.Event()
        self.stopped = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=senders, thread_name_prefix="webhook")

    def run(self) -> None:
        while not self.stopped.is_set():
            self.woken.wait(self.poll_seconds)
            self.woken.clear()
            try:
                self.deliver_round()
            except Exception:
                logger.exception("outbox round failed; will retry")
            finally:
                close_old_connections()
        connections.close_all()

    def deliver_round(self) -> None:
        events_fan_out()
        list(self.pool.map(_attempt, deliveries_due()))

    def stop(self) -> None:
        self.stopped.set()
        self.woken.set()
        self.join(timeout=10)
        self.pool.shutdown(wait=True)


_running: OutboxWorker | None = None


def start(poll_seconds: float = 5.0) -> OutboxWorker:
    global _running
    _running = OutboxWorker(poll_seconds=poll_seconds)
    _running.start()
    return _running


def stop() -> None:
    global _running
    if _running is not None:
        _running.stop()
        _running = None


def wake() -> None:
    if _running is not None:
        _running.woken.set()
