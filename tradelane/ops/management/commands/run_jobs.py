from typing import Any

from django.core.management.base import BaseCommand

from tradelane.ops.jobs import run_due_jobs


class Command(BaseCommand):
    help = "Run due background jobs once (expire unpaid orders, release lapsed reservations)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(run_due_jobs()))
