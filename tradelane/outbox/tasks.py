"""Celery tasks of the production worker (`tradelane worker`)."""

from __future__ import annotations

from celery import shared_task

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
    claimed = deliveries_queue_claim(limit=1000)
    for n, delivery_id in enumerate(claimed):
        try:
            webhook_deliver.delay(delivery_id)
        except Exception:  # the broker refused: give the rest back for the next relay
            deliveries_queue_release(claimed[n:])
            raise
    return len(claimed)


@shared_task(name="outbox.deliver")
def webhook_deliver(delivery_id: int) -> str:
    # A duplicate task finds the delivery not due (its lease or success says so) and returns.
    delivery = delivery_attempt(delivery_id)
    return delivery.status if delivery else "not_due"
