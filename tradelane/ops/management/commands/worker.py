from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Run a background worker on the task queue (TASK_QUEUE_URL, Redis or RabbitMQ): "
        "webhook deliveries and periodic jobs. Run exactly one with --beat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--beat", action="store_true", help="also schedule periodic work")
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.TASK_QUEUE_URL:
            raise CommandError(
                "Set TASK_QUEUE_URL (redis://… or amqp://…); without it `tradelane serve` "
                "runs background work in-process."
            )
        from tradelane.worker import app

        # Threads, not processes: the work is waiting on HTTP and the database.
        argv = [
            "worker",
            "--pool=threads",
            f"--concurrency={options['concurrency']}",
            f"--loglevel={options['loglevel']}",
            "--without-mingle",
            "--without-gossip",
        ]
        if options["beat"]:
            schedule = settings.BASE_DIR / "var" / "celerybeat-schedule"
            schedule.parent.mkdir(parents=True, exist_ok=True)
            argv += ["--beat", f"--schedule={schedule}"]
        app.worker_main(argv)
