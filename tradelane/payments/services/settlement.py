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
from tradelane.merchants.bank_accounts import verified_accounts
from tradelane.merchants.models import Merchant, MerchantStatus
from tradelane.payments import events
from tradelane.payments.models import AccountKind, LedgerAccount, Payout, PayoutStatus
from tradelane.payments.partners.registry import bank
from tradelane.payments.services.accounts import system_account
from tradelane.payments.services.ledger import TransferSpec, journal_post
from tradelane.payments.services.payout_batches import (
    batch_results_post,
    batches_send,
    payouts_batch,
)

logger = logging.getLogger(__name__)


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
    _send_batches()
    return Payout.objects.get(pk=payout.pk)


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
        if merchant_id not in verified_accounts([merchant_id]):
            return None  # held: no verified bank account (an account change takes this lock too)
        account.refresh_from_db()
        gross = account.credit_balance
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


def _send_batches() -> None:
    """Batch every claimed payout into one bank file per currency, send the files, post the
    answers. Files written by a run that died before the bank's answer are sent again first
    (the bank de-duplicates on the file's reference)."""
    payouts_batch(business_date=clock.today())
    for batch, result in batches_send(bank(), now=clock.now()):
        batch_results_post(batch=batch, result=result, post_payout=_post_payout)


def _post_payout(payout: Payout, *, returned_code: str, bank_reference: str) -> None:
    """One payout's answer, under its row lock, once: the journal if paid, nothing if returned."""
    account = LedgerAccount.objects.get(
        kind=AccountKind.MERCHANT_PAYABLE, merchant_id=payout.merchant_id, currency=payout.currency
    )
    if not returned_code:
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
    payout.status = PayoutStatus.FAILED if returned_code else PayoutStatus.INSTRUCTED
    payout.bank_reference, payout.failure_code = bank_reference, returned_code
    payout.save(update_fields=["status", "bank_reference", "failure_code", "journal"])
    events.payout_settled(payout)


def _payable_due() -> QuerySet[LedgerAccount]:
    return LedgerAccount.objects.filter(
        kind=AccountKind.MERCHANT_PAYABLE,
        credits_posted__gt=F("debits_posted") + settings.TRADELANE["PAYOUT_FEE_MINOR"],
    )


def settlement_run(*, business_date: date | None = None) -> list[Payout]:
    """Pay every active merchant's payable; the others are held (see `payouts_held`)."""
    day = business_date or clock.today()
    unfinished = set(
        Payout.objects.filter(status=PayoutStatus.SENDING).values_list("pk", flat=True)
    )
    _send_batches()  # what a run that died left, before anything new is claimed
    claimed: set[str] = set(unfinished)
    due = _payable_due().filter(merchant__status=MerchantStatus.ACTIVE).select_related("merchant")
    for account in due.iterator(chunk_size=500):
        if account.merchant_id is None:
            continue
        payout = _claim(account, account.merchant_id, day)
        if payout is not None:
            claimed.add(payout.pk)
    _send_batches()
    held = len(payouts_held())
    if held:
        logger.warning(
            "settlement: %s payable(s) held (merchant not active or no verified account)", held
        )
    return list(Payout.objects.filter(pk__in=claimed).order_by("pk"))


@dataclass(frozen=True)
class HeldPayout:
    merchant_id: int
    merchant_status: str
    currency: str
    amount_minor: int  # the balance owed, kept until the hold is lifted
    reason: str = "merchant_not_active"  # or "bank_account_unverified"


def payouts_held(merchant_id: int | None = None) -> list[HeldPayout]:
    """What the settlement run holds now: balances owed to merchants that are not active, or
    that have no verified bank account."""
    accounts = _payable_due().filter(merchant__isnull=False).select_related("merchant")
    if merchant_id is not None:
        accounts = accounts.filter(merchant_id=merchant_id)
    rows = list(accounts.order_by("merchant_id", "currency"))
    verified = verified_accounts({a.merchant_id for a in rows if a.merchant_id is not None})
    held = []
    for a in rows:
        if a.merchant_id is None or a.merchant is None:
            continue
        if a.merchant.status != MerchantStatus.ACTIVE:
            reason = "merchant_not_active"
        elif a.merchant_id not in verified:
            reason = "bank_account_unverified"
        else:
            continue
        held.append(
            HeldPayout(
                merchant_id=a.merchant_id,
                merchant_status=a.merchant.status,
                currency=a.currency,
                amount_minor=a.credit_balance,
                reason=reason,
            )
        )
    return held
