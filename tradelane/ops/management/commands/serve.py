from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from tradelane.ops.jobs import JobLoop
from tradelane.ops.setup import platform_prepare
from tradelane.outbox import worker as outbox_worker


class Command(BaseCommand):
    help = "Migrate, load demo data into an empty database, and serve at http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="do not load demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        platform_prepare(self.stdout, demo=not options["no_demo"])
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
