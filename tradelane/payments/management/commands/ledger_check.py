import sys
from typing import Any

from django.core.management.base import BaseCommand

from tradelane.payments.invariant import ledger_invariant


class Command(BaseCommand):
    help = "Check the ledger invariant; exit 1 if any currency or account does not balance."

    def handle(self, *args: Any, **options: Any) -> None:
        report = ledger_invariant()
        for currency, sums in report.currencies.items():
            self.stdout.write(
                f"{currency}: debits posted {sums['debits_posted']} = credits posted {sums['credits_posted']}, "
                f"pending {sums['debits_pending']} = {sums['credits_pending']}"
            )
        self.stdout.write(f"{report.accounts} accounts, {report.transfers} transfers")
        for problem in report.mismatched_accounts[:50]:
            self.stderr.write(f"MISMATCH {problem}")
        if not report.ok:
            self.stderr.write(f"ledger invariant FAILED: unbalanced {report.unbalanced_currencies}")
            sys.exit(1)
        self.stdout.write("ledger invariant holds")
