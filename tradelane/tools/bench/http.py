"""`tradelane bench http`: the platform over HTTP under the production profile (gunicorn workers
on PostgreSQL, queue workers on Redis), driven by the load generator in a second process.

Three mixes, each for the same duration and the same number of connections (closed loop: each
connection sends its next request when the last is answered):
- baseline: `GET /healthz` (one request through the whole middleware stack and one `SELECT 1`),
  the floor a request costs on this server in this run;
- browse: storefront pages (home, search in Chinese and English, category, product) and the
  storefront API (search, product), anonymous;
- checkout: signed-in consumers (bearer tokens, identity, address and wallet funds made through
  the services beforehand), each purchase five calls: cart line, quote, place, pay, confirm.
Afterwards the database is read back: paid checkouts equal what the client counted, and the
ledger balances.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from tradelane.catalog.selectors import storefront_search
from tradelane.core.money import Money
from tradelane.ops.setup import platform_prepare
from tradelane.orders.models import Checkout, CheckoutStatus
from tradelane.payments.invariant import ledger_invariant
from tradelane.tools.bench import buyers
from tradelane.tools.bench.checkout import bench_catalog, bench_merchant
from tradelane.tools.bench.harness import machine
from tradelane.tools.bench.server import (
    Quiet,
    ServerSpec,
    production_server,
    require_postgres,
)

BUYER_FUNDS = Money.of("20000", "CNY")
WARM_UP_S = 3.0


@dataclass
class HttpBench:
    spec: ServerSpec
    concurrency: int
    duration_s: float
    shoppers: int
    mixes: dict[str, dict[str, Any]] = field(default_factory=dict)
    paid_in_database: int = 0
    ledger_ok: bool = False
    machine: str = ""

    def report(self) -> str:
        checkout = self.mixes["checkout"]
        return "\n".join(
            [
                f"http benchmark on {self.machine}",
                f"  server: {self.spec.describe()}",
                f"  load: a separate process (asyncio + aiohttp), closed loop, {self.duration_s:.0f} s per mix;"
                f" {self.concurrency} connections (checkout: {self.shoppers}, one per signed-in consumer)",
                f"  {'mix':<28} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
                f"  {'server CPU/req':>14} {'client CPU/req':>14}",
                *(self._line(name, m) for name, m in self.mixes.items()),
                f"  checkout: {checkout['checkouts_paid']} purchases paid"
                f" ({checkout['checkouts_paid'] / checkout['elapsed_s']:.1f}/s, 5 requests each);"
                f" read back from the database: {self.paid_in_database}",
                f"  ledger balanced after the run: {'yes' if self.ledger_ok else 'NO'}",
            ]
        )

    @staticmethod
    def _line(name: str, m: dict[str, Any]) -> str:
        label = {
            "baseline": "baseline GET /healthz",
            "browse": "browse (pages + API)",
            "checkout": "checkout (API, signed in)",
        }[name]
        return (
            f"  {label:<28} {m['requests']:>8} {m['rps']:>8.1f} {m['p50_ms']:>8.2f}"
            f" {m['p99_ms']:>8.2f} {m['errors']:>7}  {m['server_cpu_ms_per_request']:>11.2f} ms"
            f" {m['client_cpu_ms_per_request']:>11.2f} ms"
            + (f"  {m['error_kinds']}" if m["errors"] else "")
        )


def browse_paths() -> list[str]:
    listings, _ = storefront_search(market_code="CN", query="", limit=6)
    products = [listing.product_id for listing in listings] or [0]
    pages = ["/cn/", f"/cn/search/?q={quote('蜂蜜')}", "/cn/search/?q=manuka", "/cn/c/dairy/"]
    pages += [f"/cn/p/{listing.pk}/" for listing in listings[:3]]
    api = [
        "/api/v1/storefront/CN/products?q=honey",
        f"/api/v1/storefront/CN/products?q={quote('奶粉')}",
    ]
    api += [f"/api/v1/storefront/CN/products/{p}" for p in products[:3]]
    return pages + api


def _plans(
    concurrency: int, paths: list[str], people: list[buyers.Buyer], listing_ids: list[int]
) -> dict[str, dict[str, Any]]:
    browse = {"scenario": "browse", "concurrency": concurrency}
    return {
        "baseline": {**browse, "paths": ["/healthz"]},
        "browse": {**browse, "paths": paths},
        "checkout": {
            "scenario": "checkout",
            "buyers": [b.plan() for b in people],
            "listing_ids": listing_ids,
        },
    }


def _prepare(tag: str, shoppers: int, scale: float) -> tuple[list[buyers.Buyer], list[int]]:
    platform_prepare(Quiet(), demo=True, scale=scale)
    merchants = [bench_merchant(n, tag) for n in range(2)]
    listings = bench_catalog(merchants, 8)
    people = buyers.shoppers(tag, shoppers, funds=BUYER_FUNDS)
    return people, [listing.pk for listing in listings]


def run(
    *,
    duration: float = 20.0,
    concurrency: int = 32,
    shoppers: int = 16,
    workers: int = 3,
    threads: int = 8,
    scale: float = 0.05,
) -> HttpBench:
    require_postgres()
    tag = uuid.uuid4().hex[:10]  # its head names the bench merchants: random, unique per run
    people, listing_ids = _prepare(tag, shoppers, scale)
    spec = ServerSpec(workers=workers, threads=threads)
    bench = HttpBench(spec, concurrency, duration, shoppers, machine=machine())
    paths = browse_paths()
    with production_server(spec) as server:
        # Every worker process imports, connects and fills its caches before the clock starts.
        server.drive(
            {
                "scenario": "browse",
                "paths": paths,
                "concurrency": concurrency,
                "duration_s": WARM_UP_S,
            }
        )
        for name, plan in _plans(concurrency, paths, people, listing_ids).items():
            bench.mixes[name] = server.drive({**plan, "duration_s": duration})
    bench.paid_in_database = Checkout.objects.filter(
        consumer_id__in=[b.consumer_id for b in people], status=CheckoutStatus.PAID
    ).count()
    bench.ledger_ok = ledger_invariant().ok
    return bench
