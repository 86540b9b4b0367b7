import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from tradelane.ops.setup import platform_prepare
from tradelane.tools.simulation.engine import Simulation
from tradelane.tools.simulation.report import render
from tradelane.tools.simulation.scenario import SCENARIOS


class Command(BaseCommand):
    help = (
        "Run a campaign on the simulated clock: shoppers browse, buy and pay; customs, "
        "carriers, cold chain and settlement run with the simulated partners; then a report "
        "and the invariants. Exits 1 if an invariant fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="fresh-food-week")
        parser.add_argument("--visitors-per-day", type=int, help="override the scenario's")
        parser.add_argument("--days", type=int, help="override the campaign's length")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0, help="demo data scale if empty")
        parser.add_argument("--report-file", help="also write the report to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        platform_prepare(self.stdout, scale=options["scale"])
        scenario = SCENARIOS[options["scenario"]].scaled(
            options["visitors_per_day"], options["days"]
        )
        simulation = Simulation(scenario, seed=options["seed"])
        if options["verbosity"] < 2:  # the report counts what the log lines would say
            logging.getLogger("tradelane").setLevel(logging.ERROR)
        with Progress(
            TextColumn(f"{scenario.title}"),
            BarColumn(),
            TextColumn("{task.fields[moment]}"),
            TimeElapsedColumn(),
        ) as bar:
            task = bar.add_task("simulating", total=1, moment="")

            def progress(done: int, total: int) -> None:
                day, hour = divmod(done, 24)
                bar.update(task, completed=done, total=total, moment=f"day {day + 1} {hour:02d}h")

            run = simulation.go(progress)
        report, checks = render(run)
        self.stdout.write(report)
        if options["report_file"]:
            with open(options["report_file"], "w", encoding="utf-8") as f:
                f.write(report + "\n")
        if not all(c.ok for c in checks):
            raise CommandError("an invariant failed (see above)")
