from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Run a background worker on the task queue (TASK_QUEUE_URL, Redis or RabbitMQ): "
        "webhook deliveries (queue `celery`) and periodic jobs (queue `jobs`). Exactly one "
        "process schedules the periodic work: `--beat-only` (production) or `--beat`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from tradelane.worker import QUEUES

        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument(
            "--queues",
            default=",".join(QUEUES),
            help=f"queues to consume, comma-separated (default {','.join(QUEUES)})",
        )
        parser.add_argument(
            "--beat", action="store_true", help="also schedule periodic work (a child process)"
        )
        parser.add_argument(
            "--beat-only",
            action="store_true",
            help="only schedule periodic work, run no tasks (the production profile's scheduler)",
        )
        parser.add_argument(
            "--name",
            default="celery",
            help="node name, unique per host (NAME@host): several workers on one host need one each",
        )
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.TASK_QUEUE_URL:
            raise CommandError(
                "Set TASK_QUEUE_URL (redis://… or amqp://…); without it `tradelane serve` "
                "runs background work in-process."
            )
        from tradelane.worker import app

        schedule = settings.BASE_DIR / "var" / "celerybeat-schedule"
        if options["beat"] or options["beat_only"]:
            schedule.parent.mkdir(parents=True, exist_ok=True)
        if options["beat_only"]:
            app.start(["beat", f"--schedule={schedule}", f"--loglevel={options['loglevel']}"])
            return
        # Threads, not processes: the work is waiting on HTTP and the database.
        argv = [
            "worker",
            "--pool=threads",
            f"--concurrency={options['concurrency']}",
            f"--queues={options['queues']}",
            f"--hostname={options['name']}@%h",
            f"--loglevel={options['loglevel']}",
            "--without-mingle",
            "--without-gossip",
        ]
        if options["beat"]:
            argv += ["--beat", f"--schedule={schedule}"]
        app.worker_main(argv)
