"""The set-based path for journals of posted transfers: one UPDATE per side of the journal,
whatever its size.

Each account's total debit (and credit) in the journal is applied at once, with the account's
flag checked in the WHERE clause. For a linked journal this equals checking transfer by transfer
when every protected account moves in one direction only: its balance then only falls, so the
final state is the tightest one. Journals that do not qualify take the sequential path.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from django.db import connection
from django.utils.translation import gettext as _

from tradelane.payments.errors import InsufficientFunds, LedgerRefused
from tradelane.payments.models import LedgerAccount
from tradelane.payments.rules import TransferSpec

SIDES = {
    "debit": (
        "debits_posted",
        "debits_must_not_exceed_credits",
        "credits_posted >= debits_posted + debits_pending + v.delta",
    ),
    "credit": (
        "credits_posted",
        "credits_must_not_exceed_debits",
        "debits_posted >= credits_posted + credits_pending + v.delta",
    ),
}


def supported() -> bool:
    return connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 35)
    )


def qualifies(specs: list[TransferSpec], accounts: dict[int, LedgerAccount]) -> bool:
    if len(specs) < 2 or any(s.kind != "posted" for s in specs) or not supported():
        return False
    debited = {s.debit for s in specs}
    credited = {s.credit for s in specs}
    for account_id in debited & credited:
        a = accounts[account_id]
        if a.debits_must_not_exceed_credits or a.credits_must_not_exceed_debits:
            return False
    return True


def _totals(specs: list[TransferSpec], side: str) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for s in specs:
        totals[s.debit if side == "debit" else s.credit] += int(s.amount or 0)
    return totals


def _apply_side(totals: dict[int, int], side: str) -> set[int]:
    column, flag, check = SIDES[side]
    table = connection.ops.quote_name(LedgerAccount._meta.db_table)
    values = ", ".join(["(CAST(%s AS BIGINT), CAST(%s AS BIGINT))"] * len(totals))
    sql = (
        f"WITH v(account_id, delta) AS (VALUES {values}) "
        f"UPDATE {table} SET {column} = {column} + v.delta FROM v "
        f"WHERE id = v.account_id AND (NOT {flag} OR {check}) RETURNING id"
    )
    params = [x for pair in totals.items() for x in pair]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def apply_posted(specs: list[TransferSpec], accounts: dict[int, LedgerAccount]) -> None:
    """Apply every transfer's balance change, or raise (the caller's transaction rolls back)."""
    for spec in specs:
        if accounts[spec.debit].currency != accounts[spec.credit].currency:
            raise LedgerRefused(
                _("A transfer stays in one currency; FX goes through liquidity accounts."),
                code="currency_mismatch",
            )
    debits = _totals(specs, "debit")
    refused = set(debits) - _apply_side(debits, "debit")
    if refused:
        raise InsufficientFunds(
            _("Not enough funds in %(account)s.") % {"account": accounts[min(refused)].code}
        )
    credits = _totals(specs, "credit")
    refused = set(credits) - _apply_side(credits, "credit")
    if refused:
        raise LedgerRefused(
            _("%(account)s cannot take this credit.") % {"account": accounts[min(refused)].code},
            code="credits_exceed_debits",
        )
