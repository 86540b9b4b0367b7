"""What merchants' webhooks receive about money: small payloads with ids to look up the rest."""

from __future__ import annotations

from typing import Any

from tradelane.core.money import Money
from tradelane.outbox.services import event_emit
from tradelane.payments.models import InStorePayment, InStoreRefund, Payout, Refund


def _amount(minor: int, currency: str) -> dict[str, str]:
    return {"amount": str(Money.from_minor(minor, currency).amount), "currency": currency}


def instore_payment_succeeded(payment: InStorePayment) -> None:
    data: dict[str, Any] = {
        "payment": payment.pk,
        "shop": payment.shop_id,
        "request_id": payment.request_id,
        "mode": payment.mode,
        **_amount(payment.amount_minor, payment.currency),
    }
    event_emit(event_type="instore_payment.succeeded", merchant_id=payment.merchant_id, data=data)


def instore_refund_created(refund: InStoreRefund, payment: InStorePayment) -> None:
    data = {
        "refund": refund.pk,
        "payment": payment.pk,
        "shop": payment.shop_id,
        **_amount(refund.amount_minor, payment.currency),
    }
    event_emit(event_type="instore_refund.created", merchant_id=payment.merchant_id, data=data)


def refund_created(refund: Refund, merchant_id: int, order_number: str) -> None:
    data = {
        "refund": refund.pk,
        "order": order_number,
        "reason": refund.reason,
        **_amount(refund.amount_minor, refund.currency),
    }
    event_emit(event_type="refund.created", merchant_id=merchant_id, data=data)


def payout_settled(payout: Payout) -> None:
    data = {
        "payout": payout.pk,
        "business_date": payout.business_date.isoformat(),
        "bank_reference": payout.bank_reference,
        "failure_code": payout.failure_code,
        **_amount(payout.amount_minor, payout.currency),
        "fee": str(Money.from_minor(payout.fee_minor, payout.currency).amount),
    }
    event_emit(event_type=f"payout.{payout.status}", merchant_id=payout.merchant_id, data=data)
