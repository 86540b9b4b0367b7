"""The payment document of a CBEC declaration: which payment paid which order, how much in CNY,
who paid (the buyer's identity), and when. Customs matches it against the order and waybill."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from tradelane.core.money import Money
from tradelane.customs.models import BuyerIdentity
from tradelane.payments.models import OrderPayment, Payment, PaymentStatus
from tradelane.payments.services.online import PaymentNotFound

PAYEE = "Tradelane Pty Ltd"  # the platform collects for its merchants


class PaymentRecord(NamedTuple):
    payment_id: str
    order_number: str
    amount: Money
    payer_consumer_id: int
    payer_identity: BuyerIdentity | None
    payee: str
    paid_at: datetime


def payment_records(*, payment_id: str) -> list[PaymentRecord]:
    """One record per order the payment paid (customs declares orders one by one)."""
    payment = (
        Payment.objects.filter(pk=payment_id, status=PaymentStatus.SUCCEEDED)
        .select_related("consumer")
        .first()
    )
    if payment is None or payment.succeeded_at is None:
        raise PaymentNotFound("No succeeded payment with this id.")
    identity = BuyerIdentity.objects.filter(consumer_id=payment.consumer_id).first()
    parts = OrderPayment.objects.filter(payment=payment).select_related("order").order_by("pk")
    return [
        PaymentRecord(
            payment_id=payment.pk,
            order_number=part.order.number,
            amount=Money.from_minor(part.order.total_minor, part.order.currency),
            payer_consumer_id=payment.consumer_id,
            payer_identity=identity,
            payee=PAYEE,
            paid_at=payment.succeeded_at,
        )
        for part in parts
    ]
