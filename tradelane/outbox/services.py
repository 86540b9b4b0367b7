"""Writes of the outbox: emit an event with the change it describes, register endpoints,
fan events out to deliveries, and attempt a delivery (claimed by a lease, so two workers never
send the same attempt)."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q

from tradelane.core import clock
from tradelane.core.crypto import decrypt, encrypt
from tradelane.merchants.models import Merchant
from tradelane.outbox import dispatch, rules
from tradelane.outbox.errors import UnknownEventType, WebhookUrlRefused
from tradelane.outbox.models import DeliveryStatus, OutboxEvent, WebhookDelivery, WebhookEndpoint
from tradelane.outbox.selectors import webhook_endpoint_get
from tradelane.outbox.transport import Sender, SendResult, http_post

# The advisory lock key that serializes the relays' count-then-claim (any constant no other
# code uses: "outbox q" in ASCII).
QUEUE_CLAIM_LOCK = 0x6F7574626F782071


@dataclass(frozen=True)
class EventSpec:
    event_type: str
    merchant_id: int | None
    data: dict[str, Any]


def event_emit(*, event_type: str, merchant_id: int | None, data: dict[str, Any]) -> OutboxEvent:
    """Record an event in the caller's transaction; it leaves only if that transaction commits."""
    return events_emit([EventSpec(event_type, merchant_id, data)])[0]


def events_emit(specs: Sequence[EventSpec]) -> list[OutboxEvent]:
    """Several events in one INSERT (a checkout's orders paid together), as `event_emit`."""
    unknown = [spec.event_type for spec in specs if spec.event_type not in rules.EVENT_TYPES]
    if unknown:
        raise ValueError(f"unknown event type {unknown[0]}")
    now = clock.now()
    events = OutboxEvent.objects.bulk_create(
        OutboxEvent(
            id=f"evt_{secrets.token_hex(12)}",
            type=spec.event_type,
            merchant_id=spec.merchant_id,
            data=spec.data,
            created_at=now,
        )
        for spec in specs
    )
    if events:
        transaction.on_commit(dispatch.events_committed)
    return events


def webhook_endpoint_create(
    *, merchant: Merchant, url: str, event_types: list[str], description: str = ""
) -> tuple[str, WebhookEndpoint]:
    """A new endpoint and its signing secret, which is shown to the merchant only now."""
    problem = rules.url_problem(url, allow_insecure=settings.WEBHOOK_ALLOW_INSECURE_URLS)
    if problem:
        raise WebhookUrlRefused(problem, fields={"url": [problem]})
    unknown = sorted(set(event_types) - set(rules.EVENT_TYPES))
    if unknown:
        message = f"Unknown event types: {', '.join(unknown)}."
        raise UnknownEventType(message, fields={"event_types": [message]})
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    endpoint = WebhookEndpoint.objects.create(
        id=f"we_{secrets.token_hex(10)}",
        merchant=merchant,
        url=url,
        description=description,
        event_types=sorted(set(event_types)),
        secret_encrypted=encrypt(secret),
        created_at=clock.now(),
    )
    return secret, endpoint


def webhook_endpoint_disable(*, merchant: Merchant, endpoint_id: str) -> WebhookEndpoint:
    endpoint = webhook_endpoint_get(merchant=merchant, endpoint_id=endpoint_id)
    WebhookEndpoint.objects.filter(pk=endpoint.pk, disabled_at__isnull=True).update(
        disabled_at=clock.now()
    )
    endpoint.refresh_from_db()
    return endpoint


def events_fan_out(*, limit: int = 500) -> int:
    """Turn committed events into one delivery per subscribed endpoint; returns deliveries made.

    Rows are locked with SKIP LOCKED on PostgreSQL so that concurrent workers share the work,
    and the (event, endpoint) unique constraint keeps a re-run from delivering twice."""
    with transaction.atomic():
        events = list(
            OutboxEvent.objects.filter(fanned_out_at__isnull=True)
            .select_for_update(skip_locked=True)
            .order_by("created_at")[:limit]
        )
        if not events:
            return 0
        endpoints: dict[int, list[WebhookEndpoint]] = defaultdict(list)
        merchant_ids = {e.merchant_id for e in events if e.merchant_id}
        for endpoint in WebhookEndpoint.objects.filter(
            merchant_id__in=merchant_ids, disabled_at__isnull=True
        ):
            endpoints[endpoint.merchant_id].append(endpoint)
        now = clock.now()
        rows = [
            WebhookDelivery(event=event, endpoint=ep, next_attempt_at=now, created_at=now)
            for event in events
            for ep in endpoints.get(event.merchant_id or 0, [])
            if ep.wants(event.type) and ep.created_at <= event.created_at
        ]
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(fanned_out_at=now)
    return len(rows)


def _due(now: Any) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_until__lte=now
    )


def deliveries_due(*, limit: int = 200) -> list[int]:
    """Deliveries to attempt now: due retries, and sends whose worker died (lease expired)."""
    now = clock.now()
    return list(
        WebhookDelivery.objects.filter(_due(now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def deliveries_queue_claim(*, limit: int = 1000) -> list[int]:
    """Due deliveries that have no task on the queue, claimed for one task each (production).

    The claim (`queued_until`) is what keeps a stalled worker's backlog from multiplying: every
    relay skips a delivery whose task is still waiting, so each has at most one in flight. The
    attempt clears it; a task lost with the broker is queued again once the claim expires. At
    most WEBHOOK_QUEUE_MAX_IN_FLIGHT claims are live at once, which bounds the queue's depth:
    the count and the claim are one critical section (a transaction-scoped advisory lock on
    PostgreSQL; SQLite serializes writers anyway), or every relay would see the same room."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [QUEUE_CLAIM_LOCK])
        now = clock.now()  # after the wait: claims that expired meanwhile are not counted
        in_flight = WebhookDelivery.objects.filter(queued_until__gt=now).count()
        room = min(limit, settings.WEBHOOK_QUEUE_MAX_IN_FLIGHT - in_flight)
        if room <= 0:
            return []
        ids = list(
            WebhookDelivery.objects.filter(_due(now))
            .filter(Q(queued_until__isnull=True) | Q(queued_until__lte=now))
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:room]
        )
        lease = now + timedelta(seconds=settings.WEBHOOK_QUEUE_LEASE_SECONDS)
        WebhookDelivery.objects.filter(pk__in=ids).update(queued_until=lease)
    return ids


def deliveries_queue_release(delivery_ids: Sequence[int]) -> None:
    """Give back claims whose task never reached the queue (the broker refused it)."""
    WebhookDelivery.objects.filter(pk__in=delivery_ids, queued_until__isnull=False).update(
        queued_until=None
    )


def _claim(delivery_id: int) -> int | None:
    """Lease the delivery for one attempt; returns the attempt number, or None if not ours.
    The attempt ends the delivery's queue claim: the next retry may be queued."""
    now = clock.now()
    lease = now + timedelta(seconds=3 * settings.WEBHOOK_TIMEOUT_SECONDS)
    claimed = WebhookDelivery.objects.filter(_due(now), pk=delivery_id).update(
        status=DeliveryStatus.SENDING,
        lease_until=lease,
        attempts=F("attempts") + 1,
        queued_until=None,
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.values_list("attempts", flat=True).get(pk=delivery_id)


def _request(delivery: WebhookDelivery) -> tuple[bytes, dict[str, str]]:
    event = delivery.event
    body = rules.event_body(
        event_id=event.id,
        event_type=event.type,
        created=event.created_at.isoformat(),
        merchant_id=event.merchant_id,
        data=event.data,
    )
    secret = decrypt(delivery.endpoint.secret_encrypted)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Tradelane-Webhooks/1",
        "Tradelane-Event-Id": event.id,
        "Tradelane-Event-Type": event.type,
        rules.SIGNATURE_HEADER: rules.signature_header(secret, int(clock.now().timestamp()), body),
    }
    return body, headers


def delivery_attempt(delivery_id: int, *, send: Sender = http_post) -> WebhookDelivery | None:
    """One attempt, outside any transaction (a slow endpoint holds no locks)."""
    attempt = _claim(delivery_id)
    if attempt is None:
        return None
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    if delivery.endpoint.disabled_at is not None:
        _record(delivery_id, attempt, SendResult(None, "endpoint disabled"), give_up=True)
    else:
        body, headers = _request(delivery)
        _record(delivery_id, attempt, send(delivery.endpoint.url, body, headers))
    delivery.refresh_from_db()
    return delivery


def _record(delivery_id: int, attempt: int, result: SendResult, *, give_up: bool = False) -> None:
    now = clock.now()
    mine = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.SENDING, attempts=attempt
    )
    outcome: dict[str, Any] = {
        "last_status_code": result.status_code,
        "last_error": result.error[:300],
        "lease_until": None,
    }
    if result.ok:
        mine.update(status=DeliveryStatus.SUCCEEDED, succeeded_at=now, **outcome)
    elif give_up or attempt >= settings.WEBHOOK_MAX_ATTEMPTS:
        mine.update(status=DeliveryStatus.FAILED, **outcome)
    else:
        delay = rules.retry_delay_seconds(attempt, settings.WEBHOOK_RETRY_BASE_SECONDS)
        mine.update(
            status=DeliveryStatus.PENDING,
            next_attempt_at=now + timedelta(seconds=delay),
            **outcome,
        )


def webhooks_deliver_due(*, limit: int = 200, send: Sender = http_post) -> int:
    """Fan out new events and attempt every due delivery here; returns attempts made."""
    events_fan_out()
    return sum(
        1
        for delivery_id in deliveries_due(limit=limit)
        if delivery_attempt(delivery_id, send=send) is not None
    )
