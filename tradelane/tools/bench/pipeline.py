"""`tradelane bench pipeline`: the whole order pipeline in-process, in orders per second.

Each checkout (3 lines from 2 merchants, so 2 orders) goes through the real services one after
the other: `checkout_quote`, `checkout_place`, `payment_create` + `payment_confirm` (the wallet
capture and its ledger journal). Every `--batch` checkouts the two background jobs run as they
do in production: `declarations_run` (declarations opened and submitted through the simulated
single window) and `shipments_open` (route planned, partners asked, waybill, legs, first
provenance event). The figure is orders divided by the time spent in those calls; filling the
cart (the shopper's clicks) is not timed.

The baseline in the same run (`raw.py`) writes the same rows per checkout with plain SQL and no
validation: the floor for this schema on this database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial

from tradelane.accounts.models import Consumer
from tradelane.clearance.services.declarations import declarations_run
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.partners.single_window.settings import single_window_settings
from tradelane.fulfilment.services.shipments import shipments_open
from tradelane.markets.models import Market
from tradelane.markets.selectors import market_get
from tradelane.orders.models import Checkout
from tradelane.orders.services import checkout_place, checkout_quote
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.tools.bench import buyers
from tradelane.tools.bench.checkout import (
    MIN_CATALOG,
    bench_catalog,
    bench_merchant,
    bench_picks,
    fill_cart,
)
from tradelane.tools.bench.harness import Step, machine
from tradelane.tools.bench.pipeline_raw import RawBuyer, RawPipeline

ORDERS_PER_CHECKOUT = 2
CHECKOUTS_PER_BUYER = 20  # well inside a buyer's CNY 26,000 annual CBEC quota
STEPS = ("quote", "place", "pay", "declare", "route")


@dataclass
class Buyer:
    consumer: Consumer
    address_id: int


@dataclass
class PipelineBench:
    orders: int
    batch: int
    steps: dict[str, Step]
    raw: Step
    jobs: dict[str, int] = field(default_factory=dict)
    machine: str = ""

    @property
    def seconds(self) -> float:
        return sum(step.timer.total for step in self.steps.values())

    @property
    def orders_per_second(self) -> float:
        return self.orders / self.seconds if self.seconds else 0.0

    @property
    def raw_orders_per_second(self) -> float:
        total = self.raw.timer.total
        return self.orders / total if total else 0.0

    @property
    def queries_per_order(self) -> float:
        return sum(s.queries for s in self.steps.values()) / self.orders if self.orders else 0.0

    def report(self) -> str:
        lines = [
            f"pipeline benchmark on {self.machine}",
            f"  {self.orders} orders ({self.orders // ORDERS_PER_CHECKOUT} checkouts of 3 lines"
            f" from 2 merchants); jobs every {self.batch} checkouts",
            f"  pipeline:     {self.orders_per_second:8.1f} orders/s"
            f"  {self.queries_per_order:6.1f} queries/order  ({self.seconds:.2f} s in the services)",
        ]
        for name, step in self.steps.items():
            per_order = 1000 * step.timer.total / self.orders
            lines.append(
                f"    {name:<8} {per_order:7.3f} ms/order"
                f"  {step.queries / self.orders:6.1f} queries/order"
            )
        lines += [
            f"  raw SQL:      {self.raw_orders_per_second:8.1f} orders/s"
            f"  {self.raw.queries / self.orders:6.1f}"
            " queries/order  (baseline: same rows, plain SQL, no validation)",
            f"  pipeline vs raw: {self.orders_per_second / (self.raw_orders_per_second or 1):5.2f} x",
            "  jobs did: " + ", ".join(f"{k} {v}" for k, v in self.jobs.items() if v),
        ]
        return "\n".join(lines)


def _buyers(tag: str, count: int) -> list[Buyer]:
    ready = buyers.shoppers(tag, count, funds=Money.of("50000", "CNY"))
    return [
        Buyer(consumer, b.address_id)
        for consumer, b in zip(buyers.consumers(ready), ready, strict=True)
    ]


def _checkout(buyer: Buyer, market: Market, steps: dict[str, Step]) -> Checkout:
    consumer, address_id = buyer.consumer, buyer.address_id
    quote = steps["quote"].time(lambda: checkout_quote(consumer=consumer, market=market))
    checkout = steps["place"].time(
        partial(checkout_place, consumer=consumer, quote_id=quote.pk, address_id=address_id)
    )
    steps["pay"].time(
        lambda: payment_confirm(
            consumer=consumer,
            payment_id=payment_create(consumer=consumer, checkout_id=checkout.pk).pk,
        )
    )
    return checkout


def _jobs(steps: dict[str, Step], limit: int, did: dict[str, int]) -> None:
    for key, value in steps["declare"].time(lambda: declarations_run(limit=limit)).items():
        did[key] = did.get(key, 0) + value
    routed = steps["route"].time(lambda: shipments_open(limit=limit))
    did["shipments_opened"] = did.get("shipments_opened", 0) + routed


def run(*, orders: int = 1000, batch: int = 100, catalog: int = 40) -> PipelineBench:
    checkouts = max(1, orders // ORDERS_PER_CHECKOUT)
    batch = max(1, min(batch, checkouts))
    tag = uuid.uuid4().hex[:8]
    merchants = [bench_merchant(n, tag) for n in range(4)]
    listings = bench_catalog(merchants, max(catalog, MIN_CATALOG))
    people = _buyers(tag, -(-checkouts // CHECKOUTS_PER_BUYER))  # fresh identities and quotas
    market = market_get("CN")
    _drain_jobs()  # orders left by earlier runs would be counted as this run's work
    steps = {name: Step() for name in STEPS}
    did: dict[str, int] = {}
    limit = ORDERS_PER_CHECKOUT * batch
    for i in range(checkouts):
        buyer = people[i // CHECKOUTS_PER_BUYER]
        fill_cart(buyer.consumer, bench_picks(listings, i))
        last = _checkout(buyer, market, steps)
        if (i + 1) % batch == 0 or i + 1 == checkouts:
            _jobs(steps, limit, did)
    _customs_answer_all(steps, limit, did)
    raw_buyers = _buyers(tag + "r", len(people))
    raw = _raw(last, raw_buyers, checkouts, batch)
    return PipelineBench(ORDERS_PER_CHECKOUT * checkouts, batch, steps, raw, did, machine())


def _customs_answer_all(steps: dict[str, Step], limit: int, did: dict[str, int]) -> None:
    """Customs answer a declaration some seconds after it is submitted, so how many answers
    fell inside the run depended on its speed. The clock is moved past that delay and the jobs
    run until no answer is left: every order of every run is cleared (or rejected) and its tax
    remitted inside the timed declare step (inspections included: the lag covers them too)."""
    window = single_window_settings()
    lag = timedelta(seconds=window.answer_after_seconds + window.inspection_seconds + 1)
    with clock.use_clock(lambda: datetime.now(UTC) + lag):
        while True:
            before = _answers(did)
            _jobs(steps, limit, did)
            if _answers(did) == before:
                return


def _answers(did: dict[str, int]) -> int:
    return did.get("declarations_cleared", 0) + did.get("declarations_rejected", 0)


def _drain_jobs() -> None:
    while declarations_run(limit=500)["declarations_opened"] or shipments_open(limit=500):
        pass


def _raw(template: Checkout, people: list[Buyer], checkouts: int, batch: int) -> Step:
    """The same rows per checkout in plain SQL: one sample per checkout, the batch jobs' time
    spread over the checkouts of the batch."""
    writer = RawPipeline.prepare(template)
    raw_buyers = [RawBuyer.of(b.consumer.pk) for b in people]
    step = Step()
    for i in range(checkouts):
        step.time(partial(writer.checkout, raw_buyers[i // CHECKOUTS_PER_BUYER]))
        if (i + 1) % batch == 0 or i + 1 == checkouts:
            step.time(writer.jobs)
    return step
