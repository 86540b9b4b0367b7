import pytest

from tests.payments.test_refunds import paid
from tradelane.orders import rules
from tradelane.orders.errors import IllegalOrderTransition
from tradelane.orders.models import Order
from tradelane.orders.services import order_set_status
from tradelane.orders.services.status import orders_set_status
from tradelane.outbox.models import OutboxEvent


def test_money_bearing_orders_end_only_as_refunded() -> None:
    for status in ("paid", "in_fulfilment", "shipped", "delivered", "completed"):
        assert not rules.can_transition(status, "canceled")
        assert rules.can_transition(status, "refunded")
    assert rules.can_transition("awaiting_payment", "canceled")


@pytest.mark.django_db
def test_canceling_a_paid_order_is_refused_and_changes_nothing() -> None:
    _buyer, _checkout, order, _honey = paid()
    with pytest.raises(IllegalOrderTransition):
        order_set_status(order_id=order.pk, to_status="canceled", actor="operator:1")
    assert Order.objects.get(pk=order.pk).status == "paid"
    assert order.history.count() == 2  # placed, paid


@pytest.mark.django_db
def test_an_empty_batch_changes_nothing() -> None:
    """A job's batch can come back empty when another worker took every order first."""
    events = OutboxEvent.objects.count()
    assert orders_set_status(order_ids=[], to_status="in_fulfilment", actor="system:test") == []
    assert OutboxEvent.objects.count() == events
