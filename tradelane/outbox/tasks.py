"""Celery tasks of the production worker (`tradelane worker`)."""

from __future__ import annotations

import time

from celery import shared_task
from django.conf import settings

from tradelane.outbox.services import (
    deliveries_queue_claim,
    deliveries_queue_release,
    delivery_attempt,
    events_fan_out,
)


@shared_task(name="outbox.relay")
def outbox_relay() -> int:
    """Fan out new events and queue one task per due delivery that has none in flight (run
    after commits and on a beat); returns the tasks queued."""
    events_fan_out()
    # Each task expires with its claim (measured from before the claim was taken, so never
    # later): a task still waiting when the claim lapses is dropped by the worker, while the
    # relay queues the delivery again, so a long stall does not add one runnable duplicate per
    # lease.
    claim_ends = time.monotonic() + settings.WEBHOOK_QUEUE_LEASE_SECONDS
    claimed = deliveries_queue_claim(limit=1000)
    for n, delivery_id in enumerate(claimed):
        try:
            expires = max(1.0, claim_ends - time.monotonic())
            webhook_deliver.apply_async(args=[delivery_id], expires=expires)
        except Exception:  # the broker refused: give the rest back for the next relay
            deliveries_queue_release(claimed[n:])
            raise
    return len(claimed)


@shared_task(name="outbox.deliver")
def webhook_deliver(delivery_id: int) -> str:
    # A duplicate task finds the delivery not due (its lease or success says so) and returns.
    delivery = delivery_attempt(delivery_id)
    return delivery.status if delivery else "not_due"
