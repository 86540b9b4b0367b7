"""The buyer's identity for cross-border orders to China: given once, shown masked."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tradelane.api_auth import ConsumerAuth, OperatorAuth, current_consumer
from tradelane.core.errors import NotFound
from tradelane.core.schemas import MoneyOut, Name, errors
from tradelane.customs.identity import identity_register
from tradelane.customs.models import BuyerIdentity
from tradelane.customs.payment_record import payment_records

router = Router(auth=ConsumerAuth())
operator_router = Router(auth=OperatorAuth())


class IdentityIn(Schema):
    real_name: Name = Field(..., min_length=2, max_length=30, description="as on the identity card")
    id_number: str = Field(..., min_length=18, max_length=18, pattern=r"^[0-9]{17}[0-9Xx]$")


class IdentityOut(Schema):
    name: str = Field(..., description="masked")
    id_number: str = Field(..., description="masked")
    updated_at: datetime


def _out(identity: BuyerIdentity) -> IdentityOut:
    return IdentityOut(
        name=identity.name_masked, id_number=identity.number_masked, updated_at=identity.updated_at
    )


@router.put("/me/identity", response={200: IdentityOut, **errors(401)})
def put_identity(request: HttpRequest, payload: IdentityIn) -> IdentityOut:
    return _out(identity_register(consumer=current_consumer(request), **payload.dict()))


@router.get("/me/identity", response={200: IdentityOut, **errors(401, 404)})
def get_identity(request: HttpRequest) -> IdentityOut:
    identity = BuyerIdentity.objects.filter(consumer=current_consumer(request)).first()
    if identity is None:
        raise NotFound("No identity on file.", code="identity_not_found")
    return _out(identity)


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
