import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tradelane.ops import production
from tradelane.ops.jobs import JobLoop
from tradelane.ops.setup import platform_prepare
from tradelane.outbox import worker as outbox_worker
from tradelane.tools.demo import live


class Command(BaseCommand):
    help = (
        "Migrate, load demo data into an empty database, and serve at http://127.0.0.1:8000. "
        "With --production: gunicorn workers and queue workers on PostgreSQL (see "
        "docs/operations.md, 'Running in production')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="do not load demo data")
        prod = parser.add_argument_group("production profile")
        prod.add_argument("--production", action="store_true", help="the production profile")
        prod.add_argument("--bind", default="0.0.0.0:8000", help="address:port to listen on")
        prod.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1)),
            help="web worker processes (default WEB_CONCURRENCY, or cores + 1)",
        )
        prod.add_argument("--threads", type=int, default=8, help="threads per web worker")
        prod.add_argument(
            "--queue-workers",
            type=int,
            default=1,
            help="`tradelane worker`s for webhook deliveries (the periodic jobs' worker and the "
            "scheduler are one process each besides)",
        )
        prod.add_argument("--queue-concurrency", type=int, default=8, help="threads per worker")
        prod.add_argument("--migrate", action="store_true", help="apply migrations first")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["production"]:
            self._production(options)
            return
        platform_prepare(self.stdout, demo=not options["no_demo"])
        call_command("collectstatic", interactive=False, verbosity=0)
        if settings.TASK_QUEUE_URL:
            self.stdout.write("background work goes to the task queue: run `tradelane worker`")
        else:
            factor = live.demo_time_enable(os.environ)  # docs/operations.md, "Demo speed"
            self.stdout.write(f"simulated partners at demo speed: x{factor:g} (DEMO_TIME_FACTOR)")
            JobLoop().start()
            outbox_worker.start()
        self.stdout.write(
            f"Tradelane at http://{options['addrport']}/  (API docs: /api/v1/docs, admin: /admin/)"
        )
        call_command("runserver", options["addrport"], use_reloader=False)

    def _production(self, options: dict[str, Any]) -> None:
        problems = production.missing_environment(os.environ)
        if problems:
            raise CommandError(
                "The production profile cannot start:\n  - "
                + "\n  - ".join(problems)
                + "\nSee docs/operations.md, 'Running in production'."
            )
        opts = production.ProductionOptions(
            bind=options["bind"],
            workers=max(1, options["workers"]),
            threads=max(1, options["threads"]),
            queue_workers=max(1, options["queue_workers"]),
            queue_concurrency=max(1, options["queue_concurrency"]),
            migrate=options["migrate"],
        )
        self.stdout.write(
            f"Tradelane (production) on {opts.bind}: {opts.workers} web workers x "
            f"{opts.threads} threads, {opts.queue_workers} delivery worker(s), "
            "a jobs worker and the scheduler (each restarted alone if it dies)"
        )
        code = production.serve_production(opts, self.stdout)
        if code:
            raise CommandError(f"a process of the production profile exited with {code}")
