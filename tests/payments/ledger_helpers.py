from __future__ import annotations

import itertools

from tradelane.payments.models import AccountKind, LedgerAccount
from tradelane.payments.services.accounts import account_open

_seq = itertools.count(1)


def acct(
    currency: str = "AUD", *, protected: bool = False, kind: str = AccountKind.TEST
) -> LedgerAccount:
    return account_open(
        code=f"t:{next(_seq)}:{currency}",
        kind=kind,
        currency=currency,
        debits_must_not_exceed_credits=protected,
    )


def totals(a: LedgerAccount) -> tuple[int, int, int, int]:
    a.refresh_from_db()
    return (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted)


def tid() -> str:
    return f"t{next(_seq)}"
