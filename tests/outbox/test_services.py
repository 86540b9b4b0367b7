"""The outbox: events leave only with their transaction, reach the endpoints that asked for
them, signed, retried with back-off, and never sent twice at once."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test.utils import override_settings

from tests import factories
from tests.outbox.helpers import Receiver
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.outbox.models import DeliveryStatus, OutboxEvent, WebhookDelivery, WebhookEndpoint
from tradelane.outbox.services import (
    delivery_attempt,
    event_emit,
    events_fan_out,
    webhook_endpoint_create,
    webhook_endpoint_disable,
    webhooks_deliver_due,
)

pytestmark = pytest.mark.django_db

URL = "http://127.0.0.1:9/hooks"


def emit(merchant, event_type: str = "order.paid") -> OutboxEvent:
    return event_emit(event_type=event_type, merchant_id=merchant.pk, data={"order": "TL1"})


def test_an_event_of_a_rolled_back_change_never_leaves() -> None:
    merchant = factories.merchant()
    webhook_endpoint_create(merchant=merchant, url=URL, event_types=[])

    def failing_change() -> None:
        with transaction.atomic():
            emit(merchant)
            raise RuntimeError("the order failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not OutboxEvent.objects.exists()
    assert events_fan_out() == 0


def test_events_reach_only_the_endpoints_that_asked_for_them() -> None:
    mine, theirs = factories.merchant(), factories.merchant("NZ")
    _, everything = webhook_endpoint_create(merchant=mine, url=URL, event_types=[])
    _, payouts = webhook_endpoint_create(merchant=mine, url=URL, event_types=["payout.instructed"])
    _, gone = webhook_endpoint_create(merchant=mine, url=URL, event_types=[])
    webhook_endpoint_disable(merchant=mine, endpoint_id=gone.pk)
    webhook_endpoint_create(merchant=theirs, url=URL, event_types=[])
    event = emit(mine)
    assert events_fan_out() == 1
    assert events_fan_out() == 0  # fanned out once
    (delivery,) = WebhookDelivery.objects.all()
    assert (delivery.event_id, delivery.endpoint_id) == (event.pk, everything.pk)
    assert payouts.deliveries.count() == 0


def test_an_endpoint_made_later_does_not_get_older_events() -> None:
    merchant = factories.merchant()
    manual = ManualClock(clock.now())
    with use_clock(manual):
        emit(merchant)
        manual.advance(timedelta(seconds=1))
        webhook_endpoint_create(merchant=merchant, url=URL, event_types=[])
        assert events_fan_out() == 0


def test_a_delivery_is_signed_with_the_endpoints_secret() -> None:
    merchant = factories.merchant()
    secret, _ = webhook_endpoint_create(merchant=merchant, url=URL, event_types=[])
    event = emit(merchant)
    receiver = Receiver(secret)
    assert webhooks_deliver_due(send=receiver) == 1
    headers, _body = receiver.requests[0]
    assert headers["Tradelane-Event-Id"] == event.pk
    assert receiver.events[event.pk]["data"] == {"order": "TL1"}
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)
    assert webhooks_deliver_due(send=receiver) == 0  # nothing more is due


@override_settings(WEBHOOK_RETRY_BASE_SECONDS=30, WEBHOOK_MAX_ATTEMPTS=4)
def test_failures_are_retried_with_back_off_then_given_up() -> None:
    merchant = factories.merchant()
    secret, _ = webhook_endpoint_create(merchant=merchant, url=URL, event_types=[])
    receiver = Receiver(secret, statuses=[500, 503, 500, 500])
    manual = ManualClock(clock.now())
    with use_clock(manual):
        emit(merchant)
        waits = []
        for _attempt in range(4):
            assert webhooks_deliver_due(send=receiver) == 1
            assert webhooks_deliver_due(send=receiver) == 0  # not due before its time
            delivery = WebhookDelivery.objects.get()
            waits.append((delivery.next_attempt_at - manual()).total_seconds())
            manual.set(delivery.next_attempt_at)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 4
    assert delivery.last_status_code == 500
    assert 27 <= waits[0] <= 33
    assert 54 <= waits[1] <= 66
    assert 108 <= waits[2] <= 132
    assert receiver.events == {}


def test_a_retry_after_a_failure_succeeds_and_the_receiver_keeps_one() -> None:
    merchant = factories.merchant()
    secret, _ = webhook_endpoint_create(merchant=merchant, url=URL, event_types=[])
    receiver = Receiver(secret, statuses=[502])
    manual = ManualClock(clock.now())
    with use_clock(manual):
        event = emit(merchant)
        webhooks_deliver_due(send=receiver)
        manual.advance(timedelta(hours=1))
        webhooks_deliver_due(send=receiver)
    assert list(receiver.events) == [event.pk]
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_a_worker_that_died_mid_send_is_taken_over_after_its_lease() -> None:
    merchant = factories.merchant()
    secret, _ = webhook_endpoint_create(merchant=merchant, url=URL, event_types=[])
    receiver = Receiver(secret)
    emit(merchant)
    events_fan_out()
    delivery = WebhookDelivery.objects.get()

    def dies_after_sending(url: str, body: bytes, headers: dict[str, str]):
        receiver(url, body, headers)
        raise SystemExit("worker killed before recording")

    with pytest.raises(SystemExit):
        delivery_attempt(delivery.pk, send=dies_after_sending)
    assert delivery_attempt(delivery.pk, send=receiver) is None  # leased: nobody else sends
    with use_clock(ManualClock(clock.now() + timedelta(minutes=5))):
        taken_over = delivery_attempt(delivery.pk, send=receiver)
    assert taken_over is not None
    assert taken_over.status == DeliveryStatus.SUCCEEDED
    assert len(receiver.requests) == 2
    assert len(receiver.events) == 1


def test_a_disabled_endpoint_gets_nothing_more() -> None:
    merchant = factories.merchant()
    secret, endpoint = webhook_endpoint_create(merchant=merchant, url=URL, event_types=[])
    emit(merchant)
    events_fan_out()
    webhook_endpoint_disable(merchant=merchant, endpoint_id=endpoint.pk)
    receiver = Receiver(secret)
    webhooks_deliver_due(send=receiver)
    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_secrets_are_encrypted_at_rest() -> None:
    secret, endpoint = webhook_endpoint_create(
        merchant=factories.merchant(), url=URL, event_types=[]
    )
    assert secret.startswith("whsec_")
    assert secret not in endpoint.secret_encrypted


@pytest.mark.parametrize("url", ["https://localhost./hooks", "https://2130706433/hooks"])
def test_a_refused_url_registers_nothing(url: str, settings) -> None:
    from tradelane.outbox.errors import WebhookUrlRefused

    settings.WEBHOOK_ALLOW_INSECURE_URLS = False
    with pytest.raises(WebhookUrlRefused):
        webhook_endpoint_create(merchant=factories.merchant(), url=url, event_types=[])
    assert not WebhookEndpoint.objects.exists()
