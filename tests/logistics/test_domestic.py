"""Orders outside China ship with the merchant's national post: a label booked through the
post's parcel API (refused for an address the post cannot deliver to, nothing changed), or
the merchant's own lodgement with a tracking number checked per carrier; either way the post's
tracking moves the parcel and the order to delivered."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from tests.logistics.domestic_helpers import paid_order, placed_order
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.fulfilment.errors import (
    OrderNotShippable,
    PostRefused,
    TrackingNumberInvalid,
    TrackingNumberUsed,
)
from tradelane.fulfilment.services.carrier_sync import carriers_sync
from tradelane.fulfilment.services.domestic import (
    domestic_shipments_sync,
    label_book,
    mark_shipped,
)
from tradelane.fulfilment.services.tracking import chain_verification
from tradelane.logistics import rules
from tradelane.logistics.models import Shipment, TrackingEvent
from tradelane.orders.models import OrderStatus, OrderStatusChange
from tradelane.orders.services import order_set_status
from tradelane.payments.invariant import ledger_invariant

pytestmark = pytest.mark.django_db

VALID_AU = rules.domestic_article_id("ABC", 12345678901234567)


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_POST_FAILED_PERMILLE", "0")
    call_command("load_network", verbosity=0)


def later(hours: float):
    return use_clock(ManualClock(clock.now() + timedelta(hours=hours)))


def test_a_booked_label_is_tracked_to_the_door() -> None:
    order = paid_order("AU")
    shipment = label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    assert shipment.post == "SXPOST"
    assert shipment.shipped_by == "platform"
    assert rules.tracking_number_problem("SXPOST", shipment.tracking_number) is None
    assert shipment.destination.code == "AU-VIC"
    assert shipment.cost_minor > 0
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_FULFILMENT
    assert carriers_sync() == 0  # the network's carriers leave post parcels alone
    with later(9):  # picked up (2-8 h after lodging), delivered a day or more later
        assert domestic_shipments_sync() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    with later(12 * 24):
        domestic_shipments_sync()
    shipment.refresh_from_db()
    order.refresh_from_db()
    assert shipment.status == "delivered"
    assert order.status == OrderStatus.COMPLETED
    steps = list(order.history.values_list("to_status", flat=True))
    assert steps[-4:] == ["in_fulfilment", "shipped", "delivered", "completed"]
    kinds = [e.description for e in shipment.events.all()]
    assert kinds[0].startswith("packed by")
    assert "Delivered" in kinds
    assert chain_verification(shipment) is None
    with later(13 * 24):
        assert domestic_shipments_sync() == 0  # delivered parcels are not asked again
    assert ledger_invariant().ok


def test_the_post_refuses_a_postcode_outside_the_state_and_nothing_changes() -> None:
    order = paid_order("AU", postcode="2000")  # a Sydney postcode on a Victorian address
    history = OrderStatusChange.objects.count()
    with pytest.raises(PostRefused) as refusal:
        label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    assert refusal.value.extra["post_error"] == "44003"
    assert "2000" in str(refusal.value.message)
    assert "VIC" in str(refusal.value.message)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert not Shipment.objects.exists()
    assert not TrackingEvent.objects.exists()
    assert OrderStatusChange.objects.count() == history


def test_a_merchant_who_ships_itself_enters_a_tracking_number() -> None:
    order = paid_order("AU")
    shipment = mark_shipped(
        merchant_id=order.merchant_id,
        order_number=order.number,
        carrier="SXPOST",
        tracking_number=VALID_AU.lower(),
        actor="merchant:t",
    )
    assert shipment.tracking_number == VALID_AU
    assert shipment.shipped_by == "merchant"
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    with later(12 * 24):
        domestic_shipments_sync()
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED


@pytest.mark.parametrize(
    ("carrier", "number", "field"),
    [
        ("SXPOST", "ABC123", "tracking_number"),
        ("SXPOST", VALID_AU[:-1] + str((int(VALID_AU[-1]) + 1) % 10), "tracking_number"),
        ("SXPOST", "LP123456784AU", "tracking_number"),  # wrong S10 check digit
        ("SXPOST", rules.waybill_number(12345678, "NZ"), "tracking_number"),  # NZ's item
        ("DHL", VALID_AU, "tracking_number"),
        ("KIWIPOST", VALID_AU, "carrier"),  # a valid NZ number, but an Australian merchant
    ],
)
def test_a_wrong_tracking_number_is_refused_and_nothing_changes(carrier, number, field) -> None:
    order = paid_order("AU")
    history = OrderStatusChange.objects.count()
    with pytest.raises(TrackingNumberInvalid) as refusal:
        mark_shipped(
            merchant_id=order.merchant_id,
            order_number=order.number,
            carrier=carrier,
            tracking_number=number,
            actor="t",
        )
    assert field in refusal.value.fields
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert not Shipment.objects.exists()
    assert OrderStatusChange.objects.count() == history


def test_one_tracking_number_cannot_ship_two_orders() -> None:
    first, second = paid_order("AU"), paid_order("AU")
    mark_shipped(
        merchant_id=first.merchant_id,
        order_number=first.number,
        carrier="SXPOST",
        tracking_number=VALID_AU,
        actor="t",
    )
    with pytest.raises(TrackingNumberUsed):
        mark_shipped(
            merchant_id=second.merchant_id,
            order_number=second.number,
            carrier="SXPOST",
            tracking_number=VALID_AU,
            actor="t",
        )
    second.refresh_from_db()
    assert second.status == OrderStatus.PAID
    assert Shipment.objects.count() == 1


def test_only_a_paid_unshipped_order_of_ones_own_ships() -> None:
    unpaid = placed_order("AU")
    with pytest.raises(OrderNotShippable):
        label_book(merchant_id=unpaid.merchant_id, order_number=unpaid.number, actor="t")
    order = paid_order("AU")
    label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    with pytest.raises(OrderNotShippable):  # twice
        label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    with pytest.raises(Exception, match="No such order"):
        label_book(merchant_id=unpaid.merchant_id, order_number=order.number, actor="t")


def test_new_zealand_ships_with_its_own_post() -> None:
    order = paid_order("NZ", merchant_country="NZ")
    shipment = label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    assert shipment.post == "KIWIPOST"
    assert shipment.destination.code == "NZ-NI"
    assert shipment.tracking_number.startswith("TLN")
    with later(12 * 24):
        domestic_shipments_sync()
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED


@pytest.mark.parametrize("market", ["SG", "MY"])
def test_south_east_asian_orders_travel_as_international_parcels(market) -> None:
    order = placed_order(market)
    # Paid by whatever method the market has; the shipping does not depend on it.
    order_set_status(order_id=order.pk, to_status="paid", actor="test", reason="paid")
    shipment = label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    assert rules.s10_valid(shipment.tracking_number, "AU")
    assert shipment.destination.country == market
    with later(20 * 24):
        domestic_shipments_sync()
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    descriptions = set(shipment.events.values_list("description", flat=True))
    assert {"Departed origin country", "Cleared by customs", "Delivered"} <= descriptions
