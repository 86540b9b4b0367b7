import sys
from typing import Any

from django.core.management.base import BaseCommand

from tradelane.payments.services.reconciliation import reconcile


class Command(BaseCommand):
    help = (
        "Tie payments, refunds, till payments and payouts to their journals; exit 1 on a mismatch."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = reconcile()
        self.stdout.write(f"checked: {dict(report.checked)}")
        for m in report.mismatches:
            self.stderr.write(f"MISMATCH {m}")
        if not report.ok:
            sys.exit(1)
        self.stdout.write("reconciled: every record matches its journal")
