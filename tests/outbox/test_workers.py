"""The two workers deliver over real HTTP: the in-process thread of the embedded profile, and
`tradelane worker` on a real broker (Redis and RabbitMQ), both nudged after commit."""

import os
import subprocess
import sys

import pytest
from celery import Celery
from django.db import connection, transaction

from tests import factories
from tests.outbox.helpers import Receiver, http_receiver, wait_for
from tradelane.outbox import worker
from tradelane.outbox.models import DeliveryStatus, WebhookDelivery
from tradelane.outbox.services import event_emit, webhook_endpoint_create


def emit_committed(merchant) -> str:
    with transaction.atomic():
        event = event_emit(event_type="order.paid", merchant_id=merchant.pk, data={"n": 1})
    return event.pk


@pytest.mark.django_db(transaction=True)
def test_the_in_process_worker_delivers_right_after_commit() -> None:
    merchant, receiver = factories.merchant(), Receiver()
    with http_receiver(receiver) as url:
        receiver.secret, _ = webhook_endpoint_create(merchant=merchant, url=url, event_types=[])
        worker.start(poll_seconds=120)  # only the commit's nudge can make it deliver in time
        try:
            event_id = emit_committed(merchant)
            assert wait_for(lambda: event_id in receiver.events, timeout=20)
        finally:
            worker.stop()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue_worker(request, settings):
    broker = request.param
    Celery(broker=broker).control.purge()  # nothing left over from an earlier run
    settings.TASK_QUEUE_URL = broker
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASK_QUEUE_URL": broker,
        "WEBHOOK_RETRY_BASE_SECONDS": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tradelane.cli", "worker", "--beat", "--concurrency=4"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    print(process.communicate(timeout=30)[0].decode(errors="replace"))  # shown on failure


def _delivery_settled() -> bool:
    return WebhookDelivery.objects.filter(status=DeliveryStatus.SUCCEEDED).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "queue_worker",
    ["redis://127.0.0.1:6379/15", "amqp://guest:guest@127.0.0.1:5672//"],
    indirect=True,
    ids=["redis", "rabbitmq"],
)
def test_the_queue_worker_delivers_and_retries(on_postgres, queue_worker) -> None:
    merchant, receiver = factories.merchant(), Receiver(statuses=[503])
    with http_receiver(receiver) as url:
        receiver.secret, _ = webhook_endpoint_create(merchant=merchant, url=url, event_types=[])
        event_id = emit_committed(merchant)
        assert wait_for(lambda: event_id in receiver.events, timeout=60), queue_worker.poll()
        # The receiver has the event before the worker records the 200: wait for the record.
        assert wait_for(_delivery_settled, timeout=20), WebhookDelivery.objects.get().status
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 2)
    assert len(receiver.requests) == 2  # the 503, then the retry
