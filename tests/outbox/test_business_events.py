"""Money and order changes tell the merchant through the outbox, in the same transaction."""

from datetime import date

import pytest

from tests.payments.test_instore import setup as till_setup
from tests.payments.test_online import fund, placed
from tests.payments.test_refunds import paid
from tradelane.core.money import Money
from tradelane.outbox.models import OutboxEvent
from tradelane.payments.services.instore import payment_code_issue, till_charge_code, till_refund
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.refunds import refund_order
from tradelane.payments.services.settlement import settlement_run

pytestmark = pytest.mark.django_db


def events(merchant_id: int) -> list[tuple[str, dict]]:
    return [(e.type, e.data) for e in OutboxEvent.objects.filter(merchant_id=merchant_id)]


def test_paying_a_checkout_tells_each_merchant_its_order_is_paid() -> None:
    buyer, checkout, au, nz, *_ = placed()
    fund(buyer, "2000")
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    for merchant in (au, nz):
        order = checkout.orders.get(merchant=merchant)
        ((kind, data),) = events(merchant.pk)
        assert kind == "order.paid"
        assert data["order"] == order.number
        assert data["previous_status"] == "awaiting_payment"
        assert Money.of(data["amount"], data["currency"]).minor == order.total_minor


def test_a_failed_payment_tells_nobody() -> None:
    buyer, checkout, *_ = placed()
    fund(buyer, "100")  # not enough: the capture fails
    payment = payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    assert payment.status == "failed"
    assert not OutboxEvent.objects.exists()


def test_refunds_and_payouts_are_announced() -> None:
    _buyer, _checkout, order, _honey = paid()
    refund_order(
        order=order,
        amount=Money.of("10.00", order.currency),
        reason="customer_request",
        request_id="r1",
        actor="operator:1",
    )
    settlement_run(business_date=date(2026, 11, 21))
    kinds = [kind for kind, _ in events(order.merchant_id)]
    assert kinds == ["order.paid", "refund.created", "payout.instructed"]
    refund_data = events(order.merchant_id)[1][1]
    assert (refund_data["amount"], refund_data["order"]) == ("10.00", order.number)


def test_till_sales_and_refunds_are_announced() -> None:
    merchant, shop, visitor = till_setup()
    code, _ = payment_code_issue(consumer=visitor)
    sale = till_charge_code(shop=shop, code=code, amount=Money.of("20", "AUD"), request_id="s")
    till_refund(shop=shop, payment_id=sale.pk, amount=Money.of("5", "AUD"), request_id="r")
    assert events(merchant.pk) == [
        (
            "instore_payment.succeeded",
            {
                "payment": sale.pk,
                "shop": shop.pk,
                "request_id": "s",
                "mode": "user_presented",
                "amount": "20.00",
                "currency": "AUD",
            },
        ),
        (
            "instore_refund.created",
            {
                "refund": events(merchant.pk)[1][1]["refund"],
                "payment": sale.pk,
                "shop": shop.pk,
                "amount": "5.00",
                "currency": "AUD",
            },
        ),
    ]
