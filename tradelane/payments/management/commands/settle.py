from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tradelane.payments.services.settlement import settlement_run


class Command(BaseCommand):
    help = (
        "Run the daily settlement: pay each merchant's payable (less the payout fee) to its bank."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="business date, YYYY-MM-DD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        payouts = settlement_run(business_date=options["date"])
        for p in payouts:
            self.stdout.write(
                f"{p.pk}: {p.status} {p.amount_minor} {p.currency} (fee {p.fee_minor}) {p.failure_code}"
            )
        self.stdout.write(f"{len(payouts)} payouts")
