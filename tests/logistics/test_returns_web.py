"""A return through the pages: the shopper asks on the order page, the merchant approves on
theirs, the post brings it back and the shopper's page shows the refund."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from tests.logistics.domestic_helpers import paid_order
from tests.logistics.test_post_shipping_web import owner_client
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.fulfilment.services.domestic import domestic_shipments_sync, label_book
from tradelane.fulfilment.services.returns import returns_sync
from tradelane.logistics.models import ReturnRequest
from tradelane.orders.models import OrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_POST_FAILED_PERMILLE", "0")
    call_command("load_network", verbosity=0)


def at(hours: float):
    return use_clock(ManualClock(clock.now() + timedelta(hours=hours)))


def shopper_client(order) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(order.consumer.user)
    return client


def test_a_return_through_the_pages() -> None:
    order = paid_order("AU")
    label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    shopper = shopper_client(order)
    page = shopper.get(f"/au/orders/{order.number}/").content.decode()
    assert "Delivery by post" in page
    assert "Request a return" not in page  # not delivered yet
    with at(12 * 24):
        domestic_shipments_sync()
        page = shopper.get(f"/au/orders/{order.number}/").content.decode()
        assert "Request a return" in page
        empty = shopper.post(f"/au/orders/{order.number}/return/", {"reason": " "}, follow=True)
        assert "Tell the merchant why" in empty.content.decode()
        assert not ReturnRequest.objects.exists()
        asked = shopper.post(
            f"/au/orders/{order.number}/return/", {"reason": "Too big"}, follow=True
        )
        assert "Return requested" in asked.content.decode()
        merchant = owner_client(order)
        page = merchant.get(f"/merchant/orders/{order.number}/").content.decode()
        assert "Too big" in page
        assert "Approve and book a returns label" in page
        approved = merchant.post(
            f"/merchant/orders/{order.number}/return/approve/", {"restock": "1"}, follow=True
        )
        assert "Return approved" in approved.content.decode()
    request = ReturnRequest.objects.get()
    assert request.restock
    assert request.tracking_number in shopper.get(f"/au/orders/{order.number}/").content.decode()
    with at(30 * 24):
        assert returns_sync() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert "Received and refunded" in shopper.get(f"/au/orders/{order.number}/").content.decode()


def test_a_return_closes_after_the_window_on_the_page_too() -> None:
    order = paid_order("AU")
    label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    with at(12 * 24):
        domestic_shipments_sync()
    with at(60 * 24):
        shopper = shopper_client(order)
        assert "Request a return" not in shopper.get(f"/au/orders/{order.number}/").content.decode()
        late = shopper.post(f"/au/orders/{order.number}/return/", {"reason": "Late"}, follow=True)
        assert "return window has closed" in late.content.decode()
    assert not ReturnRequest.objects.exists()
