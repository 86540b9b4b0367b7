from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from tradelane.tools.chaos import run as chaos


class Command(BaseCommand):
    help = (
        "The production profile on a throwaway PostgreSQL database under a mixed money load"
        " with retries, while web workers, the queue worker and database backends are killed;"
        " then the money is checked. Exits non-zero if a check fails. See docs/reliability.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--short", action="store_true", help="CI's run: under a minute of load")
        parser.add_argument("--seconds", type=float, help="seconds of load (full run: 240)")
        parser.add_argument("--clients", type=int, help="client threads, one consumer each")
        parser.add_argument("--interval", type=float, help="seconds between faults")
        parser.add_argument("--database", default="tradelane_chaos", help="throwaway database")
        parser.add_argument(
            "--queue-url", default="redis://127.0.0.1:6379/7", help="a Redis database of its own"
        )
        parser.add_argument("--queue-bound", type=int, default=500, help="max queue depth")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--keep", action="store_true", help="keep the client and server logs")
        parser.add_argument(
            "--report",
            type=Path,
            nargs="?",
            const=chaos.DOC,
            help="write the figures into this file's generated block (default docs/reliability.md)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        given = {
            name: options[name]
            for name in ("seconds", "clients", "interval")
            if options.get(name) is not None
        }
        common = {
            "database": options["database"],
            "queue_url": options["queue_url"],
            "queue_bound": options["queue_bound"],
            "seed": options["seed"],
            "keep": options["keep"],
            **given,
        }
        short = options["short"]
        opts = chaos.ChaosOptions.short(**common) if short else chaos.ChaosOptions(**common)
        try:
            with override_settings(DEBUG=False):  # no query log in the harness either
                report = chaos.run(opts, kind="short" if short else "full", echo=self.stdout.write)
        except KeyboardInterrupt:
            raise CommandError(
                "interrupted: the platform was stopped and the chaos database dropped"
            ) from None
        self.stdout.write(report.text())
        if options["report"]:
            chaos.write_doc(report, options["report"])
            self.stdout.write(f"figures written to {options['report']}")
        if not report.ok:
            raise CommandError("the chaos run failed a check (see above)")
