"""shipments_open as a batch: every paid order gets one shipment with its first provenance link,
and two runs at once never open an order twice."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection

from tests.customs.test_declarations import paid_order
from tradelane.fulfilment.services.shipments import shipments_open
from tradelane.fulfilment.services.tracking import chain_verification
from tradelane.logistics.models import Shipment, TrackingEvent
from tradelane.orders.models import OrderStatusChange


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_CARRIER_REFUSAL_PERMILLE", "0")
    call_command("load_network", verbosity=0)


@pytest.mark.django_db
def test_a_batch_opens_each_order_once_with_a_verified_first_link() -> None:
    orders = [paid_order(), paid_order()]
    assert shipments_open() == 2
    assert shipments_open() == 0
    for order in orders:
        shipment = Shipment.objects.get(order=order)
        assert chain_verification(shipment) is None
        assert TrackingEvent.objects.filter(shipment=shipment, kind="packed").count() == 1
        change = OrderStatusChange.objects.get(order=order, to_status="in_fulfilment")
        assert change.reason == f"waybill {shipment.pk}"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_open_each_order_once(on_postgres: None) -> None:
    orders = [paid_order() for _ in range(3)]

    def run(_: int) -> int:
        try:
            return shipments_open()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        opened = sum(pool.map(run, range(2)))
    assert opened == 3
    assert Shipment.objects.filter(order__in=orders).count() == 3
