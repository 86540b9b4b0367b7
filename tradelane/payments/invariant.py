"""The ledger's invariant, checkable at any time:
1. per currency, total debits equal total credits (posted, and pending);
2. every account's totals equal the sums of its transfers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Sum

from tradelane.payments.models import LedgerAccount, Transfer, TransferKind

POSTING_KINDS = (TransferKind.POSTED, TransferKind.POST_PENDING)


@dataclass
class InvariantReport:
    currencies: dict[str, dict[str, int]] = field(default_factory=dict)
    unbalanced_currencies: list[str] = field(default_factory=list)
    mismatched_accounts: list[dict[str, object]] = field(default_factory=list)
    accounts: int = 0
    transfers: int = 0

    @property
    def ok(self) -> bool:
        return not self.unbalanced_currencies and not self.mismatched_accounts


def _sums(side: str, condition: Q) -> dict[int, int]:
    rows = Transfer.objects.filter(condition).values(side).annotate(total=Sum("amount"))
    return {row[side]: int(row["total"] or 0) for row in rows}


def _expected_totals() -> dict[str, dict[int, int]]:
    posting = Q(kind__in=POSTING_KINDS)
    holding = Q(kind=TransferKind.PENDING, resolution="")
    return {
        "debits_posted": _sums("debit_account", posting),
        "credits_posted": _sums("credit_account", posting),
        "debits_pending": _sums("debit_account", holding),
        "credits_pending": _sums("credit_account", holding),
    }


def ledger_invariant() -> InvariantReport:
    report = InvariantReport(transfers=Transfer.objects.count())
    expected = _expected_totals()
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fields = ("debits_posted", "credits_posted", "debits_pending", "credits_pending")
    for account in LedgerAccount.objects.only("pk", "code", "currency", *fields).iterator(
        chunk_size=5000
    ):
        report.accounts += 1
        for name in fields:
            actual = getattr(account, name)
            totals[account.currency][name] += actual
            if actual != expected[name].get(account.pk, 0):
                report.mismatched_accounts.append(
                    {
                        "account": account.code,
                        "field": name,
                        "stored": actual,
                        "from_transfers": expected[name].get(account.pk, 0),
                    }
                )
    for currency, sums in sorted(totals.items()):
        report.currencies[currency] = dict(sums)
        if (
            sums["debits_posted"] != sums["credits_posted"]
            or sums["debits_pending"] != sums["credits_pending"]
        ):
            report.unbalanced_currencies.append(currency)
    return report
