"""Opening ledger accounts: wallets and payables per owner, system accounts per currency."""

from __future__ import annotations

from tradelane.core import clock
from tradelane.core.errors import ValidationFailed
from tradelane.core.money import CurrencyError, minor_units
from tradelane.payments.models import AccountKind, LedgerAccount, Payment

# Accounts whose balance is what the platform holds for someone: never debited below zero.
CREDIT_NORMAL_PROTECTED = {AccountKind.WALLET}


def account_open(
    *,
    code: str,
    kind: str,
    currency: str,
    consumer_id: int | None = None,
    merchant_id: int | None = None,
    debits_must_not_exceed_credits: bool | None = None,
    credits_must_not_exceed_debits: bool = False,
) -> LedgerAccount:
    try:
        minor_units(currency)
    except CurrencyError as exc:
        raise ValidationFailed(
            str(exc), code="currency_invalid", fields={"currency": [str(exc)]}
        ) from exc
    protect = (
        kind in CREDIT_NORMAL_PROTECTED
        if debits_must_not_exceed_credits is None
        else debits_must_not_exceed_credits
    )
    account, _created = LedgerAccount.objects.get_or_create(
        code=code,
        defaults={
            "kind": kind,
            "currency": currency,
            "consumer_id": consumer_id,
            "merchant_id": merchant_id,
            "debits_must_not_exceed_credits": protect,
            "credits_must_not_exceed_debits": credits_must_not_exceed_debits,
            "created_at": clock.now(),
        },
    )
    return account


def system_account(kind: str, currency: str) -> LedgerAccount:
    """The platform's one account of a kind per currency (liquidity:CNY, tax_payable:CNY, ...)."""
    return account_open(code=f"{kind}:{currency}", kind=kind, currency=currency)


def merchant_payable(merchant_id: int, currency: str) -> LedgerAccount:
    return account_open(
        code=f"merchant_payable:{merchant_id}:{currency}",
        kind=AccountKind.MERCHANT_PAYABLE,
        currency=currency,
        merchant_id=merchant_id,
    )


def card_clearing(currency: str) -> LedgerAccount:
    """Where a card capture lands before it is shared out to the orders' legs, and where a card
    refund gathers before it leaves through the acquirer: it nets to zero per payment, so it is
    protected like a wallet."""
    return account_open(
        code=f"{AccountKind.CARD_CLEARING}:{currency}",
        kind=AccountKind.CARD_CLEARING,
        currency=currency,
        debits_must_not_exceed_credits=True,
    )


def payer_account_id(payment: Payment) -> int:
    """The account a checkout payment is taken from and refunded to: the wallet, or for a
    card payment the card-clearing account of its currency."""
    if payment.wallet is not None:
        return payment.wallet.account_id
    return card_clearing(payment.currency).pk


def customs_tax_receivable(currency: str) -> LedgerAccount:
    """Import tax the platform paid customs on an order it has since refunded: customs owes it
    back (CBEC refunds the tax on goods returned within its window). Debit-normal."""
    return account_open(
        code=f"customs_tax_receivable:{currency}",
        kind=AccountKind.TAX_RECEIVABLE,
        currency=currency,
    )


def customs_tax_unrecovered(currency: str) -> LedgerAccount:
    """Tax claimed back that customs refused (returned outside its window): the platform's cost."""
    return account_open(
        code=f"customs_tax_unrecovered:{currency}",
        kind=AccountKind.TAX_UNRECOVERED,
        currency=currency,
    )
