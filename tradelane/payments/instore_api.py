"""The till (shop key) and the wallet's side of in-store payments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Router, Schema, Status

from tradelane.accounts.auth import ConsumerAuth, current_consumer
from tradelane.core.idempotency import idempotent_response, respond_idempotently
from tradelane.core.money import Money
from tradelane.core.schemas import Amount, errors
from tradelane.merchants.auth import ShopKeyAuth, current_shop
from tradelane.payments import selectors
from tradelane.payments.answers import InStorePaymentOut, InStoreRefundOut, QrOut, payment_out
from tradelane.payments.services.instore import (
    InStoreNotFound,
    payment_code_issue,
    qr_pay,
    qr_payment,
    till_charge_code_answer,
    till_create_qr_answer,
    till_refund_answer,
)

till_router = Router(auth=ShopKeyAuth())
wallet_router = Router(auth=ConsumerAuth())
TillAmount = Field(..., max_digits=10)  # core.schemas.Amount, 10 digits at the till
RequiredKey = Header(..., alias="Idempotency-Key", min_length=1, max_length=255)


class CodeChargeIn(Schema):
    code: str = Field(..., min_length=1, max_length=32)
    amount: Amount = TillAmount


class AmountIn(Schema):
    amount: Amount = TillAmount


class CodeOut(Schema):
    code: str = Field(
        ..., description="18 digits, shown as a barcode and a QR; valid about 60 s, once"
    )
    expires_at: datetime


@till_router.post("/payments", response={201: InStorePaymentOut, **errors(401, 409)})
def charge_code(
    request: HttpRequest, payload: CodeChargeIn, idempotency_key: str = RequiredKey
) -> HttpResponse:
    shop = current_shop(request)
    status, body = till_charge_code_answer(
        shop=shop,
        code=payload.code,
        amount=Money.of(payload.amount, shop.currency),
        request_id=idempotency_key,
    )
    return idempotent_response(status, body)


@till_router.post("/qr", response={201: QrOut, **errors(401, 409)})
def create_qr(
    request: HttpRequest, payload: AmountIn, idempotency_key: str = RequiredKey
) -> HttpResponse:
    shop = current_shop(request)
    status, body = till_create_qr_answer(
        shop=shop, amount=Money.of(payload.amount, shop.currency), request_id=idempotency_key
    )
    return idempotent_response(status, body)


@till_router.get("/payments/{payment_id}", response={200: InStorePaymentOut, **errors(401, 404)})
def till_payment(request: HttpRequest, payment_id: str) -> InStorePaymentOut:
    payment = selectors.shop_payment(current_shop(request).pk, payment_id)
    if payment is None:
        raise InStoreNotFound("No such payment at this shop.")
    return payment_out(payment)


@till_router.post(
    "/payments/{payment_id}/refunds", response={201: InStoreRefundOut, **errors(401, 404, 409)}
)
def refund(
    request: HttpRequest, payment_id: str, payload: AmountIn, idempotency_key: str = RequiredKey
) -> HttpResponse:
    shop = current_shop(request)
    status, body = till_refund_answer(
        shop=shop,
        payment_id=payment_id,
        amount=Money.of(payload.amount, shop.currency),
        request_id=idempotency_key,
    )
    return idempotent_response(status, body)


@wallet_router.post("/wallet/codes", response={201: CodeOut, **errors(401)})
def new_code(request: HttpRequest) -> Status[CodeOut]:
    code, issued = payment_code_issue(consumer=current_consumer(request))
    return Status(201, CodeOut(code=code, expires_at=issued.expires_at))


@wallet_router.get("/wallet/qr/{token}", response={200: InStorePaymentOut, **errors(401, 404)})
def preview_qr(request: HttpRequest, token: str) -> InStorePaymentOut:
    return payment_out(qr_payment(token))


@wallet_router.post(
    "/wallet/qr/{token}/pay", response={200: InStorePaymentOut, **errors(401, 404, 409)}
)
def pay_qr(
    request: HttpRequest,
    token: str,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255),
) -> HttpResponse:
    consumer = current_consumer(request)

    def act() -> tuple[int, Any]:
        return 200, payment_out(qr_pay(consumer=consumer, token=token))

    return respond_idempotently(
        request, scope=f"consumer:{consumer.pk}", key=idempotency_key, action=act
    )
