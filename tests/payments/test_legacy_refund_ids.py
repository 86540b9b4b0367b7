"""Refunds made before idempotency records existed had ids derived from the request id
(`re_`/`isr_` + sha256 of the order or payment and the request id): a retry of such a request
after the deploy must find that refund, not pay a second time."""

from __future__ import annotations

import hashlib

import pytest

from tests.payments.test_instore import setup
from tests.payments.test_refunds import paid
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import InStorePayment, InStoreRefund, Journal, OrderPayment, Refund
from tradelane.payments.services.instore import payment_code_issue, till_charge_code, till_refund
from tradelane.payments.services.refunds import refund_order

pytestmark = pytest.mark.django_db


def _legacy(prefix: str, pk: object, request_id: str) -> str:
    return prefix + hashlib.sha256(f"{pk}:{request_id}".encode()).hexdigest()[:24]


def test_a_retried_order_refund_made_under_the_old_id_is_answered_not_paid_again() -> None:
    _buyer, _checkout, order, _honey = paid()
    # a refund made before the deploy: its id is the old formula's, no idempotency record
    made = refund_order(
        order=order,
        amount=Money.from_minor(1000, order.currency),
        reason="customer_request",
        request_id="made-before",
        actor="operator:1",
    )
    legacy_id = _legacy("re_", order.pk, "old-key")
    Refund.objects.filter(pk=made.pk).update(id=legacy_id)
    journals, refunded = Journal.objects.count(), OrderPayment.objects.get(order=order)

    again = refund_order(
        order=order,
        amount=Money.from_minor(1000, order.currency),
        reason="customer_request",
        request_id="old-key",
        actor="operator:1",
    )
    assert again.pk == legacy_id
    assert Refund.objects.count() == 1
    assert Journal.objects.count() == journals
    assert OrderPayment.objects.get(order=order).refunded_minor == refunded.refunded_minor

    for amount, reason in ((2000, "customer_request"), (1000, "before_shipping")):
        with pytest.raises(ApplicationError) as reused:
            refund_order(
                order=order,
                amount=Money.from_minor(amount, order.currency),
                reason=reason,
                request_id="old-key",
                actor="operator:2",
            )
        assert (reused.value.code, reused.value.http_status) == ("idempotency_key_reused", 409)
    assert Refund.objects.count() == 1
    assert Journal.objects.count() == journals
    assert OrderPayment.objects.get(order=order).refunded_minor == refunded.refunded_minor
    assert ledger_invariant().ok


def test_a_retried_till_refund_made_under_the_old_id_is_answered_not_paid_again() -> None:
    _merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    sale = till_charge_code(shop=shop, code=code, amount=Money.of("20", "AUD"), request_id="s")
    made = till_refund(
        shop=shop, payment_id=sale.pk, amount=Money.of("5", "AUD"), request_id="made-before"
    )
    legacy_id = _legacy("isr_", sale.pk, "old-back")
    InStoreRefund.objects.filter(pk=made.pk).update(id=legacy_id)
    journals = Journal.objects.count()

    again = till_refund(
        shop=shop, payment_id=sale.pk, amount=Money.of("5", "AUD"), request_id="old-back"
    )
    assert again.pk == legacy_id
    with pytest.raises(ApplicationError) as reused:
        till_refund(
            shop=shop, payment_id=sale.pk, amount=Money.of("6", "AUD"), request_id="old-back"
        )
    assert (reused.value.code, reused.value.http_status) == ("idempotency_key_reused", 409)
    assert InStoreRefund.objects.count() == 1
    assert Journal.objects.count() == journals
    assert InStorePayment.objects.get(pk=sale.pk).refunded_minor == 500
    assert ledger_invariant().ok
