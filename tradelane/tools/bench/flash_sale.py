"""`tradelane bench flash-sale`: a crowd of buyers (5,000 by default) for a flash sale of
1,000 units, over HTTP against the production server on PostgreSQL.

Each buyer is a consumer with a bearer token (made in bulk beforehand) who sends one claim,
`POST /api/v1/flash-sales/{id}/claims {"quantity": 1}` with an Idempotency-Key. The crowd
arrives evenly over the arrival window with at most `connections` claims in flight (see
`tradelane/tools/loadgen/flash.py` for how latency is measured). Afterwards the database is read
back: units sold, claims and buyers with a claim must all equal the units offered. The same crowd
against `GET /healthz` in the same run is the floor.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from tradelane.campaigns.errors import CampaignExists
from tradelane.campaigns.models import Campaign, FlashSale, FlashSaleClaim
from tradelane.campaigns.selectors import current_campaign
from tradelane.campaigns.services import campaign_from_template, flash_sale_create
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.ops.setup import platform_prepare
from tradelane.tools.bench import buyers
from tradelane.tools.bench.checkout import bench_catalog, bench_merchant
from tradelane.tools.bench.harness import machine
from tradelane.tools.bench.server import (
    Quiet,
    ServerSpec,
    production_server,
    require_postgres,
)

TARGET_P99_MS = 250.0
TEMPLATE = "fresh-food-week"


@dataclass
class FlashBench:
    spec: ServerSpec
    units: int
    buyers: int
    connections: int
    arrival_s: float
    price: str = ""
    setup_s: float = 0.0
    crowd: dict[str, Any] = field(default_factory=dict)
    floor: dict[str, Any] = field(default_factory=dict)
    sold_in_database: int = 0
    claims_in_database: int = 0
    buyers_in_database: int = 0
    machine: str = ""

    @property
    def exact(self) -> bool:
        counts = (self.crowd["claimed"], self.sold_in_database, self.claims_in_database)
        return counts == (self.units,) * 3 and self.buyers_in_database == self.units

    def report(self) -> str:
        c, f = self.crowd, self.floor
        statuses = ", ".join(f"{k} x{v}" for k, v in sorted(c["statuses"].items()))
        met = c["p99_ms"] < TARGET_P99_MS and c["server_errors"] == 0 and self.exact
        return "\n".join(
            [
                f"flash-sale benchmark on {self.machine}",
                f"  server: {self.spec.describe()}",
                f"  sale: {self.units:,} units at {self.price}, 1 per buyer; {self.buyers:,} buyers"
                f" with tokens (set up in {self.setup_s:.1f} s)",
                f"  crowd: a separate process (asyncio + aiohttp); buyers arrive evenly over"
                f" {self.arrival_s:g} s, at most {self.connections} claims in flight",
                f"  sold out after {c['sold_out_s']:.2f} s; every buyer answered after"
                f" {c['all_answered_s']:.2f} s ({c['rps']:.0f} claims/s)",
                f"  answers: {statuses}; server errors {c['server_errors']}, errors {c['errors']}",
                f"  CPU per claim: server {c['server_cpu_ms_per_request']:.2f} ms (web and queue"
                f" workers), load generator {c['client_cpu_ms_per_request']:.2f} ms",
                f"  claim latency (sent on a free connection): p50 {c['p50_ms']:.1f} ms"
                f"  p99 {c['p99_ms']:.1f} ms  max {c['max_ms']:.1f} ms",
                "  p99 by answer: "
                + ", ".join(f"{k} {v:.1f} ms" for k, v in c["p99_ms_by_status"].items()),
                f"  buyer's view (arrival to answer, incl. wait for a connection):"
                f" p50 {c['buyer_p50_ms']:.1f} ms  p99 {c['buyer_p99_ms']:.1f} ms",
                f"  baseline, the same crowd on GET /healthz: p50 {f['p50_ms']:.1f} ms"
                f"  p99 {f['p99_ms']:.1f} ms  ({f['rps']:.0f} req/s, {f['errors']} errors)",
                f"  database: sold {self.sold_in_database:,}, claims {self.claims_in_database:,},"
                f" buyers with a claim {self.buyers_in_database:,}, client counted"
                f" {c['claimed']:,} -> {'exact' if self.exact else 'NOT exact'}",
                f"  target: {self.units:,} sold exactly, 0 server errors, p99 < {TARGET_P99_MS:.0f} ms"
                f" -> {'met' if met else 'NOT met'}",
            ]
        )


def _open_campaign(window: timedelta) -> Campaign:
    """A live Fresh Food Week covering the sale, or a new one opened now for the bench."""
    now = clock.now()
    found = current_campaign("CN", at=now)
    if found is not None and found.ends_at >= now + window:
        return found
    for year in range(now.year, now.year + 50):
        try:
            return campaign_from_template(
                TEMPLATE, year=year, status="live", starts_at=now - timedelta(hours=1)
            )
        except CampaignExists:
            continue
    raise RuntimeError("no free campaign code for the flash-sale bench")


def _sale(tag: str, units: int) -> FlashSale:
    campaign = _open_campaign(timedelta(hours=2))
    [listing] = bench_catalog([bench_merchant(0, tag)], 1)
    now = clock.now()
    return flash_sale_create(
        code=campaign.code,
        listing=listing,
        price=Money.from_minor(listing.price_minor // 2, listing.currency),
        units=units,
        per_buyer_limit=1,
        starts_at=now,
        ends_at=now + timedelta(hours=1),
    )


def run(
    *,
    buyers_count: int = 5000,
    units: int = 1000,
    connections: int = 16,
    arrival: float = 1.0,
    workers: int = 3,
    threads: int = 8,
) -> FlashBench:
    require_postgres()
    platform_prepare(Quiet(), demo=False)
    tag = uuid.uuid4().hex[:10]  # its head names the bench merchants: random, unique per run
    started = time.perf_counter()
    sale = _sale(tag, units)
    crowd = buyers.crowd(tag, buyers_count)
    spec = ServerSpec(workers=workers, threads=threads)
    bench = FlashBench(spec, units, buyers_count, connections, arrival, machine=machine())
    bench.price = str(Money.from_minor(sale.price_minor, sale.currency))
    bench.setup_s = time.perf_counter() - started
    tokens = [b.token for b in crowd]
    shape = {
        "scenario": "flash",
        "tokens": tokens,
        "connections": connections,
        "arrival_s": arrival,
    }
    with production_server(spec) as server:
        bench.floor = server.drive({**shape, "method": "GET", "url": "/healthz"})
        bench.crowd = server.drive({**shape, "flash_sale_id": sale.pk})
    sale.refresh_from_db()
    claims = FlashSaleClaim.objects.filter(flash_sale_id=sale.pk)
    bench.sold_in_database = sale.sold
    bench.claims_in_database = sum(claims.values_list("quantity", flat=True))
    bench.buyers_in_database = claims.values("consumer_id").distinct().count()
    return bench
