"""Posting to the ledger. Every balance change is one conditional UPDATE whose row count says
whether the account's flags allowed it; a journal's transfers commit together or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tradelane.core import clock
from tradelane.core.errors import ValidationFailed
from tradelane.payments import rules
from tradelane.payments.errors import InsufficientFunds, JournalConflict, LedgerRefused
from tradelane.payments.models import (
    Journal,
    LedgerAccount,
    PendingResolution,
    Transfer,
    TransferKind,
)
from tradelane.payments.rules import TransferSpec
from tradelane.payments.services import ledger_batch

__all__ = ["TransferSpec", "accounts_lock", "journal_post", "pending_expire"]


class Row(NamedTuple):
    """A transfer as it is inserted."""

    id: str
    kind: str
    debit_account_id: int
    credit_account_id: int
    amount: int
    currency: str
    code: str
    pending_id: str | None
    timeout_at: datetime | None
    created_at: datetime


def _debit(account_id: int, amount: int, *, pending: bool) -> bool:
    field = "debits_pending" if pending else "debits_posted"
    allowed = Q(debits_must_not_exceed_credits=False) | Q(
        credits_posted__gte=F("debits_posted") + F("debits_pending") + amount
    )
    return (
        LedgerAccount.objects.filter(Q(pk=account_id) & allowed).update(
            **{field: F(field) + amount}
        )
        == 1
    )


def _credit(account_id: int, amount: int, *, pending: bool) -> bool:
    field = "credits_pending" if pending else "credits_posted"
    allowed = Q(credits_must_not_exceed_debits=False) | Q(
        debits_posted__gte=F("credits_posted") + F("credits_pending") + amount
    )
    return (
        LedgerAccount.objects.filter(Q(pk=account_id) & allowed).update(
            **{field: F(field) + amount}
        )
        == 1
    )


def _settle_pending(pending: Transfer, posted_amount: int) -> None:
    """Release a pending hold and post `posted_amount` of it (0 for a void)."""
    LedgerAccount.objects.filter(pk=pending.debit_account_id).update(
        debits_pending=F("debits_pending") - pending.amount,
        debits_posted=F("debits_posted") + posted_amount,
    )
    LedgerAccount.objects.filter(pk=pending.credit_account_id).update(
        credits_pending=F("credits_pending") - pending.amount,
        credits_posted=F("credits_posted") + posted_amount,
    )


def _claim_pending(spec: TransferSpec, now: datetime) -> Transfer:
    pending = Transfer.objects.filter(pk=spec.pending_id, kind=TransferKind.PENDING).first()
    if pending is None:
        raise LedgerRefused(
            _("No pending transfer %(id)s.") % {"id": spec.pending_id}, code="pending_not_found"
        )
    resolution = (
        PendingResolution.POSTED if spec.kind == "post_pending" else PendingResolution.VOIDED
    )
    claimed = (
        Transfer.objects.filter(pk=pending.pk, resolution="")
        .filter(Q(timeout_at__isnull=True) | Q(timeout_at__gt=now))
        .update(resolution=resolution)
    )
    if not claimed:
        pending.refresh_from_db()
        code = "pending_already_resolved" if pending.resolution else "pending_expired"
        raise LedgerRefused(
            _("The pending transfer %(id)s is %(state)s.")
            % {"id": pending.pk, "state": pending.resolution or "expired"},
            code=code,
        )
    return pending


def _apply(spec: TransferSpec, accounts: dict[int, LedgerAccount], now: datetime) -> Row:
    if spec.kind in ("post_pending", "void_pending"):
        pending = _claim_pending(spec, now)
        amount = (
            0
            if spec.kind == "void_pending"
            else (pending.amount if spec.amount is None else spec.amount)
        )
        if amount > pending.amount:
            raise LedgerRefused(_("Cannot post more than was held."), code="post_exceeds_pending")
        _settle_pending(pending, amount)
        return Row(
            spec.id,
            spec.kind,
            pending.debit_account_id,
            pending.credit_account_id,
            amount,
            pending.currency,
            spec.code,
            pending.pk,
            None,
            now,
        )
    debit, credit = accounts[spec.debit], accounts[spec.credit]
    if debit.currency != credit.currency:
        raise LedgerRefused(
            _("A transfer stays in one currency; FX goes through liquidity accounts."),
            code="currency_mismatch",
        )
    amount, is_pending = int(spec.amount or 0), spec.kind == "pending"
    if not _debit(debit.pk, amount, pending=is_pending):
        raise InsufficientFunds(
            _("Not enough funds in %(account)s.") % {"account": debit.code},
            extra={"transfer": spec.id},
        )
    if not _credit(credit.pk, amount, pending=is_pending):
        raise LedgerRefused(
            _("%(account)s cannot take this credit.") % {"account": credit.code},
            code="credits_exceed_debits",
        )
    timeout = now + timedelta(seconds=spec.timeout_seconds) if spec.timeout_seconds else None
    return Row(
        spec.id,
        spec.kind,
        debit.pk,
        credit.pk,
        amount,
        debit.currency,
        spec.code,
        None,
        timeout,
        now,
    )


def _row(spec: TransferSpec, accounts: dict[int, LedgerAccount], now: datetime) -> Row:
    debit = accounts[spec.debit]
    return Row(
        spec.id,
        spec.kind,
        debit.pk,
        spec.credit,
        int(spec.amount or 0),
        debit.currency,
        spec.code,
        None,
        None,
        now,
    )


_COLUMNS = (
    "id",
    "journal_id",
    "kind",
    "debit_account_id",
    "credit_account_id",
    "amount",
    "currency",
    "code",
    "pending_id",
    "timeout_at",
    "resolution",
    "created_at",
)


COPY_THRESHOLD = 20


def _insert(journal_id: str, rows: list[Row]) -> None:
    """One parameterised INSERT, executed for every row (psycopg pipelines it): the ORM's
    bulk_create spends more time building objects and SQL than the database spends storing."""
    ops = connection.ops
    table = ops.quote_name(Transfer._meta.db_table)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    params = [
        (
            t.id,
            journal_id,
            t.kind,
            t.debit_account_id,
            t.credit_account_id,
            t.amount,
            t.currency,
            t.code,
            t.pending_id,
            ops.adapt_datetimefield_value(t.timeout_at),
            "",
            ops.adapt_datetimefield_value(t.created_at),
        )
        for t in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(params) > COPY_THRESHOLD:
            # COPY streams rows without a statement per row: the batched path's largest cost.
            with cursor.cursor.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
            return
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({placeholders})", params
        )


def accounts_lock(ids: Iterable[int]) -> dict[int, LedgerAccount]:
    """Lock these ledger accounts FOR UPDATE in id order, the order every journal takes them
    in: a caller about to post several journals in one transaction takes all their accounts
    here first, in one round, so it cannot lock some, then wait for one with a lower id."""
    locked = LedgerAccount.objects.select_for_update().filter(pk__in=set(ids)).order_by("pk")
    return {account.pk: account for account in locked}


def _accounts_for(specs: list[TransferSpec]) -> dict[int, LedgerAccount]:
    """The journal's accounts, locked in id order. Two journals that share accounts then queue
    on the first one they share: the balance UPDATEs that follow lock rows in whatever order
    their plan meets them, and two captures crediting the same merchants deadlocked that way."""
    ids = {s.debit for s in specs if s.kind in ("posted", "pending")} | {
        s.credit for s in specs if s.kind in ("posted", "pending")
    }
    accounts = accounts_lock(ids)
    missing = ids - set(accounts)
    if missing:
        raise LedgerRefused(
            _("Unknown ledger accounts: %(ids)s") % {"ids": sorted(missing)},
            code="account_not_found",
        )
    return accounts


def _replay(journal_id: str, fingerprint: str) -> Journal:
    existing = Journal.objects.get(pk=journal_id)
    if existing.fingerprint != fingerprint:
        raise JournalConflict(
            _("Journal %(id)s was already posted with other transfers.") % {"id": journal_id}
        )
    return existing


def journal_post(
    *, journal_id: str, kind: str, transfers: list[TransferSpec], reference: str = ""
) -> Journal:
    """Post linked transfers: all of them, or none (the first refusal rolls everything back).

    A repeat of a posted journal (same id and transfers) returns it without moving money again.
    """
    problems = rules.spec_problems(transfers)
    if problems:
        raise ValidationFailed(
            _("The transfers are not valid."),
            code="transfers_invalid",
            fields={"transfers": problems},
        )
    fingerprint = rules.fingerprint(kind, transfers)
    now = clock.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                journal = Journal.objects.create(
                    id=journal_id,
                    kind=kind,
                    reference=reference,
                    fingerprint=fingerprint,
                    created_at=now,
                )
        except IntegrityError:
            return _replay(journal_id, fingerprint)
        accounts = _accounts_for(transfers)
        if ledger_batch.qualifies(transfers, accounts):
            ledger_batch.apply_posted(transfers, accounts)
            rows = [_row(spec, accounts, now) for spec in transfers]
        else:
            rows = [_apply(spec, accounts, now) for spec in transfers]
        try:
            with transaction.atomic():
                _insert(journal.pk, rows)
        except IntegrityError as exc:
            raise JournalConflict(
                _("A transfer id in this journal is already used."), code="transfer_id_reused"
            ) from exc
    return journal


def pending_expire(*, now: datetime | None = None, batch: int = 1000) -> int:
    """Release pending transfers whose timeout passed; each is released exactly once."""
    moment = now or clock.now()
    due = list(
        Transfer.objects.filter(kind=TransferKind.PENDING, resolution="", timeout_at__lte=moment)[
            :batch
        ]
    )
    released = 0
    for pending in due:
        with transaction.atomic():
            claimed = Transfer.objects.filter(pk=pending.pk, resolution="").update(
                resolution=PendingResolution.EXPIRED
            )
            if claimed:
                _settle_pending(pending, 0)
                released += 1
    return released
