from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Send a task through the task queue (TASK_QUEUE_URL) and wait for a worker to run it "
        "against the database; exit 1 if none answers in time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.TASK_QUEUE_URL:
            raise CommandError("Set TASK_QUEUE_URL: without it there is no queue to ping.")
        from tradelane.worker import app  # the configured app: broker and result backend

        nonce, started = uuid.uuid4().hex, time.perf_counter()
        try:
            answer = app.send_task("ops.ping", args=[nonce]).get(timeout=options["timeout"])
        except Exception as exc:  # a timeout or a broker error: either way, no round trip
            raise CommandError(f"no worker answered through the queue: {exc!r}") from exc
        if answer != {"nonce": nonce, "database": "ok"}:
            raise CommandError(f"the worker answered {answer!r}")
        elapsed_ms = 1000 * (time.perf_counter() - started)
        self.stdout.write(
            f"queue round trip ok in {elapsed_ms:.0f} ms (worker reached the database)"
        )
