"""Payout batches: claimed payouts (status `sending`) grouped per currency into one bank file,
written through Django storage, recorded (name, SHA-256, count, total), sent to the bank, and
then each payout marked by the bank's answer.

Each step is safe to repeat and safe to run twice at once: a payout joins a batch once (its
line row is keyed by the payout, and rows are claimed with SKIP LOCKED), a file is written
before its batch row commits, and a batch's answer is posted under its row lock, once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction

from tradelane.core import clock
from tradelane.merchants.bank_accounts import bank_account_number, verified_accounts
from tradelane.merchants.models import Merchant, MerchantBankAccount
from tradelane.payments import bankfiles
from tradelane.payments.models import Payout, PayoutStatus
from tradelane.payments.partners.bank.mapper import PayoutFileRequest, PayoutFileResult
from tradelane.payments.partners.bank.settings import payout_originator
from tradelane.payments.partners.registry import BankClient
from tradelane.payments.payout_batch_models import (
    PayoutBatch,
    PayoutBatchFormat,
    PayoutBatchLine,
    PayoutBatchStatus,
)

FILE_FORMATS = {"AUD": PayoutBatchFormat.ABA, "NZD": PayoutBatchFormat.IB4B}
EXTENSIONS = {PayoutBatchFormat.ABA: "aba", PayoutBatchFormat.IB4B: "csv"}


def bank_files_storage() -> Storage:
    return storages["bankfiles"]


def _reference(merchant_id: int, business_date: date) -> str:
    """What the merchant's statement shows: bank-file characters, fits both formats (12)."""
    return f"TL{merchant_id} {business_date:%y%m%d}"[:12]


def file_content(
    file_format: str,
    lines: list[tuple[Payout, MerchantBankAccount]],
    business_date: date,
) -> bytes:
    origin = payout_originator()
    if file_format == PayoutBatchFormat.ABA:
        return bankfiles.aba_file(
            bankfiles.AbaOriginator(
                bank_code=origin.aba_bank_code,
                user_name=origin.aba_user_name,
                user_id=origin.aba_user_id,
                trace_bsb=origin.aba_trace_bsb,
                trace_account=origin.aba_trace_account,
                remitter=origin.aba_remitter,
                self_balancing=origin.aba_self_balancing,
            ),
            [
                bankfiles.AbaLine(
                    bsb=account.bsb,
                    account_number=bank_account_number(account),
                    account_name=account.account_name,
                    amount_minor=payout.amount_minor,
                    reference=_reference(payout.merchant_id, payout.business_date),
                )
                for payout, account in lines
            ],
            business_date,
        )
    return bankfiles.ib4b_file(
        bankfiles.Ib4bOriginator(account_number=origin.nz_account, name=origin.nz_name),
        [
            bankfiles.Ib4bLine(
                account_number=bank_account_number(account),
                account_name=account.account_name[:20],
                amount_minor=payout.amount_minor,
                reference=_reference(payout.merchant_id, payout.business_date),
                particulars="PAYOUT",
            )
            for payout, account in lines
        ],
        due_date=business_date,
        created_on=business_date,
    )


def payouts_batch(*, business_date: date) -> list[PayoutBatch]:
    """One batch per currency of the claimed payouts no batch holds yet."""
    batches = []
    currencies = (
        Payout.objects.filter(status=PayoutStatus.SENDING, batch_line__isnull=True)
        .values_list("currency", flat=True)
        .distinct()
    )
    for currency in sorted(set(currencies)):
        batch = _batch_currency(currency, business_date)
        if batch is not None:
            batches.append(batch)
    return batches


@transaction.atomic
def _batch_currency(currency: str, business_date: date) -> PayoutBatch | None:
    file_format = FILE_FORMATS.get(currency)
    if file_format is None:
        return None  # no bank file for this currency: the payout stays claimed, unsent
    payouts = list(
        Payout.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=PayoutStatus.SENDING, batch_line__isnull=True, currency=currency)
        .order_by("merchant_id", "pk")
    )
    # A run that committed its batch after this statement's snapshot left these rows unchanged,
    # so PostgreSQL handed us their locks without re-checking: a new statement sees its lines.
    lined = set(
        PayoutBatchLine.objects.filter(payout__in=payouts).values_list("payout_id", flat=True)
    )
    payouts = [p for p in payouts if p.pk not in lined]
    if not payouts:
        return None  # another run took them
    merchant_ids = sorted({p.merchant_id for p in payouts})
    # An account change waits for this batch (it takes the merchant row): the file pays the
    # account that is verified now, never one replaced while the file was being written.
    list(Merchant.objects.select_for_update().filter(pk__in=merchant_ids).values_list("pk"))
    accounts = verified_accounts(merchant_ids)
    unpayable = [p for p in payouts if p.merchant_id not in accounts]
    if unpayable:
        # claimed, then the account changed before the file: the claim is undone (no money
        # moved, nothing sent), so the next run holds it until the new account is verified
        Payout.objects.filter(pk__in=[p.pk for p in unpayable]).delete()
    lines = [(p, accounts[p.merchant_id]) for p in payouts if p.merchant_id in accounts]
    if not lines:
        return None
    content = file_content(file_format, lines, business_date)
    now = clock.now()
    batch = PayoutBatch.objects.create(
        currency=currency,
        file_format=file_format,
        business_date=business_date,
        file_name=f"pending-{hashlib.sha256(content).hexdigest()}-{now.timestamp()}",
        file_sha256=hashlib.sha256(content).hexdigest(),
        payment_count=len(lines),
        total_minor=sum(p.amount_minor for p, _ in lines),
        status=PayoutBatchStatus.WRITTEN,
        created_at=now,
    )
    name = (
        f"payouts/{currency}/{business_date:%Y%m%d}-batch{batch.pk}."
        f"{EXTENSIONS[PayoutBatchFormat(file_format)]}"
    )
    storage = bank_files_storage()
    if storage.exists(name):  # left by a transaction that rolled back after writing it
        storage.delete(name)
    batch.file_name = storage.save(name, ContentFile(content))
    batch.save(update_fields=["file_name"])
    PayoutBatchLine.objects.bulk_create(
        [
            PayoutBatchLine(payout=p, batch=batch, line_number=n, bank_account=account)
            for n, (p, account) in enumerate(lines, 1)
        ]
    )
    return batch


def batch_file(batch: PayoutBatch) -> bytes:
    """The file as written, checked against its recorded hash."""
    with bank_files_storage().open(batch.file_name, "rb") as handle:
        content: bytes = handle.read()
    if hashlib.sha256(content).hexdigest() != batch.file_sha256:
        raise ValueError(f"payout file {batch.file_name} does not match its recorded hash")
    return content


def batches_send(
    client: BankClient, *, now: datetime
) -> Iterator[tuple[PayoutBatch, PayoutFileResult]]:
    """Every written batch to the bank (again, after a crash: the bank de-duplicates)."""
    for batch in PayoutBatch.objects.filter(status=PayoutBatchStatus.WRITTEN).order_by("pk"):
        result = client.payout_file(
            PayoutFileRequest(
                reference=f"batch:{batch.pk}",
                file_name=batch.file_name,
                file_format=batch.file_format,
                currency=batch.currency,
                content=batch_file(batch),
            ),
            now=now,
        )
        yield batch, result


@transaction.atomic
def batch_results_post(
    *,
    batch: PayoutBatch,
    result: PayoutFileResult,
    post_payout: Callable[..., None],
) -> PayoutBatch:
    """The bank's answer, once: each payout paid (journal) or returned; a refused file leaves
    its payouts claimed, to be sent again."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PayoutBatchStatus.WRITTEN:
        return batch  # another run posted it meanwhile
    batch.bank_reference, batch.bank_message = result.bank_reference, result.message
    if not result.accepted:
        batch.status = PayoutBatchStatus.REFUSED
        batch.save(update_fields=["status", "bank_reference", "bank_message"])
        # the payouts go back to the pool for the next file
        PayoutBatchLine.objects.filter(batch=batch).delete()
        return batch
    lines = PayoutBatchLine.objects.filter(batch=batch).order_by("line_number")
    by_payout = {line.payout_id: line.line_number for line in lines}
    payouts = Payout.objects.select_for_update().filter(pk__in=list(by_payout)).order_by("pk")
    for payout in payouts:
        if payout.status != PayoutStatus.SENDING:
            continue
        post_payout(
            payout,
            returned_code=result.returned_lines.get(by_payout[payout.pk], ""),
            bank_reference=f"{result.bank_reference}/{by_payout[payout.pk]}",
        )
    batch.status = PayoutBatchStatus.ACCEPTED
    batch.save(update_fields=["status", "bank_reference", "bank_message"])
    return batch
