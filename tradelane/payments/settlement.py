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
from django.db import transaction
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
    """Pay out one payable for one day, once: a second run that day finds the payout made.

    The payout is decided and recorded (`sending`) in one transaction that holds the merchant's
    row, so a suspension being made meanwhile is waited for and holds it; the bank is called
    after that commit, with the payout's id as its reference, and its answer posted in a second
    transaction. A run that died in between finishes the recorded payout: the bank is asked
    again with the same reference and amount (it de-duplicates on the reference)."""
    merchant_id = account.merchant_id
    if merchant_id is None:
        return None
    payout = _claim(account, merchant_id, business_date)
    if payout is None or payout.status != PayoutStatus.SENDING:
        return payout
    return _send(payout, account)


def _claim(account: LedgerAccount, merchant_id: int, business_date: date) -> Payout | None:
    payout_id = f"po:{merchant_id}:{account.currency}:{business_date.isoformat()}"
    with transaction.atomic():
        # the row a status change locks: a suspension not yet committed is waited for
        status = (
            Merchant.objects.select_for_update()
            .filter(pk=merchant_id)
            .values_list("status", flat=True)
            .first()
        )
        existing = Payout.objects.filter(pk=payout_id).first()
        if existing is not None:
            return existing  # made, or recorded by a run that died before it finished
        if status != MerchantStatus.ACTIVE:
            return None  # held: read under the lock, so a suspension since the run began holds it
        account.refresh_from_db()
        gross = account.credits_posted - account.debits_posted
        fee = settings.TRADELANE["PAYOUT_FEE_MINOR"]
        if gross <= fee:
            return None
        return Payout.objects.create(
            id=payout_id,
            merchant_id=merchant_id,
            currency=account.currency,
            business_date=business_date,
            gross_minor=gross,
            fee_minor=fee,
            amount_minor=gross - fee,
            status=PayoutStatus.SENDING,
            created_at=clock.now(),
        )


def _send(payout: Payout, account: LedgerAccount) -> Payout:
    """Send a recorded payout to the bank and post its answer, once."""
    result = bank().payout(
        PayoutRequest(
            reference=payout.pk,
            creditor=_creditor(account),
            amount_minor=payout.amount_minor,
            currency=payout.currency,
        ),
        now=clock.now(),
    )
    approved = result.status == "approved"
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if payout.status != PayoutStatus.SENDING:
            return payout  # another run finished it meanwhile
        if approved:
            payout.journal = journal_post(
                journal_id=f"payout:{payout.pk}",
                kind="payout",
                reference=payout.pk,
                transfers=[
                    TransferSpec(
                        f"{payout.pk}:pay",
                        account.pk,
                        system_account(AccountKind.BANK, payout.currency).pk,
                        payout.amount_minor,
                        "payout",
                    ),
                    TransferSpec(
                        f"{payout.pk}:fee",
                        account.pk,
                        system_account(AccountKind.COMMISSION_REVENUE, payout.currency).pk,
                        payout.fee_minor,
                        "payout_fee",
                    ),
                ],
            )
        payout.status = PayoutStatus.INSTRUCTED if approved else PayoutStatus.FAILED
        payout.bank_reference, payout.failure_code = result.bank_reference, result.decline_code
        payout.save(update_fields=["status", "bank_reference", "failure_code", "journal"])
        events.payout_settled(payout)
        return payout


def _unfinished() -> list[Payout]:
    """Payouts recorded by a run that died before it had the bank's answer: finished first."""
    finished = []
    for payout in Payout.objects.filter(status=PayoutStatus.SENDING).order_by("created_at"):
        account = (
            LedgerAccount.objects.select_related("merchant")
            .filter(kind=AccountKind.MERCHANT_PAYABLE, merchant_id=payout.merchant_id)
            .get(currency=payout.currency)
        )
        finished.append(_send(payout, account))
    return finished


def _payable_due() -> QuerySet[LedgerAccount]:
    return LedgerAccount.objects.filter(
        kind=AccountKind.MERCHANT_PAYABLE,
        credits_posted__gt=F("debits_posted") + settings.TRADELANE["PAYOUT_FEE_MINOR"],
    )


def settlement_run(*, business_date: date | None = None) -> list[Payout]:
    """Pay every active merchant's payable; the others are held (see `payouts_held`)."""
    day = business_date or clock.today()
    payouts: dict[str, Payout | None] = {p.pk: p for p in _unfinished()}
    due = _payable_due().filter(merchant__status=MerchantStatus.ACTIVE).select_related("merchant")
    for account in due.iterator(chunk_size=500):
        payout = settle_merchant(account, day)
        if payout is not None:
            payouts[payout.pk] = payout
    held = _payable_due().exclude(merchant__status=MerchantStatus.ACTIVE).count()
    if held:
        logger.warning("settlement: %s payable(s) of merchants not active held", held)
    return [p for p in payouts.values() if p is not None]


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
