"""Shipping and returns run concurrently with themselves (PostgreSQL): two staff booking the
same order get one parcel; a return seen arriving by two job runs at once refunds once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from tests.logistics.domestic_helpers import paid_order
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.errors import ApplicationError
from tradelane.fulfilment.services.domestic import domestic_shipments_sync, label_book, mark_shipped
from tradelane.fulfilment.services.returns import return_approve, return_receive, return_request
from tradelane.logistics import rules
from tradelane.logistics.models import ReturnRequest, Shipment
from tradelane.orders.models import OrderStatus
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Refund

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_POST_FAILED_PERMILLE", "0")
    call_command("load_network", verbosity=0)


def together(*actions) -> tuple[list[object], list[BaseException]]:
    """Run the actions at the same moment, each on its own connection."""
    start = threading.Barrier(len(actions))
    done: list[object] = []
    failed: list[BaseException] = []

    def run(action) -> None:
        try:
            start.wait()
            done.append(action())
        except BaseException as error:
            failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done, failed


def test_booking_and_marking_one_order_at_once_makes_one_parcel(on_postgres) -> None:
    for _ in range(3):
        order = paid_order("AU")
        done, failed = together(
            lambda o=order: label_book(merchant_id=o.merchant_id, order_number=o.number, actor="a"),
            lambda o=order: mark_shipped(
                merchant_id=o.merchant_id,
                order_number=o.number,
                carrier="SXPOST",
                tracking_number=rules.domestic_article_id("POA", o.pk),
                actor="b",
            ),
        )
        assert len(done) == 1
        assert len(failed) == 1
        assert isinstance(failed[0], ApplicationError)
        assert failed[0].code == "order_not_shippable"
        assert Shipment.objects.filter(order=order).count() == 1
        assert order.history.filter(to_status=OrderStatus.IN_FULFILMENT).count() == 1


def test_a_return_received_twice_at_once_refunds_once(on_postgres) -> None:
    order = paid_order("AU")
    label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    with use_clock(ManualClock(clock.now() + timedelta(days=12))):
        domestic_shipments_sync()
        return_request(consumer=order.consumer, order_number=order.number, reason="Too big")
        request = return_approve(
            merchant_id=order.merchant_id, order_number=order.number, restock=True, actor="m"
        )
        arrived = clock.now()
        done, failed = together(
            lambda: return_receive(request, at=arrived, actor="job:a"),
            lambda: return_receive(request, at=arrived, actor="job:b"),
        )
    assert failed == []
    assert len(done) == 2
    assert Refund.objects.filter(order=order).count() == 1
    assert ReturnRequest.objects.get().status == "refunded"
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    line = order.lines.select_related("reservation__stock_item").get()
    line.reservation.stock_item.refresh_from_db()
    assert line.reservation.stock_item.on_hand == 10  # back to what was stocked, once
    assert ledger_invariant().ok
