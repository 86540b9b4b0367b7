"""Scenarios for `tradelane simulate`: how many shoppers come, when, from where, and what they
look for. Pure data and arithmetic, no database."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace

# Shoppers' local hour (China time for the CN storefront, which dominates): quiet at night,
# a lunch bump and the evening peak of Chinese e-commerce around 20:00-22:00.
EVENING_PEAK = (
    0.6, 0.3, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1.0, 1.1, 1.2,
    1.4, 1.2, 1.0, 1.0, 1.0, 1.1, 1.3, 1.6, 2.2, 2.5, 2.0, 1.2,
)  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    days: int
    visitors_per_day: int
    day_weights: tuple[float, ...]  # relative traffic per day of the window
    hour_weights: tuple[float, ...] = EVENING_PEAK
    market_mix: dict[str, float] = field(default_factory=dict)
    buy_share: float = 0.3  # visitors who put something in the cart and check out
    fresh_share: float = 0.5  # of those, the share who come for fresh food
    max_lines: int = 3
    # Quiet days after the window so parcels in flight can arrive. Longer than the direct-mail
    # promise (240 h): a parcel handed over late on the last day to a far province (Xinjiang's
    # lane is 88 h, sd 22 h) can take nine days. The run stops as soon as everything landed.
    drain_days: int = 14
    campaign_code: str = ""

    def expected_visitors(self, day: int, hour: int) -> float:
        """Mean arrivals in one hour of one day of the window (0 outside it)."""
        if not 0 <= day < self.days:
            return 0.0
        day_share = self.day_weights[day % len(self.day_weights)] / sum(self.day_weights)
        hour_share = self.hour_weights[hour] / sum(self.hour_weights)
        return self.visitors_per_day * self.days * day_share * hour_share

    def scaled(self, visitors_per_day: int | None, days: int | None) -> Scenario:
        return replace(
            self,
            visitors_per_day=visitors_per_day or self.visitors_per_day,
            days=days or self.days,
        )


def poisson(rng: random.Random, mean: float) -> int:
    """Arrivals in an interval (Knuth for small means, a normal approximation for large)."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


FRESH_FOOD_WEEK = Scenario(
    name="fresh-food-week",
    title="Fresh Food Week",
    days=7,
    visitors_per_day=800,
    # Launch day is the peak (the campaign opens with the featured fresh goods), tailing off
    # through the week with a small rise on the closing weekend.
    day_weights=(3.0, 1.8, 1.3, 1.0, 1.0, 1.2, 1.5),
    market_mix={"CN": 0.72, "AU": 0.14, "NZ": 0.08, "SG": 0.04, "MY": 0.02},
    buy_share=0.35,
    fresh_share=0.6,
    campaign_code="fresh-food-week",
)

SCENARIOS = {s.name: s for s in (FRESH_FOOD_WEEK,)}
