"""The simulation loop: a manual clock stepped an hour at a time. Each hour its shoppers visit
(spread across the hour), then the platform's own periodic jobs run exactly as `serve` runs
them (expiry, customs, shipments, carrier scans), with the simulated partners' delays and
failures; at China midnight merchants are settled. After the campaign window the clock keeps
going, without shoppers, until every parcel has arrived or the drain days run out."""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tradelane.campaigns.models import Campaign
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.errors import ApplicationError
from tradelane.fulfilment.services.tracking import claim_refund
from tradelane.logistics.models import ClaimStatus, ColdChainClaim, Shipment
from tradelane.markets.selectors import market_get
from tradelane.ops.jobs import run_due_jobs
from tradelane.orders.models import Order, OrderStatus
from tradelane.payments.services.settlement import settlement_run
from tradelane.tools.simulation.campaign import campaign_launch
from tradelane.tools.simulation.merchants import merchants_ship, shoppers_return
from tradelane.tools.simulation.scenario import Scenario, poisson
from tradelane.tools.simulation.shoppers import Visit, shelves, shoppers, visit

logger = logging.getLogger(__name__)

CHINA_OFFSET = timedelta(hours=8)
JOB_LIMIT_HIT = 200  # the jobs take this many at a time; a full batch means run them again


@dataclass
class Run:
    scenario: Scenario
    seed: int
    start: datetime
    window_end: datetime
    end: datetime = field(init=False)
    visits: list[Visit] = field(default_factory=list)
    orders_per_hour: list[int] = field(default_factory=list)
    jobs: Counter[str] = field(default_factory=Counter)
    claims_refunded: int = 0
    post_parcels: Counter[str] = field(default_factory=Counter)  # label_booked, self_lodged
    campaign: Campaign | None = None
    wall_seconds: float = 0.0

    def __post_init__(self) -> None:
        self.end = self.window_end


def china_midnight_after(moment: datetime) -> datetime:
    local = (moment + CHINA_OFFSET).replace(hour=0, minute=0, second=0, microsecond=0)
    return local + timedelta(days=1) - CHINA_OFFSET


def _jobs(run: Run) -> None:
    for _ in range(10):
        done = run_due_jobs()
        run.jobs.update(done)
        if max(done.values(), default=0) < JOB_LIMIT_HIT:
            return


def _refund_claims(run: Run) -> None:
    """The operator's policy in the simulation: a cold-chain excursion refunds the buyer."""
    for claim in ColdChainClaim.objects.filter(status=ClaimStatus.OPEN).select_related(
        "shipment__order"
    ):
        try:
            claim_refund(claim, actor="operator:simulation")
            run.claims_refunded += 1
        except ApplicationError as refusal:  # already refunded for another reason
            logger.info("claim %s not refunded: %s", claim.pk, refusal)


def _settled_quiet() -> bool:
    """Nothing left moving: no paid order without a parcel, no parcel in flight, no return
    on its way back."""
    waiting = Order.objects.filter(
        status__in=(OrderStatus.PAID, OrderStatus.RETURN_REQUESTED, OrderStatus.RETURN_IN_TRANSIT)
    ).exists()
    moving = Shipment.objects.exclude(status__in=("delivered", "returned")).exists()
    return not waiting and not moving


class Simulation:
    def __init__(self, scenario: Scenario, *, seed: int = 1, start: datetime | None = None):
        self.scenario = scenario
        self.rng = random.Random(seed)
        begin = start or china_midnight_after(datetime.now(UTC))
        self.run = Run(scenario, seed, begin, begin + timedelta(days=scenario.days))
        self.markets = {code: market_get(code) for code in scenario.market_mix}
        self.shelves = shelves(list(self.markets))
        self.people = {code: shoppers(code) for code in self.markets}
        self.mix = [(code, w) for code, w in scenario.market_mix.items() if self.people[code]]

    def _visit(self) -> Visit:
        codes, weights = zip(*self.mix, strict=True)
        code = self.rng.choices(codes, weights)[0]
        s = self.scenario
        return visit(
            self.rng,
            self.rng.choice(self.people[code]),
            self.markets[code],
            self.shelves[code],
            buy_share=s.buy_share,
            fresh_share=s.fresh_share,
            max_lines=s.max_lines,
        )

    def _hour(self, manual: ManualClock, hour_start: datetime, in_window: bool) -> None:
        paid = 0
        if in_window:
            elapsed = hour_start - self.run.start
            local_hour = (hour_start + CHINA_OFFSET).hour
            mean = self.scenario.expected_visitors(elapsed.days, local_hour)
            arrivals = poisson(self.rng, mean)
            for k in range(arrivals):
                manual.set(hour_start + timedelta(seconds=3600 * k / arrivals))
                outcome = self._visit()
                self.run.visits.append(outcome)
                paid += outcome.orders
            self.run.orders_per_hour.append(paid)
        manual.set(hour_start + timedelta(minutes=50))
        merchants_ship(self.rng, self.run.post_parcels)
        shoppers_return(self.rng, self.run.post_parcels)
        manual.set(hour_start + timedelta(minutes=59))
        _jobs(self.run)
        if (hour_start + CHINA_OFFSET).hour == 0:
            settlement_run(business_date=(hour_start + CHINA_OFFSET).date())
        _refund_claims(self.run)

    def go(self, progress: Callable[[int, int], None] | None = None) -> Run:
        started = time.perf_counter()
        s = self.scenario
        hours = (s.days + s.drain_days) * 24
        manual = ManualClock(self.run.start)
        with use_clock(manual):
            if s.campaign_code:
                cn_fresh = self.shelves["CN"].fresh if "CN" in self.shelves else []
                self.run.campaign = campaign_launch(
                    s.campaign_code, self.run.start, cn_fresh, self.rng
                )
            for h in range(hours):
                hour_start = self.run.start + timedelta(hours=h)
                in_window = h < s.days * 24
                self._hour(manual, hour_start, in_window)
                if progress:
                    progress(h + 1, hours)
                if not in_window and _settled_quiet():
                    break
            self.run.end = clock.now()
        if progress:
            progress(hours, hours)
        self.run.wall_seconds = time.perf_counter() - started
        return self.run
