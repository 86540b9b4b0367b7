"""Shipping an order outside China from the merchant portal's order page and over the
merchant API: a booked label, the merchant's own tracking number, and the refusals (a clear
message, the order left as it was)."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests import factories
from tests.api.client import Api, assert_error
from tests.logistics.domestic_helpers import paid_order
from tradelane.fulfilment import labels
from tradelane.logistics import rules
from tradelane.logistics.models import Shipment
from tradelane.merchants.models import MerchantStaff
from tradelane.merchants.services import api_key_create
from tradelane.orders.models import OrderStatus

pytestmark = pytest.mark.django_db

VALID_AU = rules.domestic_article_id("ABC", 777)


@pytest.fixture(autouse=True)
def network():
    call_command("load_network", verbosity=0)


def owner_client(order) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(MerchantStaff.objects.get(merchant=order.merchant, role="owner").user)
    return client


def test_the_order_page_offers_both_ways_and_books_a_label(monkeypatch) -> None:
    order = paid_order("AU")
    client = owner_client(order)
    page = client.get(f"/merchant/orders/{order.number}/").content.decode()
    assert "Book a label" in page
    assert "Mark as shipped" in page
    answer = client.post(f"/merchant/orders/{order.number}/label/", follow=True)
    body = answer.content.decode()
    shipment = Shipment.objects.get(order=order)
    assert "Label booked with SXPOST" in body
    assert shipment.tracking_number in body
    assert "Book a label" not in body
    barcodes: list[str] = []
    real = labels.code128.Code128

    def recording(value, **kw):
        barcodes.append(value)
        return real(value, **kw)

    monkeypatch.setattr(labels.code128, "Code128", recording)
    label = client.get(f"/merchant/shipments/{shipment.waybill}/label.pdf")
    assert label.content.startswith(b"%PDF")
    assert barcodes == [shipment.tracking_number]  # the post sorts by its own article id


def test_a_bad_tracking_number_is_refused_on_the_page_and_nothing_changes() -> None:
    order = paid_order("AU")
    client = owner_client(order)
    answer = client.post(
        f"/merchant/orders/{order.number}/shipped/", {"tracking_number": "12345"}, follow=True
    )
    assert "That is not a tracking number of this carrier" in answer.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert not Shipment.objects.exists()
    answer = client.post(
        f"/merchant/orders/{order.number}/shipped/", {"tracking_number": VALID_AU}, follow=True
    )
    assert VALID_AU in answer.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_another_merchants_order_cannot_be_shipped_from_the_page() -> None:
    order, other = paid_order("AU"), paid_order("AU")
    answer = owner_client(other).post(f"/merchant/orders/{order.number}/label/", follow=True)
    assert "No such order" in answer.content.decode()
    assert not Shipment.objects.exists()
    assert owner_client(order).get(f"/merchant/orders/{order.number}/label/").status_code == 405


def test_the_merchant_api_books_labels_and_takes_tracking_numbers() -> None:
    order, second = paid_order("AU"), paid_order("AU")
    api = Api(
        api_key_create(merchant=order.merchant, name="ship", created_by=factories.operator())[0]
    )
    status, body = api.post(f"/merchant/orders/{order.number}/label")
    assert status == 201, body
    assert body["post"] == "SXPOST"
    assert body["shipped_by"] == "platform"
    assert_error(*api.post(f"/merchant/orders/{order.number}/label"), 409, "order_not_shippable")
    other = Api(
        api_key_create(merchant=second.merchant, name="ship", created_by=factories.operator())[0]
    )
    bad = other.post(
        f"/merchant/orders/{second.number}/shipped", {"carrier": "SXPOST", "tracking_number": "X1"}
    )
    assert_error(*bad, 422, "tracking_number_invalid")
    assert "tracking_number" in bad[1]["error"]["fields"]
    assert not Shipment.objects.filter(order=second).exists()
    status, body = other.post(
        f"/merchant/orders/{second.number}/shipped",
        {"carrier": "SXPOST", "tracking_number": VALID_AU},
    )
    assert status == 201, body
    assert body["tracking_number"] == VALID_AU
    assert body["shipped_by"] == "merchant"
    assert_error(*api.post(f"/merchant/orders/{second.number}/label"), 404)
