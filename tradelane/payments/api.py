from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Query, Router, Schema, Status

from tradelane.accounts.auth import ConsumerAuth, OperatorAuth, current_consumer, current_user
from tradelane.core.errors import NotFound, ValidationFailed
from tradelane.core.idempotency import idempotent_response, respond_idempotently
from tradelane.core.money import CurrencyError, Money
from tradelane.core.schemas import Amount, Instant, MoneyOut, Offset, errors, page_limit
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant
from tradelane.orders.models import Order
from tradelane.orders.selectors import order_by_number
from tradelane.payments import selectors
from tradelane.payments.answers import RefundOut
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Payment, Payout, RefundReason, TopUp
from tradelane.payments.services.online import (
    payment_cancel,
    payment_confirm,
    payment_create,
    payment_get,
)
from tradelane.payments.services.reconciliation import reconcile
from tradelane.payments.services.refunds import refund_order_answer
from tradelane.payments.services.wallets import (
    topup_create,
    wallet_for,
    wallet_history,
    wallet_statement,
)
from tradelane.payments.statements import account_statement

router = Router(auth=ConsumerAuth())
operator_router = Router(auth=OperatorAuth())
merchant_router = Router(auth=MerchantKeyAuth())


class WalletOut(Schema):
    currency: str
    balance: MoneyOut
    available: MoneyOut


class TopUpIn(Schema):
    amount: Amount
    currency: str = Field(..., pattern="^[A-Z]{3}$")
    funding_source: str = Field(..., max_length=40)


class TopUpOut(Schema):
    id: str
    status: str
    amount: MoneyOut
    funding_source: str
    failure_code: str
    failure_message: str
    created_at: datetime
    completed_at: datetime | None

    @staticmethod
    def resolve_amount(obj: TopUp) -> MoneyOut:
        return MoneyOut.minor(obj.amount_minor, obj.currency)


class EntryOut(Schema):
    transfer_id: str
    at: datetime
    amount: MoneyOut
    code: str
    reference: str


class StatementOut(Schema):
    currency: str
    start: datetime
    end: datetime
    opening: MoneyOut
    closing: MoneyOut
    entries: list[EntryOut]


class PaymentIn(Schema):
    checkout_id: int = Field(..., ge=1, le=2**63 - 1)


class PaymentOut(Schema):
    id: str
    checkout_id: int
    status: str
    amount: MoneyOut
    refunded: MoneyOut
    failure_code: str
    created_at: datetime
    succeeded_at: datetime | None

    @staticmethod
    def resolve_amount(obj: Payment) -> MoneyOut:
        return MoneyOut.minor(obj.amount_minor, obj.currency)

    @staticmethod
    def resolve_refunded(obj: Payment) -> MoneyOut:
        return MoneyOut.minor(obj.refunded_minor, obj.currency)


class InvariantOut(Schema):
    ok: bool
    accounts: int
    transfers: int
    currencies: dict[str, dict[str, int]]
    unbalanced_currencies: list[str]
    mismatched_accounts: list[dict[str, Any]]


def _entry(e: Any) -> EntryOut:
    return EntryOut(
        transfer_id=e.transfer_id,
        at=e.at,
        amount=MoneyOut.of(e.amount),
        code=e.code,
        reference=e.reference,
    )


@router.get("/wallet", response={200: WalletOut, **errors(401)})
def wallet(request: HttpRequest, currency: str = "") -> WalletOut:
    w = wallet_for(current_consumer(request), currency or None)
    return WalletOut(
        currency=w.currency,
        balance=MoneyOut.minor(w.account.credit_balance, w.currency),
        available=MoneyOut.minor(w.account.available_balance, w.currency),
    )


@router.post("/wallet/topups", response={201: TopUpOut, **errors(401, 409)})
def create_topup(
    request: HttpRequest,
    payload: TopUpIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=255),
) -> Status[TopUp]:
    try:
        amount = Money.of(payload.amount, payload.currency)
    except CurrencyError as exc:
        raise ValidationFailed(str(exc), fields={"currency": [str(exc)]}) from exc
    topup = topup_create(
        consumer=current_consumer(request),
        amount=amount,
        funding_source=payload.funding_source,
        request_id=idempotency_key,
    )
    return Status(201, topup)


@router.get("/wallet/topups/{topup_id}", response={200: TopUpOut, **errors(401, 404)})
def get_topup(request: HttpRequest, topup_id: str) -> TopUp:
    topup = selectors.consumer_topup(current_consumer(request).pk, topup_id)
    if topup is None:
        raise NotFound("No such top-up.", code="topup_not_found")
    return topup


@router.get("/wallet/history", response={200: list[EntryOut], **errors(401)})
def history(
    request: HttpRequest, limit: int = page_limit(50, 200), offset: Offset = 0
) -> list[EntryOut]:
    return [
        _entry(e)
        for e in wallet_history(wallet_for(current_consumer(request)), limit=limit, offset=offset)
    ]


@router.get("/wallet/statement", response={200: StatementOut, **errors(401)})
def statement(request: HttpRequest, start: Instant, end: Instant) -> StatementOut:
    s = wallet_statement(wallet_for(current_consumer(request)), start=start, end=end)
    return StatementOut(
        currency=s.account.currency,
        start=s.start,
        end=s.end,
        opening=MoneyOut.of(s.opening),
        closing=MoneyOut.of(s.closing),
        entries=[_entry(e) for e in s.entries],
    )


# CSV has no JSON schema to check against; the same statement, documented in docs/api.md.
def _csv(s: Any, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["at", "transfer", "code", "reference", "amount", "currency"])
    out.writerow(
        [s.start.isoformat(), "", "opening_balance", "", s.opening.amount, s.opening.currency]
    )
    for e in s.entries:
        out.writerow(
            [
                e.at.isoformat(),
                e.transfer_id,
                e.code,
                e.reference,
                e.amount.amount,
                e.amount.currency,
            ]
        )
    out.writerow(
        [s.end.isoformat(), "", "closing_balance", "", s.closing.amount, s.closing.currency]
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# CSV has no JSON schema to check against; the same statement, documented in docs/api.md.
@router.get("/wallet/statement.csv", include_in_schema=False)
def statement_csv(request: HttpRequest, start: Instant, end: Instant) -> HttpResponse:
    s = wallet_statement(wallet_for(current_consumer(request)), start=start, end=end)
    return _csv(s, "wallet-statement.csv")


@router.post("/payments", response={201: PaymentOut, **errors(401, 404, 409)})
def create_payment(
    request: HttpRequest,
    payload: PaymentIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255),
) -> HttpResponse:
    consumer = current_consumer(request)

    def act() -> tuple[int, Any]:
        return 201, PaymentOut.from_orm(
            payment_create(consumer=consumer, checkout_id=payload.checkout_id)
        )

    return respond_idempotently(
        request, scope=f"consumer:{consumer.pk}", key=idempotency_key, action=act
    )


@router.post("/payments/{payment_id}/confirm", response={200: PaymentOut, **errors(401, 404, 409)})
def confirm_payment(
    request: HttpRequest,
    payment_id: str,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=255),
) -> HttpResponse:
    consumer = current_consumer(request)

    def act() -> tuple[int, Any]:
        return 200, PaymentOut.from_orm(payment_confirm(consumer=consumer, payment_id=payment_id))

    return respond_idempotently(
        request, scope=f"consumer:{consumer.pk}", key=idempotency_key, action=act
    )


@router.post("/payments/{payment_id}/cancel", response={200: PaymentOut, **errors(401, 404, 409)})
def cancel_payment(request: HttpRequest, payment_id: str) -> Payment:
    return payment_cancel(consumer=current_consumer(request), payment_id=payment_id)


@router.get("/payments/{payment_id}", response={200: PaymentOut, **errors(401, 404)})
def get_payment(request: HttpRequest, payment_id: str) -> Payment:
    return payment_get(consumer=current_consumer(request), payment_id=payment_id)


@operator_router.get(
    "/ledger/invariant", response={200: InvariantOut, 503: InvariantOut, **errors(401)}
)
def invariant(request: HttpRequest) -> Status[InvariantOut]:
    report = ledger_invariant()
    body = InvariantOut(
        ok=report.ok,
        accounts=report.accounts,
        transfers=report.transfers,
        currencies=report.currencies,
        unbalanced_currencies=report.unbalanced_currencies,
        mismatched_accounts=report.mismatched_accounts,
    )
    return Status(200 if report.ok else 503, body)


class RefundIn(Schema):
    amount: Amount | None = Field(None, description="omit for everything not yet refunded")
    reason: RefundReason


def _refund(order: Order | None, payload: RefundIn, request_id: str, actor: str) -> HttpResponse:
    """The refund's stored answer: a repeat of the request gets the first one, byte for byte.
    The key space is the actor's, so a merchant's and an operator's keys never meet."""
    if order is None:
        raise NotFound("No such order.", code="order_not_found")
    amount = Money.of(payload.amount, order.currency) if payload.amount is not None else None
    status, body = refund_order_answer(
        order=order, amount=amount, reason=payload.reason, request_id=request_id, actor=actor
    )
    return idempotent_response(status, body)


@merchant_router.post(
    "/orders/{number}/refunds", response={201: RefundOut, **errors(401, 404, 409)}
)
def merchant_refund(
    request: HttpRequest,
    number: str,
    payload: RefundIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=255),
) -> HttpResponse:
    merchant = current_merchant(request)
    order = order_by_number(number, merchant_id=merchant.pk)
    return _refund(order, payload, idempotency_key, f"merchant:{merchant.pk}")


@operator_router.post(
    "/orders/{number}/refunds", response={201: RefundOut, **errors(401, 404, 409)}
)
def operator_refund(
    request: HttpRequest,
    number: str,
    payload: RefundIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=255),
) -> HttpResponse:
    order = order_by_number(number)
    return _refund(order, payload, idempotency_key, f"operator:{current_user(request).pk}")


class PayoutOut(Schema):
    id: str
    currency: str
    business_date: str
    gross: MoneyOut
    fee: MoneyOut
    amount: MoneyOut
    status: str
    bank_reference: str
    failure_code: str


def _payout_out(p: Payout) -> PayoutOut:
    return PayoutOut(
        id=p.pk,
        currency=p.currency,
        business_date=p.business_date.isoformat(),
        gross=MoneyOut.minor(p.gross_minor, p.currency),
        fee=MoneyOut.minor(p.fee_minor, p.currency),
        amount=MoneyOut.minor(p.amount_minor, p.currency),
        status=p.status,
        bank_reference=p.bank_reference,
        failure_code=p.failure_code,
    )


def _merchant_statement(request: HttpRequest, currency: str, start: Instant, end: Instant) -> Any:
    """A read: it finds the merchant's payable, and never opens one."""
    merchant = current_merchant(request)
    code = f"merchant_payable:{merchant.pk}:{currency or merchant.settlement_currency}"
    account = selectors.ledger_account_by_code(code)
    if account is None:
        raise NotFound(
            "No money has moved for this merchant in that currency.", code="payable_not_found"
        )
    return account_statement(account, start=start, end=end)


@merchant_router.get("/statements", response={200: StatementOut, **errors(401, 404)})
def merchant_statement(
    request: HttpRequest,
    start: Instant,
    end: Instant,
    currency: str = Query("", pattern="^([A-Z]{3})?$"),
) -> StatementOut:
    s = _merchant_statement(request, currency, start, end)
    return StatementOut(
        currency=s.account.currency,
        start=s.start,
        end=s.end,
        opening=MoneyOut.of(s.opening),
        closing=MoneyOut.of(s.closing),
        entries=[_entry(e) for e in s.entries],
    )


@merchant_router.get("/statements.csv", include_in_schema=False)
def merchant_statement_csv(
    request: HttpRequest, start: Instant, end: Instant, currency: str = ""
) -> HttpResponse:
    return _csv(_merchant_statement(request, currency, start, end), "merchant-statement.csv")


@merchant_router.get("/payouts", response={200: list[PayoutOut], **errors(401)})
def merchant_payouts(
    request: HttpRequest, limit: int = page_limit(50, 200), offset: Offset = 0
) -> list[PayoutOut]:
    payouts = selectors.merchant_payouts_page(
        current_merchant(request).pk, offset=offset, limit=limit
    )
    return [_payout_out(p) for p in payouts]


class ReconciliationOut(Schema):
    ok: bool
    checked: dict[str, int]
    mismatches: list[dict[str, Any]]


@operator_router.get(
    "/reconciliation", response={200: ReconciliationOut, 503: ReconciliationOut, **errors(401)}
)
def reconciliation(request: HttpRequest) -> Status[ReconciliationOut]:
    report = reconcile()
    body = ReconciliationOut(
        ok=report.ok, checked=dict(report.checked), mismatches=report.mismatches
    )
    return Status(200 if report.ok else 503, body)
