"""History and statements of any ledger account: wallets for consumers, payables for merchants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from tradelane.core.errors import ValidationFailed
from tradelane.core.money import Money
from tradelane.payments.models import LedgerAccount, Transfer, TransferKind


@dataclass(frozen=True)
class Entry:
    transfer_id: str
    at: datetime
    amount: Money  # positive: credited to the account (into a wallet, owed to a merchant)
    code: str
    reference: str


@dataclass(frozen=True)
class Statement:
    account: LedgerAccount
    start: datetime
    end: datetime
    opening: Money
    entries: list[Entry]
    closing: Money


def _posted_touching(account_id: int) -> Q:
    return Q(kind__in=(TransferKind.POSTED, TransferKind.POST_PENDING)) & (
        Q(debit_account_id=account_id) | Q(credit_account_id=account_id)
    )


def _entry(transfer: Transfer, account_id: int) -> Entry:
    sign = 1 if transfer.credit_account_id == account_id else -1
    return Entry(
        transfer.pk,
        transfer.created_at,
        Money.from_minor(sign * transfer.amount, transfer.currency),
        transfer.code,
        transfer.journal.reference,
    )


def account_history(account_id: int, *, limit: int = 50, offset: int = 0) -> list[Entry]:
    rows = (
        Transfer.objects.filter(_posted_touching(account_id))
        .select_related("journal")
        .order_by("-created_at", "-pk")
    )
    return [_entry(t, account_id) for t in rows[offset : offset + limit]]


def _balance_before(account_id: int, moment: datetime) -> int:
    before = Transfer.objects.filter(_posted_touching(account_id), created_at__lt=moment)
    credits = before.filter(credit_account_id=account_id).aggregate(s=Sum("amount"))["s"] or 0
    debits = before.filter(debit_account_id=account_id).aggregate(s=Sum("amount"))["s"] or 0
    return int(credits) - int(debits)


def account_statement(account: LedgerAccount, *, start: datetime, end: datetime) -> Statement:
    if end <= start:
        raise ValidationFailed(_("The statement period ends before it starts."), fields={"end": []})
    opening = _balance_before(account.pk, start)
    rows = Transfer.objects.filter(
        _posted_touching(account.pk), created_at__gte=start, created_at__lt=end
    )
    entries = [
        _entry(t, account.pk) for t in rows.select_related("journal").order_by("created_at", "pk")
    ]
    closing = opening + sum(e.amount.minor for e in entries)
    return Statement(
        account,
        start,
        end,
        Money.from_minor(opening, account.currency),
        entries,
        Money.from_minor(closing, account.currency),
    )
