from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tradelane.fulfilment.services.stocking import forward_stocking


class Command(BaseCommand):
    help = "Recommend SKUs to hold in China's bonded warehouses, from recent direct-mail demand."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--top", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        rows = forward_stocking(days=options["days"])[: options["top"]]
        if not rows:
            self.stdout.write("no SKU sells enough by direct mail to be worth holding in bonded")
            return
        self.stdout.write(
            f"{'SKU':<24}{'zone':<9}{'units':>7}{'AUD/unit':>10}{'AUD/month':>11}{'hours':>7}"
        )
        for r in rows:
            self.stdout.write(
                f"{r.sku:<24}{r.bonded_zone:<9}{r.units_30d:>7}{r.saving_per_unit / 100:>10.2f}"
                f"{r.monthly_saving / 100:>11.2f}{r.hours_saved:>7.0f}"
            )
