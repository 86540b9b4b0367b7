"""Returns of post-delivered orders: asked within the window, approved with a returns label
from the same post (or declined), refunded through the refund service when the post brings
the parcel back, restocked only if the merchant said so; every step on the order's history."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from tests.logistics.domestic_helpers import paid_order
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.fulfilment.errors import ReturnAlreadyRequested, ReturnNotAllowed, ReturnNotPending
from tradelane.fulfilment.services.domestic import domestic_shipments_sync, label_book
from tradelane.fulfilment.services.returns import (
    return_approve,
    return_decline,
    return_request,
    returns_sync,
)
from tradelane.fulfilment.services.tracking import chain_verification
from tradelane.inventory.models import StockItem
from tradelane.logistics import rules
from tradelane.logistics.models import ReturnRequest, Shipment
from tradelane.orders.models import OrderStatus
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Refund

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_POST_FAILED_PERMILLE", "0")
    call_command("load_network", verbosity=0)


def at(hours: float):
    return use_clock(ManualClock(clock.now() + timedelta(hours=hours)))


def delivered_order(market="AU", merchant_country="AU"):
    order = paid_order(market, merchant_country)
    label_book(merchant_id=order.merchant_id, order_number=order.number, actor="t")
    with at(12 * 24):
        domestic_shipments_sync()
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    return order


def on_hand(order) -> int:
    line = order.lines.select_related("reservation").get()
    return StockItem.objects.get(pk=line.reservation.stock_item_id).on_hand


@pytest.mark.parametrize("restock", [True, False])
def test_a_return_comes_back_and_is_refunded(restock) -> None:
    order = delivered_order()
    stock = on_hand(order)
    with at(14 * 24):
        request = return_request(
            consumer=order.consumer, order_number=order.number, reason="Too big"
        )
        approved = return_approve(
            merchant_id=order.merchant_id, order_number=order.number, restock=restock, actor="m"
        )
    assert approved.status == "in_transit"
    assert rules.tracking_number_problem("SXPOST", approved.tracking_number) is None
    order.refresh_from_db()
    assert order.status == OrderStatus.RETURN_IN_TRANSIT
    with at(15 * 24):
        assert returns_sync() == 0  # on its way
    with at(26 * 24):
        assert returns_sync() == 1
    request.refresh_from_db()
    order.refresh_from_db()
    assert request.status == "refunded"
    assert request.refund is not None
    assert request.refund.amount_minor == order.total_minor
    assert order.status == OrderStatus.REFUNDED
    assert on_hand(order) == stock + (2 if restock else 0)
    steps = list(order.history.values_list("to_status", flat=True))
    assert steps[-3:] == ["return_requested", "return_in_transit", "refunded"]
    shipment = Shipment.objects.get(order=order)
    assert shipment.status == "delivered"  # the outbound parcel's own status stays
    assert shipment.events.filter(kind="return").exists()
    assert chain_verification(shipment) is None
    with at(27 * 24):
        assert returns_sync() == 0
    assert Refund.objects.filter(order=order).count() == 1
    assert ledger_invariant().ok


def test_a_declined_return_leaves_the_order_completed_and_unrefunded() -> None:
    order = delivered_order()
    with at(13 * 24):
        return_request(consumer=order.consumer, order_number=order.number, reason="Changed mind")
        return_decline(
            merchant_id=order.merchant_id, order_number=order.number, reason="Opened", actor="m"
        )
        with pytest.raises(ReturnNotPending):
            return_approve(
                merchant_id=order.merchant_id, order_number=order.number, restock=True, actor="m"
            )
        with pytest.raises(ReturnNotAllowed):
            return_request(consumer=order.consumer, order_number=order.number, reason="Again")
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    assert not Refund.objects.exists()


def test_returns_outside_the_window_or_before_delivery_are_refused_and_nothing_changes() -> None:
    order = delivered_order()
    history = order.history.count()
    with at((rules.RETURN_WINDOW_DAYS + 13) * 24), pytest.raises(ReturnNotAllowed, match="window"):
        return_request(consumer=order.consumer, order_number=order.number, reason="Late")
    shipped = paid_order()
    label_book(merchant_id=shipped.merchant_id, order_number=shipped.number, actor="t")
    with pytest.raises(ReturnNotAllowed, match="delivered"):
        return_request(consumer=shipped.consumer, order_number=shipped.number, reason="Not yet")
    with pytest.raises(ReturnNotAllowed):
        return_request(consumer=order.consumer, order_number=order.number, reason="   ")
    assert not ReturnRequest.objects.exists()
    assert order.history.count() == history
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED


def test_someone_elses_order_and_a_second_request() -> None:
    order, other = delivered_order(), delivered_order()
    with at(13 * 24):
        with pytest.raises(Exception, match="No such order"):
            return_request(consumer=other.consumer, order_number=order.number, reason="Mine?")
        return_request(consumer=order.consumer, order_number=order.number, reason="Broken")
        with pytest.raises((ReturnNotAllowed, ReturnAlreadyRequested)):
            return_request(consumer=order.consumer, order_number=order.number, reason="Broken")
    assert ReturnRequest.objects.count() == 1
