"""`tradelane seed-demo`: fill an empty database with the demo data set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.markets.models import Market
from tradelane.merchants.models import Merchant
from tradelane.tools.demo.bank_accounts import demo_bank_accounts_create
from tradelane.tools.demo.generator import DEMO_PASSWORD, DemoBuilder

MARKETS = ("CN", "AU", "NZ", "SG", "MY")


class Command(BaseCommand):
    help = (
        "Seed a deterministic demo data set: about 1,700 merchants, 20,000 products with English "
        "and Chinese content, listings on CN/AU/NZ/SG/MY, stock, and 2,500 consumers. Does "
        "nothing if merchants already exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply every count by this factor (for example 0.01 in tests)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = float(options["scale"])
        if scale <= 0:
            raise CommandError("--scale must be positive")
        if Merchant.objects.exists():
            self.stdout.write(
                "Merchants already exist: the demo data is not seeded twice. Nothing done."
            )
            return
        missing = set(MARKETS) - set(Market.objects.values_list("code", flat=True))
        if missing:
            raise CommandError(
                f"Markets {', '.join(sorted(missing))} are missing: run migrate first."
            )
        builder = DemoBuilder(scale=scale, now=clock.now(), log=self.stdout.write)
        try:
            with transaction.atomic():
                summary = builder.run()
                summary.counts["merchant bank accounts"] = demo_bank_accounts_create()
        except ApplicationError as exc:  # for example no FX rate at the clock's time
            raise CommandError(str(exc)) from exc
        width = max(len(name) for name in summary.counts)
        for name, count in summary.counts.items():
            self.stdout.write(f"  {name:<{width}}  {count:>8,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded the demo data (scale {scale:g}) in {summary.seconds:.1f} s."
            )
        )
        self.stdout.write(
            "Logins (password "
            f"'{DEMO_PASSWORD}'): operator@tradelane.test (admin), merchant@tradelane.test, "
            "demo.cn@tradelane.test, demo.au@tradelane.test"
        )
