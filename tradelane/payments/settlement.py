"""The daily settlement run: each merchant's payable, less the payout fee, to its bank.

Only active merchants are paid: the payable of a merchant that is applied, in review, rejected
or suspended is held (nothing is posted or sent to the bank, the balance stays where it is) and
`payouts_held` lists it; the first run after the merchant is active again pays it out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet

from tradelane.core import clock
from tradelane.merchants.models import Merchant, MerchantStatus
from tradelane.payments import events
from tradelane.payments.accounts import system_account
from tradelane.payments.ledger import TransferSpec, journal_post
from tradelane.payments.models import AccountKind, LedgerAccount, Payout, PayoutStatus
from tradelane.payments.partners.bank.mapper import PayoutRequest
from tradelane.payments.partners.registry import bank

logger = logging.getLogger(__name__)


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
    status = Merchant.objects.filter(pk=merchant_id).values_list("status", flat=True).first()
    if status != MerchantStatus.ACTIVE:
        return None  # held: read now, so a suspension since the run began holds it too
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


def _payable_due() -> QuerySet[LedgerAccount]:
    return LedgerAccount.objects.filter(
        kind=AccountKind.MERCHANT_PAYABLE,
        credits_posted__gt=F("debits_posted") + settings.TRADELANE["PAYOUT_FEE_MINOR"],
    )


def settlement_run(*, business_date: date | None = None) -> list[Payout]:
    """Pay every active merchant's payable; the others are held (see `payouts_held`)."""
    day = business_date or clock.today()
    due = _payable_due().filter(merchant__status=MerchantStatus.ACTIVE).select_related("merchant")
    payouts = [settle_merchant(account, day) for account in due.iterator(chunk_size=500)]
    held = _payable_due().exclude(merchant__status=MerchantStatus.ACTIVE).count()
    if held:
        logger.warning("settlement: %s payable(s) of merchants not active held", held)
    return [p for p in payouts if p is not None]


@dataclass(frozen=True)
class HeldPayout:
    merchant_id: int
    merchant_status: str
    currency: str
    amount_minor: int  # the balance owed, kept until the merchant is active again


def payouts_held() -> list[HeldPayout]:
    """What the settlement run holds now: balances owed to merchants that are not active."""
    accounts = (
        _payable_due()
        .exclude(merchant__status=MerchantStatus.ACTIVE)
        .filter(merchant__isnull=False)
        .select_related("merchant")
        .order_by("merchant_id", "currency")
    )
    return [
        HeldPayout(
            merchant_id=a.merchant_id,
            merchant_status=a.merchant.status,
            currency=a.currency,
            amount_minor=a.credits_posted - a.debits_posted,
        )
        for a in accounts
        if a.merchant_id is not None and a.merchant is not None
    ]
