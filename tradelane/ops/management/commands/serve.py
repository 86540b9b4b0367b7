from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from tradelane.customs.models import PositiveListEntry
from tradelane.logistics.models import Lane
from tradelane.markets.models import FxRate
from tradelane.merchants.models import Merchant
from tradelane.ops.jobs import JobLoop
from tradelane.outbox import worker as outbox_worker


class Command(BaseCommand):
    help = "Migrate, load demo data into an empty database, and serve at http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="do not load demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        settings_db = settings.DATABASES["default"]
        if settings_db["ENGINE"].endswith("sqlite3"):
            from pathlib import Path

            Path(settings_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if not FxRate.objects.exists():
            call_command("load_fx_rates")
        if not PositiveListEntry.objects.exists():
            call_command("load_positive_list")
        if not Lane.objects.exists():
            call_command("load_network")
        if not options["no_demo"] and not Merchant.objects.exists():
            self.stdout.write("empty database: loading demo data (about half a minute)…")
            call_command("seed_demo")
        call_command("collectstatic", interactive=False, verbosity=0)
        if settings.TASK_QUEUE_URL:
            self.stdout.write("background work goes to the task queue: run `tradelane worker`")
        else:
            JobLoop().start()
            outbox_worker.start()
        self.stdout.write(
            f"Tradelane at http://{options['addrport']}/  (API docs: /api/v1/docs, admin: /admin/)"
        )
        call_command("runserver", options["addrport"], use_reloader=False)
