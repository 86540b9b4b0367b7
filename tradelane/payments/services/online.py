"""Paying a checkout from the wallet: create, confirm (capture), cancel, inquire."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.errors import ApplicationError, Conflict, NotFound, RuleViolation
from tradelane.core.money import minor_units
from tradelane.inventory.services import reservations_commit_many
from tradelane.markets.models import FxQuote
from tradelane.markets.services import fx_quote_lock
from tradelane.merchants.errors import MerchantNotActive
from tradelane.merchants.models import MerchantStatus
from tradelane.orders.models import Checkout, CheckoutStatus, Order, OrderStatus
from tradelane.orders.services.checkout import checkout_mark_paid
from tradelane.orders.services.status import orders_set_status
from tradelane.payments import payment_rules
from tradelane.payments.models import (
    AccountKind,
    LedgerAccount,
    OrderPayment,
    Payment,
    PaymentStatus,
    PaymentStatusChange,
)
from tradelane.payments.services.accounts import merchant_payable, payer_account_id, system_account
from tradelane.payments.services.ledger import TransferSpec, journal_post
from tradelane.payments.services.wallets import wallet_for

LIVE = (PaymentStatus.REQUIRES_CONFIRMATION, PaymentStatus.PROCESSING, PaymentStatus.SUCCEEDED)


class PaymentNotFound(NotFound):
    default_code = "payment_not_found"


class CheckoutNotPayable(RuleViolation):
    default_code = "checkout_not_payable"


class IllegalPaymentTransition(Conflict):
    default_code = "illegal_payment_transition"


def payment_get(*, consumer: Consumer, payment_id: str) -> Payment:
    payment = (
        Payment.objects.select_related("wallet").filter(pk=payment_id, consumer=consumer).first()
    )
    if payment is None:
        raise PaymentNotFound(_("No such payment."))
    return payment


def payment_set_status(
    *, payment: Payment, to_status: str, actor: str, reason: str = "", failure_code: str = ""
) -> Payment:
    """The one way a payment's status changes: a conditional UPDATE from the status it had."""
    if not payment_rules.can_transition(payment.status, to_status):
        raise IllegalPaymentTransition(
            _("A payment that is %(from)s cannot become %(to)s.")
            % {"from": payment.status, "to": to_status}
        )
    now = clock.now()
    changes = {"status": to_status, "updated_at": now, "failure_code": failure_code}
    if to_status == PaymentStatus.SUCCEEDED:
        changes["succeeded_at"] = now
    if not Payment.objects.filter(pk=payment.pk, status=payment.status).update(**changes):
        raise IllegalPaymentTransition(_("The payment changed meanwhile; ask for its status."))
    PaymentStatusChange.objects.create(
        payment=payment,
        from_status=payment.status,
        to_status=to_status,
        actor=actor,
        reason=reason,
        at=now,
    )
    for name, value in changes.items():  # the conditional UPDATE wrote exactly these
        setattr(payment, name, value)
    return payment


def _payable_checkout(consumer: Consumer, checkout_id: int) -> Checkout:
    checkout = Checkout.objects.filter(pk=checkout_id, consumer=consumer).first()
    if checkout is None:
        raise NotFound(_("No such checkout."), code="checkout_not_found")
    if checkout.status != CheckoutStatus.AWAITING_PAYMENT or checkout.expires_at <= clock.now():
        raise CheckoutNotPayable(
            _("This checkout can no longer be paid; place the order again."),
            extra={"status": checkout.status},
        )
    return checkout


def _merchants_active(checkout_id: int) -> None:
    """Only active merchants take money: every order's merchant must be active now, read in the
    transaction that creates or captures the payment (422 `merchant_not_active`, nothing moved)."""
    status = (
        Order.objects.filter(checkout_id=checkout_id)
        .exclude(merchant__status=MerchantStatus.ACTIVE)
        .values_list("merchant__status", flat=True)
        .first()
    )
    if status is not None:
        raise MerchantNotActive(
            _("A seller in this checkout cannot take payments at the moment; nothing was paid."),
            extra={"status": status},
        )


def payment_create(*, consumer: Consumer, checkout_id: int) -> Payment:
    """The checkout's payment; asking again returns the live one."""
    checkout = _payable_checkout(consumer, checkout_id)
    _merchants_active(checkout.pk)
    live = Payment.objects.filter(checkout=checkout, status__in=LIVE).first()
    if live is not None:
        return live
    wallet = wallet_for(consumer, checkout.currency)
    now = clock.now()
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                id="pay_" + secrets.token_hex(10),
                checkout=checkout,
                consumer=consumer,
                wallet=wallet,
                amount_minor=checkout.total_minor,
                currency=checkout.currency,
                created_at=now,
                updated_at=now,
            )
            PaymentStatusChange.objects.create(
                payment=payment,
                to_status=payment.status,
                actor=f"consumer:{consumer.pk}",
                reason="created",
                at=now,
            )
    except IntegrityError:  # a concurrent create won; the partial unique index says so
        return Payment.objects.get(checkout=checkout, status__in=LIVE)
    return payment


def _fx_for(order: Order) -> FxQuote:
    """The rate is locked when the payment succeeds: the order's quote if it still holds."""
    if order.fx_quote.expires_at > clock.now():
        return order.fx_quote
    return fx_quote_lock(base=order.currency, quote=order.settlement_currency)


class _Accounts:
    """The ledger accounts a capture posts to, read in one query by code (each was a
    get-or-create round trip before); an account missing yet is opened as before."""

    def __init__(self, orders: list[Order], pay_currency: str) -> None:
        settle = {o.settlement_currency for o in orders}
        codes = [f"{kind}:{pay_currency}" for kind in _PAY_SIDE] + [
            f"{kind}:{currency}" for kind in _SETTLE_SIDE for currency in settle
        ]
        codes += [f"merchant_payable:{o.merchant_id}:{o.settlement_currency}" for o in orders]
        self.ids = dict(LedgerAccount.objects.filter(code__in=codes).values_list("code", "pk"))

    def system(self, kind: str, currency: str) -> int:
        code = f"{kind}:{currency}"
        if code not in self.ids:
            self.ids[code] = system_account(kind, currency).pk
        return self.ids[code]

    def payable(self, merchant_id: int, currency: str) -> int:
        code = f"merchant_payable:{merchant_id}:{currency}"
        if code not in self.ids:
            self.ids[code] = merchant_payable(merchant_id, currency).pk
        return self.ids[code]


_PAY_SIDE = (AccountKind.TAX_PAYABLE, AccountKind.LOGISTICS_PAYABLE, AccountKind.LIQUIDITY)
_SETTLE_SIDE = (AccountKind.LIQUIDITY, AccountKind.FX_REVENUE, AccountKind.COMMISSION_REVENUE)


def _order_legs(
    payment: Payment, order: Order, accounts: _Accounts, payer: int
) -> tuple[list[TransferSpec], OrderPayment]:
    pay, settle = order.currency, order.settlement_currency
    fx = _fx_for(order) if pay != settle else None
    amounts = payment_rules.capture_amounts(
        goods=order.goods_minor,
        shipping=order.shipping_minor,
        tax=order.tax_minor,
        mid_rate=fx.mid_rate if fx else Decimal(1),
        customer_rate=fx.rate if fx else Decimal(1),
        minor_factor=Decimal(10) ** (minor_units(settle) - minor_units(pay)),
        commission_bps=settings.TRADELANE["COMMISSION_BPS"],
    )
    wallet, payable = payer, accounts.payable(order.merchant_id, settle)
    tid = f"{payment.pk}:{order.number}"
    legs = [
        TransferSpec(
            f"{tid}:tax",
            wallet,
            accounts.system(AccountKind.TAX_PAYABLE, pay),
            amounts.tax,
            "import_tax",
        ),
        TransferSpec(
            f"{tid}:ship",
            wallet,
            accounts.system(AccountKind.LOGISTICS_PAYABLE, pay),
            amounts.shipping,
            "shipping",
        ),
    ]
    if fx is None:
        legs.append(TransferSpec(f"{tid}:goods", wallet, payable, amounts.goods, "goods"))
    else:
        liquidity = accounts.system(AccountKind.LIQUIDITY, settle)
        legs += [
            TransferSpec(
                f"{tid}:goods",
                wallet,
                accounts.system(AccountKind.LIQUIDITY, pay),
                amounts.goods,
                "goods",
            ),
            TransferSpec(f"{tid}:fx", liquidity, payable, amounts.goods_to_merchant, "fx_goods"),
            TransferSpec(
                f"{tid}:spread",
                liquidity,
                accounts.system(AccountKind.FX_REVENUE, settle),
                amounts.fx_spread,
                "fx_spread",
            ),
        ]
    legs.append(
        TransferSpec(
            f"{tid}:fee",
            payable,
            accounts.system(AccountKind.COMMISSION_REVENUE, settle),
            amounts.commission,
            "commission",
        )
    )
    part = OrderPayment(
        payment=payment,
        order=order,
        merchant_id=order.merchant_id,
        fx_quote=fx or order.fx_quote,
        settlement_currency=settle,
        goods_settlement_minor=amounts.goods_to_merchant,
        commission_minor=amounts.commission,
        fx_spread_minor=amounts.fx_spread,
    )
    return [leg for leg in legs if leg.amount], part


def _capture(payment: Payment, actor: str, lead_legs: tuple[TransferSpec, ...] = ()) -> None:
    """Book the checkout's payment and mark it paid. `lead_legs` come first in the journal: a
    card capture brings the money into card clearing there, which the order legs then debit."""
    orders = list(
        Order.objects.filter(checkout_id=payment.checkout_id)
        .select_related("fx_quote")
        .order_by("pk")
    )
    legs, parts = list(lead_legs), []
    accounts = _Accounts(orders, payment.currency)
    payer = payer_account_id(payment)
    for order in orders:
        order_legs, part = _order_legs(payment, order, accounts, payer)
        legs += order_legs
        parts.append(part)
    journal = journal_post(
        journal_id=f"capture:{payment.pk}", kind="capture", reference=payment.pk, transfers=legs
    )
    for part in parts:
        part.journal = journal
    OrderPayment.objects.bulk_create(parts)
    orders_set_status(
        order_ids=[order.pk for order in orders],
        to_status=OrderStatus.PAID,
        actor=actor,
        reason=f"payment {payment.pk}",
    )
    reservations_commit_many(references=[order.number for order in orders])
    checkout_mark_paid(payment.checkout_id)


def payment_confirm(*, consumer: Consumer, payment_id: str) -> Payment:
    """Capture the whole checkout from the wallet, or fail having moved nothing."""
    payment = payment_get(consumer=consumer, payment_id=payment_id)
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.FAILED):
        return payment  # a repeat answers with the outcome
    actor = f"consumer:{consumer.pk}"
    with transaction.atomic():
        _merchants_active(payment.checkout_id)  # a refusal, not a failed payment: retry later
        payment = payment_set_status(
            payment=payment, to_status=PaymentStatus.PROCESSING, actor=actor
        )
        try:
            with transaction.atomic():
                _payable_checkout(consumer, payment.checkout_id)
                _capture(payment, actor)
        except ApplicationError as refused:
            return payment_set_status(
                payment=payment,
                to_status=PaymentStatus.FAILED,
                actor=actor,
                reason=str(refused)[:200],
                failure_code=refused.code,
            )
        return payment_set_status(payment=payment, to_status=PaymentStatus.SUCCEEDED, actor=actor)


def payment_cancel(*, consumer: Consumer, payment_id: str) -> Payment:
    payment = payment_get(consumer=consumer, payment_id=payment_id)
    if payment.status == PaymentStatus.CANCELED:
        return payment
    return payment_set_status(
        payment=payment, to_status=PaymentStatus.CANCELED, actor=f"consumer:{consumer.pk}"
    )
