"""After a transaction with events commits, wake whoever delivers them: the in-process worker
(embedded profile) or the distributed queue (production). Losing this nudge loses nothing: the
periodic sweep finds every undelivered event in the table."""

from __future__ import annotations

import logging
from functools import cache

from celery import Celery
from django.conf import settings

logger = logging.getLogger(__name__)

RELAY_EXPIRES_SECONDS = 30.0


def events_committed() -> None:
    if not settings.TASK_QUEUE_URL:
        from tradelane.outbox import worker

        worker.wake()
        return
    try:
        # A nudge that waited longer than this is dropped unrun: the sweep has done its work,
        # so a stalled worker does not come back to one relay per commit made meanwhile.
        _publisher(settings.TASK_QUEUE_URL).send_task("outbox.relay", expires=RELAY_EXPIRES_SECONDS)
    except Exception:  # the broker is down: the sweep delivers once it is back
        logger.warning("could not reach the task queue; events wait for the sweep", exc_info=True)


@cache
def _publisher(broker_url: str) -> Celery:
    """A publishing-only Celery app per broker, keeping its connection pool between commits."""
    app = Celery("tradelane-publisher", broker=broker_url, set_as_current=False)
    # A request must not hang on a dead broker: fail fast, the sweep covers the gap.
    app.conf.update(task_publish_retry=False, broker_connection_timeout=2)
    return app
