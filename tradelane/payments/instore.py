"""Wallet payments at a shop's till, user-presented (the wallet's one-time code) or
shop-presented (the till's QR); refunds at the till at the refund day's rate."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.errors import Conflict, NotFound, RuleViolation, ValidationFailed
from tradelane.core.idempotency import earlier_result
from tradelane.core.money import Money, minor_units
from tradelane.core.secrets import digest
from tradelane.markets.models import FxQuote
from tradelane.markets.services import fx_quote_lock
from tradelane.merchants.models import Shop
from tradelane.payments import events
from tradelane.payments.accounts import merchant_payable, system_account
from tradelane.payments.ledger import TransferSpec, journal_post
from tradelane.payments.models import (
    AccountKind,
    InStoreMode,
    InStorePayment,
    InStoreRefund,
    InStoreStatus,
    PaymentCode,
    Wallet,
)
from tradelane.payments.wallets import wallet_for

CODE_PREFIX = "28"  # the major wallets' codes start 25 to 30
CODE_LENGTH = 18
CODE_TTL = timedelta(seconds=60)
QR_TTL = timedelta(minutes=5)
MAX_TILL_AMOUNT = Decimal("20000")


class CodeInvalid(RuleViolation):
    default_code = "payment_code_invalid"


class InStoreNotFound(NotFound):
    default_code = "instore_payment_not_found"


def payment_code_issue(*, consumer: Consumer) -> tuple[str, PaymentCode]:
    """A fresh one-time code for the consumer's wallet; shown once, valid about a minute."""
    wallet = wallet_for(consumer)
    code = CODE_PREFIX + "".join(
        secrets.choice("0123456789") for _ in range(CODE_LENGTH - len(CODE_PREFIX))
    )
    now = clock.now()
    return code, PaymentCode.objects.create(
        digest=digest(code), wallet=wallet, created_at=now, expires_at=now + CODE_TTL
    )


def _claim_code(code: str) -> Wallet:
    if len(code) != CODE_LENGTH or not code.isdigit():
        raise CodeInvalid(_("That is not a wallet payment code."))
    now = clock.now()
    found = (
        PaymentCode.objects.select_related("wallet__account").filter(digest=digest(code)).first()
    )
    claimed = PaymentCode.objects.filter(
        digest=digest(code), used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if found is None or not claimed:
        raise CodeInvalid(
            _("This payment code has expired or was already used; ask for a new one.")
        )
    return found.wallet


def _check_amount(shop: Shop, amount: Money) -> None:
    if amount.currency != shop.currency or not Decimal(0) < amount.amount <= MAX_TILL_AMOUNT:
        raise ValidationFailed(
            _("Enter an amount in %(c)s between 0 and %(max)s.")
            % {"c": shop.currency, "max": MAX_TILL_AMOUNT},
            fields={"amount": []},
        )


def _wallet_amount(amount: Money, wallet_currency: str) -> tuple[int, FxQuote | None]:
    """What the wallet pays for `amount` in the shop's currency, at a locked customer rate."""
    if wallet_currency == amount.currency:
        return amount.minor, None
    quote = fx_quote_lock(base=wallet_currency, quote=amount.currency)
    factor = Decimal(10) ** (minor_units(wallet_currency) - minor_units(amount.currency))
    wallet_minor = (Decimal(amount.minor) * factor / quote.rate).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(wallet_minor), quote


def _legs(
    payment: InStorePayment, wallet: Wallet, wallet_minor: int, quote: FxQuote | None
) -> list[TransferSpec]:
    shop_ccy, tid = payment.currency, payment.pk
    payable = merchant_payable(payment.merchant_id, shop_ccy).pk
    fee = system_account(AccountKind.COMMISSION_REVENUE, shop_ccy).pk
    legs = [TransferSpec(f"{tid}:fee", payable, fee, payment.commission_minor, "instore_fee")]
    if quote is None:
        return [
            TransferSpec(f"{tid}:pay", wallet.account_id, payable, wallet_minor, "instore"),
            *legs,
        ]
    factor = Decimal(10) ** (minor_units(shop_ccy) - minor_units(wallet.currency))
    at_mid = int(
        (Decimal(wallet_minor) * quote.mid_rate * factor).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )
    liquidity = system_account(AccountKind.LIQUIDITY, shop_ccy).pk
    return [
        TransferSpec(
            f"{tid}:pay",
            wallet.account_id,
            system_account(AccountKind.LIQUIDITY, wallet.currency).pk,
            wallet_minor,
            "instore",
        ),
        TransferSpec(f"{tid}:fx", liquidity, payable, payment.amount_minor, "instore_fx"),
        TransferSpec(
            f"{tid}:spread",
            liquidity,
            system_account(AccountKind.FX_REVENUE, shop_ccy).pk,
            max(0, at_mid - payment.amount_minor),
            "fx_spread",
        ),
        *legs,
    ]


def _charge(payment: InStorePayment, wallet: Wallet) -> InStorePayment:
    """Take the payment from the wallet: one linked journal, or an error and nothing moved."""
    wallet_minor, quote = _wallet_amount(
        Money.from_minor(payment.amount_minor, payment.currency), wallet.currency
    )
    payment.commission_minor = int(
        (Decimal(payment.amount_minor) * settings.TRADELANE["INSTORE_FEE_BPS"] / 10_000).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )
    journal = journal_post(
        journal_id=f"instore:{payment.pk}",
        kind="instore",
        reference=payment.pk,
        transfers=[leg for leg in _legs(payment, wallet, wallet_minor, quote) if leg.amount],
    )
    payment.wallet, payment.consumer_id, payment.wallet_amount_minor = (
        wallet,
        wallet.consumer_id,
        wallet_minor,
    )
    payment.wallet_currency, payment.fx_quote, payment.journal = wallet.currency, quote, journal
    payment.status, payment.succeeded_at = InStoreStatus.SUCCEEDED, clock.now()
    payment.save()
    events.instore_payment_succeeded(payment)
    return payment


def _existing(shop: Shop, request_id: str, amount: Money) -> InStorePayment | None:
    return earlier_result(
        InStorePayment.objects.filter(shop=shop, request_id=request_id).first(),
        same_request=lambda p: p.amount_minor == amount.minor,
    )


def till_charge_code(*, shop: Shop, code: str, amount: Money, request_id: str) -> InStorePayment:
    """User-presented: the till scanned the wallet's code. Idempotent by the till's request id."""
    _check_amount(shop, amount)
    existing = _existing(shop, request_id, amount)
    if existing:
        return existing
    now = clock.now()
    try:
        with transaction.atomic():
            wallet = _claim_code(code)
            payment = InStorePayment(
                id="isp_" + secrets.token_hex(10),
                shop=shop,
                merchant_id=shop.merchant_id,
                mode=InStoreMode.USER_PRESENTED,
                request_id=request_id,
                amount_minor=amount.minor,
                currency=amount.currency,
                created_at=now,
                expires_at=now,
            )
            return _charge(payment, wallet)
    except IntegrityError:  # the same request arrived twice at once: the first one answers
        found = _existing(shop, request_id, amount)
        if found is None:
            raise
        return found


def till_create_qr(*, shop: Shop, amount: Money, request_id: str) -> tuple[str, InStorePayment]:
    """Shop-presented: the till shows a QR for the amount; the customer scans it and confirms."""
    _check_amount(shop, amount)
    existing = _existing(shop, request_id, amount)
    if existing:
        raise Conflict(
            _("A QR was already made for this request; show that one."),
            code="qr_already_created",
            extra={"payment_id": existing.pk},
        )
    token, now = secrets.token_urlsafe(18), clock.now()
    payment = InStorePayment.objects.create(
        id="isp_" + secrets.token_hex(10),
        shop=shop,
        merchant_id=shop.merchant_id,
        mode=InStoreMode.SHOP_PRESENTED,
        request_id=request_id,
        amount_minor=amount.minor,
        currency=amount.currency,
        qr_digest=hashlib.sha256(token.encode()).hexdigest(),
        status=InStoreStatus.AWAITING_CUSTOMER,
        created_at=now,
        expires_at=now + QR_TTL,
    )
    return f"tradelane://pay/{token}", payment


def qr_payment(token: str) -> InStorePayment:
    payment = (
        InStorePayment.objects.select_related("shop")
        .filter(qr_digest=hashlib.sha256(token.encode()).hexdigest())
        .first()
    )
    if payment is None:
        raise InStoreNotFound(_("This QR code is not a Tradelane payment."))
    return payment


def qr_pay(*, consumer: Consumer, token: str) -> InStorePayment:
    """The customer confirms the QR's amount; the wallet pays once, before the QR expires."""
    payment = qr_payment(token)
    if payment.status == InStoreStatus.SUCCEEDED and payment.consumer_id == consumer.pk:
        return payment
    with transaction.atomic():
        claimed = InStorePayment.objects.filter(
            pk=payment.pk, status=InStoreStatus.AWAITING_CUSTOMER, expires_at__gt=clock.now()
        ).update(status=InStoreStatus.SUCCEEDED)
        if not claimed:
            raise CodeInvalid(
                _("This QR has expired or was already paid; ask the shop for a new one.")
            )
        payment.refresh_from_db()
        return _charge(payment, wallet_for(consumer))


def till_refund(*, shop: Shop, payment_id: str, amount: Money, request_id: str) -> InStoreRefund:
    """Give back part or all of a till payment, at the refund day's rate, never more than paid."""
    payment = (
        InStorePayment.objects.select_related("wallet")
        .filter(pk=payment_id, shop=shop, status=InStoreStatus.SUCCEEDED)
        .first()
    )
    if payment is None or payment.wallet is None:
        raise InStoreNotFound(_("No such payment at this shop."))
    refund_id = "isr_" + hashlib.sha256(f"{payment.pk}:{request_id}".encode()).hexdigest()[:24]
    existing = earlier_result(
        InStoreRefund.objects.filter(pk=refund_id).first(),
        same_request=lambda r: r.amount_minor == amount.minor,
    )
    if existing is not None:
        return existing
    if amount.currency != payment.currency or amount.minor <= 0:
        raise ValidationFailed(
            _("Refund a positive amount in %(c)s.") % {"c": payment.currency}, fields={"amount": []}
        )
    with transaction.atomic():
        if not InStorePayment.objects.filter(
            pk=payment.pk, refunded_minor__lte=F("amount_minor") - amount.minor
        ).update(refunded_minor=F("refunded_minor") + amount.minor):
            raise RuleViolation(
                _("That is more than is left to refund."), code="refund_exceeds_paid"
            )
        wallet_minor, quote = _refund_wallet_amount(amount, payment.wallet)
        journal = journal_post(
            journal_id=f"instore_refund:{refund_id}",
            kind="instore_refund",
            reference=payment.pk,
            transfers=[
                leg for leg in _refund_legs(refund_id, payment, amount, wallet_minor) if leg.amount
            ],
        )
        refund = InStoreRefund.objects.create(
            id=refund_id,
            payment=payment,
            amount_minor=amount.minor,
            wallet_amount_minor=wallet_minor,
            fx_quote=quote,
            journal=journal,
            created_at=clock.now(),
        )
        events.instore_refund_created(refund, payment)
        return refund


def _refund_wallet_amount(amount: Money, wallet: Wallet) -> tuple[int, FxQuote | None]:
    """At the refund day's mid rate: the customer gets today's value of the refund."""
    if wallet.currency == amount.currency:
        return amount.minor, None
    quote = fx_quote_lock(base=amount.currency, quote=wallet.currency, spread_bps=0)
    factor = Decimal(10) ** (minor_units(wallet.currency) - minor_units(amount.currency))
    return int(
        (Decimal(amount.minor) * quote.rate * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    ), quote


def _refund_legs(
    refund_id: str, payment: InStorePayment, amount: Money, wallet_minor: int
) -> list[TransferSpec]:
    assert payment.wallet is not None
    shop_ccy = payment.currency
    payable = merchant_payable(payment.merchant_id, shop_ccy).pk
    fee_back = int(
        (Decimal(payment.commission_minor) * amount.minor / payment.amount_minor).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )
    legs = [
        TransferSpec(
            f"{refund_id}:fee",
            system_account(AccountKind.COMMISSION_REVENUE, shop_ccy).pk,
            payable,
            fee_back,
            "instore_fee_refund",
        )
    ]
    if payment.wallet.currency == shop_ccy:
        return [
            *legs,
            TransferSpec(
                f"{refund_id}:back",
                payable,
                payment.wallet.account_id,
                wallet_minor,
                "instore_refund",
            ),
        ]
    return [
        *legs,
        TransferSpec(
            f"{refund_id}:merchant",
            payable,
            system_account(AccountKind.LIQUIDITY, shop_ccy).pk,
            amount.minor,
            "instore_refund_fx",
        ),
        TransferSpec(
            f"{refund_id}:back",
            system_account(AccountKind.LIQUIDITY, payment.wallet.currency).pk,
            payment.wallet.account_id,
            wallet_minor,
            "instore_refund",
        ),
    ]
