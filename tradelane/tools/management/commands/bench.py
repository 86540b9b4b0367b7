from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from tradelane.tools.bench import (
    checkout,
    flash_sale,
    http,
    ledger,
    pipeline,
    routing,
    suite,
    till,
    web,
)


class Command(BaseCommand):
    help = (
        "Benchmarks that print a figure and a baseline measured in the same run. Without a"
        " subcommand: every benchmark, each report written into docs/benchmarks.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="which")
        st = sub.add_parser("suite", help="every benchmark; reports into docs/benchmarks.md")
        st.add_argument("--only", nargs="*", help="names of the benchmarks to run")
        st.add_argument("--routing-parcels", type=int, default=20_000)
        st.add_argument("--web-scale", type=float, default=0.05)
        st.add_argument("--doc", type=Path, default=suite.DOC)

        co = sub.add_parser("checkout", help="quotes/s and places/s in-process, against raw SQL")
        co.add_argument("--checkouts", type=int, default=300)
        co.add_argument("--catalog", type=int, default=40)

        pl = sub.add_parser(
            "pipeline", help="orders/s through quote, place, pay, declare, route vs raw SQL"
        )
        pl.add_argument("--orders", type=int, default=1000)
        pl.add_argument("--batch", type=int, default=100, help="checkouts between job runs")
        pl.add_argument("--catalog", type=int, default=40)

        led = sub.add_parser("ledger", help="transfers/s single and batched, against raw SQL")
        led.add_argument("--single", type=int, default=1000)
        led.add_argument("--batches", type=int, default=20)
        led.add_argument("--batch-size", type=int, default=500)

        tl = sub.add_parser("till", help="in-store payments/s with p50 and p99")
        tl.add_argument("--payments", type=int, default=300)
        tl.add_argument("--visitors", type=int, default=20)

        rt = sub.add_parser("routing", help="plan a day's parcels: MILP vs LP bound and greedy")
        rt.add_argument("--parcels", type=int, default=100_000)

        wb = sub.add_parser("web", help="storefront pages p50/p99 in-process on the demo catalog")
        wb.add_argument(
            "--scale", type=float, default=1.0, help="demo scale to seed if the catalog is empty"
        )
        wb.add_argument("--requests", type=int, default=50, help="timed requests per page")

        ht = sub.add_parser("http", help="production server under load from a second process")
        ht.add_argument("--duration", type=float, default=20.0, help="seconds per mix")
        ht.add_argument("--connections", type=int, default=32)
        ht.add_argument("--shoppers", type=int, default=16, help="signed-in checkout users")
        ht.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
        ht.add_argument("--threads", type=int, default=8, help="threads per worker")
        ht.add_argument("--scale", type=float, default=0.05, help="demo scale if empty")

        fs = sub.add_parser("flash-sale", help="a crowd of buyers claims a flash sale over HTTP")
        fs.add_argument("--buyers", type=int, default=5000)
        fs.add_argument("--units", type=int, default=1000)
        fs.add_argument("--connections", type=int, default=16, help="claims in flight at most")
        fs.add_argument("--arrival", type=float, default=1.0, help="seconds the crowd arrives over")
        fs.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
        fs.add_argument("--threads", type=int, default=8, help="threads per worker")

    def handle(self, *args: Any, **options: Any) -> None:
        # Benchmarks measure what production runs: DEBUG's log of every query (a sizeable part
        # of a query's cost here) is a development aid. Query counts use their own wrapper.
        with override_settings(DEBUG=False):
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        which = options.get("which") or "suite"
        if which == "suite":
            suite.run_all(
                doc=options.get("doc") or suite.DOC,
                only=options.get("only"),
                routing_parcels=options.get("routing_parcels") or 20_000,
                web_scale=options.get("web_scale") or 0.05,
                echo=self.stdout.write,
            )
        elif which == "checkout":
            result = checkout.run(
                checkouts=options.get("checkouts", 300), catalog=options.get("catalog", 40)
            )
            self.stdout.write(result.report())
        elif which == "pipeline":
            self.stdout.write(
                pipeline.run(
                    orders=options["orders"], batch=options["batch"], catalog=options["catalog"]
                ).report()
            )
        elif which == "ledger":
            led = ledger.run(
                single=options["single"],
                batches=options["batches"],
                batch_size=options["batch_size"],
            )
            self.stdout.write(led.report())
        elif which == "routing":
            self.stdout.write(routing.run(parcels=options["parcels"]).report())
        elif which == "till":
            self.stdout.write(
                till.run(payments=options["payments"], visitors=options["visitors"]).report()
            )
        elif which == "web":
            self.stdout.write(
                web.run(scale=options["scale"], requests=options["requests"]).report()
            )
        elif which == "http":
            self.stdout.write(
                http.run(
                    duration=options["duration"],
                    concurrency=options["connections"],
                    shoppers=options["shoppers"],
                    workers=options["workers"],
                    threads=options["threads"],
                    scale=options["scale"],
                ).report()
            )
        elif which == "flash-sale":
            self.stdout.write(
                flash_sale.run(
                    buyers_count=options["buyers"],
                    units=options["units"],
                    connections=options["connections"],
                    arrival=options["arrival"],
                    workers=options["workers"],
                    threads=options["threads"],
                ).report()
            )
