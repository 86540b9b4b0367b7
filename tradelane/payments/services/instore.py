"""Wallet payments at a shop's till, user-presented (the wallet's one-time code) or
shop-presented (the till's QR); refunds at the till at the refund day's rate.

The till's charges, QRs and refunds are idempotent by the till's request id in the shop's key
space (`core.idempotency`): the record is written first, so a concurrent repeat waits for the
first and gets its answer. A code takes at most `MAX_CODE_ATTEMPTS` charges, each counted and
committed before the charge's own transaction (a charge that succeeds uses the code up anyway), so
a till cannot walk the amount down until it finds the balance, not even by sending them all at
once; the charge that was refused last makes the code void. What a
till is told never names the wallet or its ledger account."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.crypto import decrypt, encrypt
from tradelane.core.errors import (
    Conflict,
    NotFound,
    RuleViolation,
    ValidationFailed,
)
from tradelane.core.idempotency import legacy_result, request_fingerprint, run_idempotent
from tradelane.core.money import Money, minor_units
from tradelane.core.secrets import digest
from tradelane.markets.errors import FxQuoteExpired
from tradelane.markets.models import FxQuote
from tradelane.markets.services import fx_quote_lock
from tradelane.merchants.errors import MerchantNotActive
from tradelane.merchants.models import Merchant, MerchantStatus, Shop
from tradelane.payments import events
from tradelane.payments.answers import instore_refund_out, payment_out
from tradelane.payments.errors import InsufficientFunds, LedgerRefused
from tradelane.payments.models import (
    AccountKind,
    InStoreMode,
    InStorePayment,
    InStoreRefund,
    InStoreStatus,
    PaymentCode,
    Wallet,
)
from tradelane.payments.services.accounts import merchant_payable, system_account
from tradelane.payments.services.ledger import TransferSpec, journal_post
from tradelane.payments.services.wallets import wallet_for

CODE_PREFIX = "28"  # the major wallets' codes start 25 to 30
CODE_LENGTH = 18
CODE_TTL = timedelta(seconds=60)
QR_TTL = timedelta(minutes=5)
MAX_TILL_AMOUNT = Decimal("20000")
MAX_CODE_ATTEMPTS = 5


class CodeInvalid(RuleViolation):
    default_code = "payment_code_invalid"


class CodeVoid(RuleViolation):
    default_code = "payment_code_void"


class WalletRefused(RuleViolation):
    """The wallet did not pay; the ledger's reason without the ledger's account names."""

    default_code = "wallet_refused"


class InStoreNotFound(NotFound):
    default_code = "instore_payment_not_found"


class QrQuoteMismatch(ValidationFailed):
    default_code = "fx_quote_mismatch"


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


def _code_void() -> CodeVoid:
    return CodeVoid(
        _("This payment code was refused too many times and no longer works; ask for a new one.")
    )


def _well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and code.isdigit()


def _count_attempt(code: str) -> bool:
    """One more charge with the code, committed before the charge's transaction so that charges
    sent together are counted before any reaches the wallet; False when the code has had its
    attempts (or is void, used or unknown)."""
    if not _well_formed(code):
        return False
    with transaction.atomic():
        return bool(
            PaymentCode.objects.filter(
                digest=digest(code),
                attempts__lt=MAX_CODE_ATTEMPTS,
                used_at__isnull=True,
                voided_at__isnull=True,
            ).update(attempts=F("attempts") + 1)
        )


def _claim_code(code: str, *, counted: bool) -> Wallet:
    if not _well_formed(code):
        raise CodeInvalid(_("That is not a wallet payment code."))
    now = clock.now()
    found = (
        PaymentCode.objects.select_related("wallet__account").filter(digest=digest(code)).first()
    )
    if found is not None and found.used_at is None and (not counted or found.voided_at):
        raise _code_void()  # its attempts are spent, some perhaps still at the wallet
    claimed = PaymentCode.objects.filter(
        digest=digest(code), used_at__isnull=True, voided_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if found is None or not claimed:
        raise CodeInvalid(
            _("This payment code has expired or was already used; ask for a new one.")
        )
    return found.wallet


def _void_if_spent(code: str) -> bool:
    """After a refused charge (rolled back): True when it was the code's last attempt, which
    makes the code void."""
    return bool(
        PaymentCode.objects.filter(
            digest=digest(code),
            used_at__isnull=True,
            voided_at__isnull=True,
            attempts__gte=MAX_CODE_ATTEMPTS,
        ).update(voided_at=clock.now())
    )


def _wallet_refusal(refused: LedgerRefused) -> WalletRefused:
    if isinstance(refused, InsufficientFunds):
        return WalletRefused(
            _("The customer's wallet cannot cover this amount."), code=refused.code
        )
    return WalletRefused(_("The customer's wallet could not take this payment."), code=refused.code)


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
    return _wallet_minor_at(amount, quote), quote


def _wallet_minor_at(amount: Money, quote: FxQuote) -> int:
    factor = Decimal(10) ** (minor_units(quote.base) - minor_units(amount.currency))
    wallet_minor = (Decimal(amount.minor) * factor / quote.rate).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(wallet_minor)


@dataclass(frozen=True)
class QrOffer:
    """What confirming a shop's QR takes from the wallet: `wallet_amount`, at `quote`'s locked
    rate (None when the wallet pays in the shop's currency), as long as it is confirmed with
    that quote before `expires_at`."""

    wallet_amount: Money
    quote: FxQuote | None
    expires_at: datetime


def qr_offer(*, consumer: Consumer, payment: InStorePayment) -> QrOffer:
    """Lock the rate for this shopper and this QR now, so the page can show the exact charge."""
    wallet = wallet_for(consumer)
    amount = Money.from_minor(payment.amount_minor, payment.currency)
    wallet_minor, quote = _wallet_amount(amount, wallet.currency)
    expires_at = payment.expires_at if quote is None else min(payment.expires_at, quote.expires_at)
    return QrOffer(Money.from_minor(wallet_minor, wallet.currency), quote, expires_at)


def _offered_quote(quote_id: int, wallet: Wallet, payment: InStorePayment) -> FxQuote:
    quote = FxQuote.objects.filter(
        pk=quote_id, base=wallet.currency, quote=payment.currency
    ).first()
    if quote is None:
        raise QrQuoteMismatch(_("This exchange rate is not for this payment."))
    if quote.expires_at <= clock.now():
        raise FxQuoteExpired(
            _("The amount shown is no longer held; check the new amount and confirm again.")
        )
    return quote


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


def _charge(
    payment: InStorePayment, wallet: Wallet, offered: FxQuote | None = None
) -> InStorePayment:
    """Take the payment from the wallet: one linked journal, or an error and nothing moved.
    With `offered`, at the rate the customer was shown; otherwise at a rate locked now."""
    amount = Money.from_minor(payment.amount_minor, payment.currency)
    quote: FxQuote | None
    if offered is not None:
        wallet_minor, quote = _wallet_minor_at(amount, offered), offered
    else:
        wallet_minor, quote = _wallet_amount(amount, wallet.currency)
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


def _scope(shop: Shop) -> str:
    """The shop's key space: its API key and its till pages share it; nobody else's keys do."""
    return f"shop:{shop.pk}"


def _request_id_free(shop: Shop, request_id: str) -> None:
    """A payment made under this id before idempotency records existed keeps its id."""
    if InStorePayment.objects.filter(shop=shop, request_id=request_id).exists():
        raise Conflict(
            _("This Idempotency-Key was already used with a different request."),
            code="idempotency_key_reused",
        )


def till_charge_code_answer(
    *, shop: Shop, code: str, amount: Money, request_id: str
) -> tuple[int, Any]:
    """User-presented: the till scanned the wallet's code. Returns the answer (201 and the
    payment, shaped for the till), the same for every repeat of the request."""
    _check_amount(shop, amount)
    request = {"code": digest(code), "amount": amount.minor, "currency": amount.currency}
    counted = _count_attempt(code)  # committed; a replay of the request is not refused for it

    def charge() -> tuple[int, Any]:
        _request_id_free(shop, request_id)
        wallet = _claim_code(code, counted=counted)
        now = clock.now()
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
        try:
            return 201, payment_out(_charge(payment, wallet))
        except LedgerRefused as refused:
            raise _wallet_refusal(refused) from refused

    try:
        return run_idempotent(
            scope=_scope(shop),
            key=request_id,
            fingerprint=request_fingerprint("till_charge_code", request),
            action=charge,
        )
    except WalletRefused as refused:  # rolled back, record and all; the attempt stays counted
        if _void_if_spent(code):
            raise _code_void() from refused
        raise


def till_charge_code(*, shop: Shop, code: str, amount: Money, request_id: str) -> InStorePayment:
    """`till_charge_code_answer`, as the payment."""
    _status, body = till_charge_code_answer(
        shop=shop, code=code, amount=amount, request_id=request_id
    )
    return InStorePayment.objects.select_related("shop").get(pk=body["id"])


def till_create_qr_answer(*, shop: Shop, amount: Money, request_id: str) -> tuple[int, Any]:
    """Shop-presented: the till shows a QR for the amount; the customer scans it and confirms.
    A repeat of the request gets the same QR."""
    _check_amount(shop, amount)

    def create() -> tuple[int, Any]:
        _request_id_free(shop, request_id)
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
        # kept for replays sealed: the payment keeps only the token's digest, and so does
        # everything stored in the clear
        return 201, {
            SEALED_QR: encrypt(f"tradelane://pay/{token}"),
            "expires_at": payment.expires_at,
            "payment": payment_out(payment),
        }

    status, stored = run_idempotent(
        scope=_scope(shop),
        key=request_id,
        fingerprint=request_fingerprint(
            "till_create_qr", {"amount": amount.minor, "currency": amount.currency}
        ),
        action=create,
    )
    return status, _unsealed_qr(stored)


SEALED_QR = "qr_sealed"


def _unsealed_qr(stored: dict[str, Any]) -> dict[str, Any]:
    """The QR answer as the till gets it (`QrOut`), the first time and on every replay alike."""
    answer = {k: v for k, v in stored.items() if k != SEALED_QR}
    return {"qr": decrypt(stored[SEALED_QR]), **answer}


def till_create_qr(*, shop: Shop, amount: Money, request_id: str) -> tuple[str, InStorePayment]:
    """`till_create_qr_answer`, as the QR's content and the payment awaiting the customer."""
    _status, body = till_create_qr_answer(shop=shop, amount=amount, request_id=request_id)
    payment = InStorePayment.objects.select_related("shop").get(pk=body["payment"]["id"])
    return str(body["qr"]), payment


def qr_payment(token: str) -> InStorePayment:
    payment = (
        InStorePayment.objects.select_related("shop")
        .filter(qr_digest=hashlib.sha256(token.encode()).hexdigest())
        .first()
    )
    if payment is None:
        raise InStoreNotFound(_("This QR code is not a Tradelane payment."))
    return payment


def qr_pay(*, consumer: Consumer, token: str, quote_id: int | None = None) -> InStorePayment:
    """The customer confirms the QR's amount; the wallet pays once, before the QR expires.
    With `quote_id` (from `qr_offer`), the wallet pays exactly the amount it was shown, or
    nothing if that quote has lapsed or is not for this payment."""
    payment = qr_payment(token)
    if payment.status == InStoreStatus.SUCCEEDED and payment.consumer_id == consumer.pk:
        return payment
    wallet = wallet_for(consumer)
    offered = None if quote_id is None else _offered_quote(quote_id, wallet, payment)
    with transaction.atomic():
        # The merchant's status is part of the claim, so a QR shown before a suspension cannot
        # be paid after it.
        claimed = InStorePayment.objects.filter(
            pk=payment.pk,
            status=InStoreStatus.AWAITING_CUSTOMER,
            expires_at__gt=clock.now(),
            shop__merchant__status=MerchantStatus.ACTIVE,
        ).update(status=InStoreStatus.SUCCEEDED)
        if not claimed:
            if not Merchant.objects.filter(
                pk=payment.shop.merchant_id, status=MerchantStatus.ACTIVE
            ).exists():
                raise MerchantNotActive(_("This shop cannot take payments at the moment."))
            raise CodeInvalid(
                _("This QR has expired or was already paid; ask the shop for a new one.")
            )
        payment.refresh_from_db()
        return _charge(payment, wallet, offered)


def till_refund_answer(
    *, shop: Shop, payment_id: str, amount: Money, request_id: str
) -> tuple[int, Any]:
    """Give back part or all of a till payment, at the refund day's rate, never more than paid.
    Returns the answer (201 and the refund), the same for every repeat of the request."""
    request = {"payment": payment_id, "amount": amount.minor, "currency": amount.currency}
    return run_idempotent(
        scope=_scope(shop),
        key=request_id,
        fingerprint=request_fingerprint("till_refund", request),
        action=lambda: (
            201,
            instore_refund_out(_till_refund(shop, payment_id, amount, request_id)),
        ),
    )


def till_refund(*, shop: Shop, payment_id: str, amount: Money, request_id: str) -> InStoreRefund:
    """`till_refund_answer`, as the refund."""
    _status, body = till_refund_answer(
        shop=shop, payment_id=payment_id, amount=amount, request_id=request_id
    )
    return InStoreRefund.objects.select_related("payment").get(pk=body["id"])


def _till_refund(shop: Shop, payment_id: str, amount: Money, request_id: str) -> InStoreRefund:
    payment = (
        InStorePayment.objects.select_related("wallet")
        .filter(pk=payment_id, shop=shop, status=InStoreStatus.SUCCEEDED)
        .first()
    )
    if payment is None or payment.wallet is None:
        raise InStoreNotFound(_("No such payment at this shop."))
    legacy = legacy_result(
        InStoreRefund.objects.select_related("payment")
        .filter(pk=_legacy_refund_id(payment, request_id))
        .first(),
        same_request=lambda r: r.amount_minor == amount.minor,
    )
    if legacy is not None:
        return legacy
    if amount.currency != payment.currency or amount.minor <= 0:
        raise ValidationFailed(
            _("Refund a positive amount in %(c)s.") % {"c": payment.currency}, fields={"amount": []}
        )
    refund_id = "isr_" + secrets.token_hex(12)
    if not InStorePayment.objects.filter(
        pk=payment.pk, refunded_minor__lte=F("amount_minor") - amount.minor
    ).update(refunded_minor=F("refunded_minor") + amount.minor):
        raise RuleViolation(_("That is more than is left to refund."), code="refund_exceeds_paid")
    wallet_minor, quote = _refund_wallet_amount(amount, payment.wallet)
    try:
        journal = journal_post(
            journal_id=f"instore_refund:{refund_id}",
            kind="instore_refund",
            reference=payment.pk,
            transfers=[
                leg for leg in _refund_legs(refund_id, payment, amount, wallet_minor) if leg.amount
            ],
        )
    except LedgerRefused as refused:  # its message names ledger accounts, the wallet's among them
        raise RuleViolation(
            _("The refund could not be posted; nothing was refunded."), code=refused.code
        ) from refused
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


def _legacy_refund_id(payment: InStorePayment, request_id: str) -> str:
    """The id a refund under this request id had before idempotency records existed: a retry
    across the deploy finds it instead of refunding again."""
    return "isr_" + hashlib.sha256(f"{payment.pk}:{request_id}".encode()).hexdigest()[:24]


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
