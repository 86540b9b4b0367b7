from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tradelane.catalog.services import listings_reprice
from tradelane.core.errors import ApplicationError
from tradelane.markets.services import fx_rates_load_csv

DEMO_RATES = Path(__file__).resolve().parents[3] / "markets" / "data" / "demo_fx_rates.csv"


class Command(BaseCommand):
    help = (
        "Load FX rate snapshots (base,quote,rate,source,as_of) from a CSV file, then reprice "
        "listings whose price is derived from the merchant's price through FX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEMO_RATES))
        parser.add_argument("--no-reprice", action="store_true", help="load rates only")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = fx_rates_load_csv(Path(options["path"]))
        except (ApplicationError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"loaded {count} FX rate snapshots from {options['path']}")
        if not options["no_reprice"]:
            self.stdout.write(f"repriced {listings_reprice()} derived listings")
