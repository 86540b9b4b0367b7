"""Celery tasks of the production worker (`tradelane worker`)."""

from __future__ import annotations

from celery import shared_task

from tradelane.outbox.services import deliveries_due, delivery_attempt, events_fan_out


@shared_task(name="outbox.relay")
def outbox_relay() -> int:
    """Fan out new events and queue every due delivery (run after commits and on a beat)."""
    events_fan_out()
    due = deliveries_due(limit=1000)
    for delivery_id in due:
        webhook_deliver.delay(delivery_id)
    return len(due)


@shared_task(name="outbox.deliver")
def webhook_deliver(delivery_id: int) -> str:
    # A duplicate task finds the delivery not due (its lease or success says so) and returns.
    delivery = delivery_attempt(delivery_id)
    return delivery.status if delivery else "not_due"
