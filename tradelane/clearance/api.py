"""What customs is sent of a payment: the operator's view of each order's payment record."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tradelane.accounts.auth import OperatorAuth
from tradelane.clearance.selectors import payment_records
from tradelane.core.schemas import MoneyOut, errors

operator_router = Router(auth=OperatorAuth())


class PayerIdentityOut(Schema):
    reference: int = Field(
        ..., description="the identity record's id; clear values go to customs only"
    )
    name: str = Field(..., description="masked")
    id_number: str = Field(..., description="masked")


class PaymentRecordOut(Schema):
    payment_id: str
    order: str
    amount: MoneyOut
    payer_consumer: int
    payer_identity: PayerIdentityOut | None
    payee: str
    paid_at: datetime


@operator_router.get(
    "/payments/{payment_id}/customs-records",
    response={200: list[PaymentRecordOut], **errors(401, 403, 404)},
)
def customs_records(request: HttpRequest, payment_id: str) -> list[PaymentRecordOut]:
    """The payment document of each order's CBEC declaration (order + payment + waybill)."""
    return [
        PaymentRecordOut(
            payment_id=r.payment_id,
            order=r.order_number,
            amount=MoneyOut.of(r.amount),
            payer_consumer=r.payer_consumer_id,
            payer_identity=PayerIdentityOut(
                reference=r.payer_identity.pk,
                name=r.payer_identity.name_masked,
                id_number=r.payer_identity.number_masked,
            )
            if r.payer_identity
            else None,
            payee=r.payee,
            paid_at=r.paid_at,
        )
        for r in payment_records(payment_id=payment_id)
    ]
