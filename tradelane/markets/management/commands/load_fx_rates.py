from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tradelane.core.errors import ApplicationError
from tradelane.markets.services import fx_rates_load_csv

DEMO_RATES = Path(__file__).resolve().parents[2] / "data" / "demo_fx_rates.csv"


class Command(BaseCommand):
    help = "Load FX rate snapshots (base,quote,rate,source,as_of) from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEMO_RATES))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = fx_rates_load_csv(Path(options["path"]))
        except (ApplicationError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"loaded {count} FX rate snapshots from {options['path']}")
