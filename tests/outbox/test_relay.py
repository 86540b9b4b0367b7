"""The production relay: each due delivery has at most one task in flight, a lost task comes
back after its claim expires, the queue's depth is bounded, and periodic jobs have their own
queue so a flood of deliveries cannot starve them."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test.utils import override_settings

from tests import factories
from tests.outbox.helpers import Receiver
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.outbox import tasks
from tradelane.outbox.models import OutboxEvent, WebhookDelivery
from tradelane.outbox.services import (
    delivery_attempt,
    event_emit,
    events_fan_out,
    webhook_endpoint_create,
)

pytestmark = pytest.mark.django_db

URL = "http://127.0.0.1:9/hooks"


def publish_to(sent: list[int], options: list[dict] | None = None) -> Callable[..., None]:
    """Stands in for `webhook_deliver.apply_async`: records the delivery (and the options)."""

    def apply_async(args: list[int], **kwargs: object) -> None:
        sent.append(args[0])
        if options is not None:
            options.append(kwargs)

    return apply_async


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """What the relay hands to the broker, in order (the broker itself is not involved)."""
    sent: list[int] = []
    monkeypatch.setattr(tasks.webhook_deliver, "apply_async", publish_to(sent))
    return sent


def deliveries(count: int) -> tuple[str, list[OutboxEvent]]:
    merchant = factories.merchant()
    secret, _ = webhook_endpoint_create(merchant=merchant, url=URL, event_types=[])
    events = [
        event_emit(event_type="order.paid", merchant_id=merchant.pk, data={"n": n})
        for n in range(count)
    ]
    events_fan_out()
    return secret, events


def test_many_relays_queue_one_task_per_delivery(queued: list[int]) -> None:
    deliveries(1)
    for _ in range(5):  # the beat, and one relay per commit, while the worker is stalled
        tasks.outbox_relay()
    assert queued == [WebhookDelivery.objects.get().pk]


def test_a_task_that_ran_lets_the_next_retry_be_queued(queued: list[int]) -> None:
    secret, _ = deliveries(1)
    manual = ManualClock(clock.now())
    with use_clock(manual):
        tasks.outbox_relay()
        delivery_attempt(queued[0], send=Receiver(secret, statuses=[503]))
        tasks.outbox_relay()
        assert len(queued) == 1  # the retry is not due yet
        manual.set(WebhookDelivery.objects.get().next_attempt_at)
        tasks.outbox_relay()
    assert len(queued) == 2


def test_a_lost_task_is_queued_again_after_its_claim_expires(queued: list[int]) -> None:
    deliveries(1)
    manual = ManualClock(clock.now())
    with use_clock(manual):
        tasks.outbox_relay()  # this message is lost with the broker
        manual.advance(timedelta(seconds=60))
        tasks.outbox_relay()
        assert len(queued) == 1
        manual.advance(timedelta(hours=1))
        tasks.outbox_relay()
    assert len(queued) == 2


@override_settings(WEBHOOK_QUEUE_MAX_IN_FLIGHT=3)
def test_the_queue_depth_is_bounded(queued: list[int]) -> None:
    secret, _ = deliveries(5)
    tasks.outbox_relay()
    tasks.outbox_relay()
    assert len(queued) == 3
    for delivery_id in queued[:2]:  # two tasks ran: room for two more
        delivery_attempt(delivery_id, send=Receiver(secret))
    tasks.outbox_relay()
    assert sorted(queued) == sorted(WebhookDelivery.objects.values_list("pk", flat=True))


def test_a_refused_publish_gives_the_claim_back(monkeypatch: pytest.MonkeyPatch) -> None:
    deliveries(1)

    def broker_down(args: list[int], **kwargs: object) -> None:
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.webhook_deliver, "apply_async", broker_down)
    with pytest.raises(ConnectionError):
        tasks.outbox_relay()
    sent: list[int] = []
    monkeypatch.setattr(tasks.webhook_deliver, "apply_async", publish_to(sent))
    tasks.outbox_relay()
    assert sent == [WebhookDelivery.objects.get().pk]


def test_periodic_jobs_have_their_own_queue() -> None:
    from tradelane.worker import app

    def queue_of(task: str) -> str:
        route = app.amqp.router.route({}, task)
        return route["queue"].name

    assert queue_of("ops.due_jobs") == "jobs"
    assert queue_of("outbox.deliver") != "jobs"
    assert queue_of("outbox.relay") != "jobs"


@pytest.mark.django_db(transaction=True)
def test_concurrent_relays_claim_each_delivery_once(on_postgres: None) -> None:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from tradelane.outbox.services import deliveries_queue_claim

    deliveries(40)
    start = threading.Barrier(8)

    def relay(_: int) -> list[int]:
        try:
            start.wait()
            return deliveries_queue_claim(limit=10)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        claimed = [pk for batch in pool.map(relay, range(8)) for pk in batch]
    assert len(claimed) == len(set(claimed)) == 40  # every delivery once, none twice


@override_settings(WEBHOOK_QUEUE_LEASE_SECONDS=300)
def test_a_delivery_task_expires_before_its_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    """A task still on the queue when its claim expires is dropped by the worker: during a
    stall the relay queues the delivery again, and the stale task must not also run."""
    deliveries(2)
    sent: list[int] = []
    options: list[dict] = []
    monkeypatch.setattr(tasks.webhook_deliver, "apply_async", publish_to(sent, options))
    tasks.outbox_relay()
    assert len(sent) == 2
    for kwargs in options:
        expires = kwargs.get("expires")
        assert isinstance(expires, (int, float)), kwargs
        assert 0 < expires <= 300


@override_settings(WEBHOOK_QUEUE_MAX_IN_FLIGHT=10)
@pytest.mark.django_db(transaction=True)
def test_concurrent_relays_never_claim_past_the_bound(on_postgres: None) -> None:
    """Each relay counts the claims in flight and then claims: counted at once, every relay
    would see the same room. The count and the claim are one critical section."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from tradelane.outbox.services import deliveries_queue_claim

    deliveries(40)
    start = threading.Barrier(8)

    def relay(_: int) -> list[int]:
        try:
            start.wait()
            return deliveries_queue_claim(limit=10)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        claimed = [pk for batch in pool.map(relay, range(8)) for pk in batch]
    assert len(claimed) == len(set(claimed)) == 10
    assert WebhookDelivery.objects.filter(queued_until__isnull=False).count() == 10


def test_a_commits_nudge_expires_so_a_stall_does_not_pile_them_up(monkeypatch, settings) -> None:
    from tradelane.outbox import dispatch

    sent: list[tuple[str, dict]] = []

    class Publisher:
        def send_task(self, name: str, **options: object) -> None:
            sent.append((name, options))

    settings.TASK_QUEUE_URL = "redis://queue.invalid:6379/0"
    monkeypatch.setattr(dispatch, "_publisher", lambda url: Publisher())
    dispatch.events_committed()
    assert sent == [("outbox.relay", {"expires": dispatch.RELAY_EXPIRES_SECONDS})]
