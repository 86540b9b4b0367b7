"""The answers of the money endpoints, shaped once by the service that stores them for replay
(a repeat of a request gets the first answer, byte for byte) and documented by the API.

What a till or a merchant sees: amounts, states and our own ids; never a wallet, its ledger
account or the consumer behind it.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from tradelane.core.schemas import MoneyOut
from tradelane.payments.models import InStorePayment, InStoreRefund, Refund


class InStorePaymentOut(Schema):
    id: str
    shop: str
    mode: str
    status: str
    amount: MoneyOut
    wallet_amount: MoneyOut | None
    refunded: MoneyOut
    created_at: datetime
    succeeded_at: datetime | None


def payment_out(p: InStorePayment) -> InStorePaymentOut:
    wallet_amount = None
    if p.wallet_amount_minor is not None:
        wallet_amount = MoneyOut.minor(p.wallet_amount_minor, p.wallet_currency)
    return InStorePaymentOut(
        id=p.pk,
        shop=p.shop.name,
        mode=p.mode,
        status=p.status,
        amount=MoneyOut.minor(p.amount_minor, p.currency),
        wallet_amount=wallet_amount,
        refunded=MoneyOut.minor(p.refunded_minor, p.currency),
        created_at=p.created_at,
        succeeded_at=p.succeeded_at,
    )


class QrOut(Schema):
    qr: str = Field(..., description="the content of the QR code the till shows")
    expires_at: datetime
    payment: InStorePaymentOut


class InStoreRefundOut(Schema):
    id: str
    amount: MoneyOut
    wallet_amount: MoneyOut
    created_at: datetime


def instore_refund_out(r: InStoreRefund) -> InStoreRefundOut:
    return InStoreRefundOut(
        id=r.pk,
        amount=MoneyOut.minor(r.amount_minor, r.payment.currency),
        wallet_amount=MoneyOut.minor(r.wallet_amount_minor, r.payment.wallet_currency),
        created_at=r.created_at,
    )


class RefundOut(Schema):
    id: str
    order: str
    amount: MoneyOut
    reason: str
    created_at: datetime


def refund_out(r: Refund) -> RefundOut:
    return RefundOut(
        id=r.pk,
        order=r.order.number,
        amount=MoneyOut.minor(r.amount_minor, r.currency),
        reason=r.reason,
        created_at=r.created_at,
    )
