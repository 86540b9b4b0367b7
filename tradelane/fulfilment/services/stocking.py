"""Forward stocking: which SKUs to hold in which bonded warehouse in China, from the last 30
days of direct-mail demand and what bonded import would save in cost and time per unit.

Per unit, direct mail costs its cheapest 9610 route; bonded costs its share of a bulk
replenishment (per kg, the cheapest hub to bonded-zone lane for its temperature class) plus the
1210 courier from the bonded zone. The recommendation names the zone that saves most."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum

from tradelane.core import clock
from tradelane.logistics import rules
from tradelane.logistics.models import Lane, Node
from tradelane.logistics.planner import Network, ParcelSpec, cheapest_route
from tradelane.logistics.selectors import lane_specs
from tradelane.orders.models import OrderLine
from tradelane.orders.rules import SOLD_STATUSES

BONDED_ZONES = ("HGH-BZ", "NGB-BZ", "CAN-BZ", "CGO-BZ")
MIN_UNITS = 10


@dataclass(frozen=True)
class Recommendation:
    sku: str
    bonded_zone: str
    units_30d: int
    saving_per_unit: Decimal  # AUD minor
    hours_saved: float

    @property
    def monthly_saving(self) -> Decimal:
        return self.saving_per_unit * self.units_30d


def _replenishment_per_kg(network: Network, hub: str, zone: str) -> Decimal | None:
    lanes = [
        lane
        for lane in network.lanes.values()
        if lane.origin == hub and lane.destination == zone and "ambient" in lane.temperature_classes
    ]
    return min((lane.cost_per_kg for lane in lanes), default=None)


def _unit_costs(
    network: Network, origin: str, province: str, weight_g: int
) -> dict[str, tuple[Decimal, float]]:
    """Per bonded zone: (cost, hours) of replenishment share plus the 1210 courier."""
    hub = next((lane.destination for lane in network.out.get(origin, [])), "")
    out = {}
    for zone in BONDED_ZONES:
        per_kg = _replenishment_per_kg(network, hub, zone)
        route = cheapest_route(
            network, ParcelSpec("u", zone, province, weight_g, "ambient", 96, "1210")
        )
        if per_kg is None or route is None:
            continue
        cost = per_kg * Decimal(weight_g) / 1000 + route.cost(weight_g)
        out[zone] = (cost, route.mean_hours)
    return out


def forward_stocking(*, days: int = 30) -> list[Recommendation]:
    since = clock.now() - timedelta(days=days)
    network = Network(
        lane_specs(list(Lane.objects.select_related("partner", "origin", "destination")))
    )
    provinces = dict(Node.objects.filter(kind="last_mile").values_list("region", "code"))
    demand = (
        OrderLine.objects.filter(
            order__market_id="CN",
            order__customs_mode="9610",
            order__created_at__gte=since,
            order__status__in=SOLD_STATUSES,
        )
        .values(
            "sku",
            "variant__weight_g",
            "merchant__country",
            "merchant__region",
            "order__shipping_address__province",
        )
        .annotate(units=Sum("quantity"))
    )
    savings: dict[tuple[str, str], list[tuple[int, Decimal, float]]] = defaultdict(list)
    for row in demand:
        origin = rules.pickup_region(row["merchant__country"], row["merchant__region"])
        province = provinces.get(row["order__shipping_address__province"], "")
        weight = row["variant__weight_g"]
        direct = cheapest_route(
            network, ParcelSpec("d", origin, province, weight, "ambient", 240, "9610")
        )
        if direct is None:
            continue
        for zone, (cost, hours) in _unit_costs(network, origin, province, weight).items():
            saving = direct.cost(weight) - cost
            savings[(row["sku"], zone)].append((row["units"], saving, direct.mean_hours - hours))
    return _best_zones(savings)


def _best_zones(
    savings: dict[tuple[str, str], list[tuple[int, Decimal, float]]],
) -> list[Recommendation]:
    best: dict[str, Recommendation] = {}
    for (sku, zone), rows in savings.items():
        units = sum(u for u, _, _ in rows)
        if units < MIN_UNITS:
            continue
        saving = sum((s * u for u, s, _ in rows), Decimal(0)) / units
        hours = sum(h * u for u, _, h in rows) / units
        candidate = Recommendation(sku, zone, units, saving.quantize(Decimal(1)), round(hours, 1))
        if candidate.saving_per_unit > 0 and (
            sku not in best or candidate.monthly_saving > best[sku].monthly_saving
        ):
            best[sku] = candidate
    return sorted(best.values(), key=lambda r: r.monthly_saving, reverse=True)
