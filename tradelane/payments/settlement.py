"""The daily settlement run: each merchant's payable, less the payout fee, to its bank."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from tradelane.core import clock
from tradelane.payments import events
from tradelane.payments.accounts import system_account
from tradelane.payments.ledger import TransferSpec, journal_post
from tradelane.payments.models import AccountKind, LedgerAccount, Payout, PayoutStatus
from tradelane.payments.partners.bank.mapper import PayoutRequest
from tradelane.payments.partners.registry import bank


def _creditor(account: LedgerAccount) -> str:
    """The merchant's bank account as the bank knows it (onboarding collects it)."""
    return f"acct_{account.merchant.business_number}" if account.merchant else "acct_unknown"


def settle_merchant(account: LedgerAccount, business_date: date) -> Payout | None:
    """Pay out one payable for one day, once: a second run that day finds the payout made."""
    merchant_id = account.merchant_id
    if merchant_id is None:
        return None
    payout_id = f"po:{merchant_id}:{account.currency}:{business_date.isoformat()}"
    existing = Payout.objects.filter(pk=payout_id).first()
    if existing is not None:
        return existing
    account.refresh_from_db()
    gross = account.credits_posted - account.debits_posted
    fee = settings.TRADELANE["PAYOUT_FEE_MINOR"]
    if gross <= fee:
        return None
    result = bank().payout(
        PayoutRequest(
            reference=payout_id,
            creditor=_creditor(account),
            amount_minor=gross - fee,
            currency=account.currency,
        ),
        now=clock.now(),
    )
    approved = result.status == "approved"
    try:
        with transaction.atomic():
            journal = None
            if approved:
                journal = journal_post(
                    journal_id=f"payout:{payout_id}",
                    kind="payout",
                    reference=payout_id,
                    transfers=[
                        TransferSpec(
                            f"{payout_id}:pay",
                            account.pk,
                            system_account(AccountKind.BANK, account.currency).pk,
                            gross - fee,
                            "payout",
                        ),
                        TransferSpec(
                            f"{payout_id}:fee",
                            account.pk,
                            system_account(AccountKind.COMMISSION_REVENUE, account.currency).pk,
                            fee,
                            "payout_fee",
                        ),
                    ],
                )
            payout = Payout.objects.create(
                id=payout_id,
                merchant_id=merchant_id,
                currency=account.currency,
                business_date=business_date,
                gross_minor=gross,
                fee_minor=fee,
                amount_minor=gross - fee,
                status=PayoutStatus.INSTRUCTED if approved else PayoutStatus.FAILED,
                bank_reference=result.bank_reference,
                failure_code=result.decline_code,
                journal=journal,
                created_at=clock.now(),
            )
            events.payout_settled(payout)
            return payout
    except IntegrityError:  # another run made it first
        return Payout.objects.get(pk=payout_id)


def settlement_run(*, business_date: date | None = None) -> list[Payout]:
    day = business_date or clock.today()
    due = LedgerAccount.objects.filter(
        kind=AccountKind.MERCHANT_PAYABLE,
        credits_posted__gt=F("debits_posted") + settings.TRADELANE["PAYOUT_FEE_MINOR"],
    ).select_related("merchant")
    payouts = [settle_merchant(account, day) for account in due.iterator(chunk_size=500)]
    return [p for p in payouts if p is not None]
