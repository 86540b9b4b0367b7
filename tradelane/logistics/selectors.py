from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.logistics import rules
from tradelane.logistics.errors import NoRoute, NoShippingRate, ParcelTooHeavy
from tradelane.logistics.models import Lane, Shipment, ShipmentLeg, ShippingRate
from tradelane.logistics.planner import (
    LaneSpec,
    Network,
    ParcelSpec,
    cheapest_route,
    why_unroutable,
)
from tradelane.markets.selectors import fx_mid_rate

PLANNING_CURRENCY = "AUD"


@dataclass(frozen=True)
class ShippingEstimate:
    price: Money
    transit_days: int


def shipping_rates_for(market_code: str) -> dict[str, ShippingRate]:
    return {r.temperature_class: r for r in ShippingRate.objects.filter(market_id=market_code)}


def shipping_estimate(
    rates: dict[str, ShippingRate], *, temperature_class: str, weight_g: int
) -> ShippingEstimate:
    rate = rates.get(temperature_class)
    if rate is None:
        raise NoShippingRate(
            _("We cannot ship %(cls)s goods to this market yet.") % {"cls": temperature_class}
        )
    if weight_g > rules.POST_MAX_PARCEL_G:
        raise ParcelTooHeavy(
            _(
                "One parcel can weigh at most %(max)s kg and this seller's items weigh "
                "%(kg)s kg: take some out and order them separately."
            )
            % {"max": rules.POST_MAX_PARCEL_G // 1000, "kg": f"{weight_g / 1000:.1f}"},
            extra={"weight_g": weight_g, "max_weight_g": rules.POST_MAX_PARCEL_G},
        )
    price = rules.parcel_price(
        weight_g=weight_g,
        first_kg=Money.from_minor(rate.first_kg_minor, rate.currency),
        additional_kg=Money.from_minor(rate.additional_kg_minor, rate.currency),
    )
    return ShippingEstimate(price=price, transit_days=rate.transit_days)


def route_estimate(
    network: Network,
    *,
    origin: str,
    province_node: str,
    temperature_class: str,
    weight_g: int,
    customs_mode: str,
    to_market: Decimal,
    market_currency: str,
) -> ShippingEstimate:
    """The planner's single-parcel estimate, priced at the partners' cost in the market's
    currency (the fast path of the route planner, used at checkout)."""
    promise = 240 if customs_mode == "9610" else 96
    parcel = ParcelSpec(
        "quote", origin, province_node, weight_g, temperature_class, promise, customs_mode
    )
    route = cheapest_route(network, parcel)
    if route is None:
        raise NoRoute(
            _("We cannot deliver %(cls)s goods to this address yet / 暂无法向该地址配送此类商品。")
            % {"cls": temperature_class},
            extra={"reason": why_unroutable(network, parcel)},
        )
    cost_in_planning = route.cost(weight_g) / 100  # AUD, from minor units
    price = Money.of(cost_in_planning * to_market, market_currency).rounded()
    return ShippingEstimate(price=price, transit_days=math.ceil(route.mean_hours / 24))


def legs_delivered(*, before: datetime) -> QuerySet[ShipmentLeg]:
    """Legs a partner has finished (its arrival or delivery scan set `ended_at`) before
    `before`, with their lane (the price), partner and shipment (weight, waybill). Payments
    pays partners from these."""
    return ShipmentLeg.objects.filter(ended_at__isnull=False, ended_at__lt=before).select_related(
        "lane", "partner", "shipment"
    )


def shipment_of_order(order_id: int) -> Shipment | None:
    return (
        Shipment.objects.filter(order_id=order_id).select_related("origin", "destination").first()
    )


# The planning network: the database's lanes as the planner's pure lane specs, with costs in one
# planning currency at today's mid rates.


def _to_planning(currencies: set[str]) -> dict[str, Decimal]:
    now = clock.now()
    return {
        c: Decimal(1) if c == PLANNING_CURRENCY else fx_mid_rate(c, PLANNING_CURRENCY, now).rate
        for c in currencies
    }


def lane_specs(lanes: list[Lane]) -> list[LaneSpec]:
    rates = _to_planning({lane.currency for lane in lanes})
    return [
        LaneSpec(
            code=lane.code,
            partner=lane.partner.code,
            origin=lane.origin.code,
            destination=lane.destination.code,
            customs_mode=lane.customs_mode,
            temperature_classes=frozenset(lane.temperature_classes),
            mean_hours=float(lane.transit_mean_hours),
            sd_hours=float(lane.transit_sd_hours),
            cost_per_kg=Decimal(lane.cost_per_kg_minor) * rates[lane.currency],
            cost_per_parcel=Decimal(lane.cost_per_parcel_minor) * rates[lane.currency],
            capacity_kg=Decimal(lane.capacity_kg),
            capacity_parcels=lane.capacity_parcels,
        )
        for lane in lanes
    ]


def planning_network() -> Network:
    """Active lanes of active partners, except bulk replenishment (sea and air freight into
    bonded zones), which moves stock, not parcels."""
    lanes = list(
        Lane.objects.filter(is_active=True, partner__is_active=True)
        .exclude(destination__kind="bonded_zone")
        .select_related("partner", "origin", "destination")
    )
    return Network(lane_specs(lanes))


_cache: dict[str, tuple[float, Network]] = {}
CACHE_SECONDS = 60


def cached_planning_network() -> Network:
    """The checkout's view of the network, rebuilt at most once a minute per process, so an
    operator's or partner's lane change reaches quotes within a minute."""
    import time

    hit = _cache.get("network")
    if hit is None or time.monotonic() - hit[0] > CACHE_SECONDS:
        hit = (time.monotonic(), planning_network())
        _cache["network"] = hit
    return hit[1]
