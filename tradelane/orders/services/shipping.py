"""What a quote charges for shipping: for China, the route planner's estimate over the partner
network to the delivery province (direct mail from the merchant's pickup region, or bonded
import when every line of the parcel is in bonded stock); elsewhere, and before a network is
loaded, the flat rate table per market and temperature class. A merchant's order is one parcel at
the coldest class among its lines, priced the same way the shipment is routed."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.checkout_checks import CnCheck
from tradelane.logistics import rules as logistics_rules
from tradelane.logistics.models import Node
from tradelane.logistics.selectors import (
    PLANNING_CURRENCY,
    cached_planning_network,
    route_estimate,
    shipping_estimate,
    shipping_rates_for,
)
from tradelane.markets.models import Market
from tradelane.markets.selectors import fx_mid_rate
from tradelane.orders.rules import PricedItem, ShippingFn


def _rate_table(market: Market) -> ShippingFn:
    rates = shipping_rates_for(market.code)

    def shipping_for(items: list[PricedItem]) -> tuple[Money, int]:
        estimate = shipping_estimate(
            rates,
            temperature_class=logistics_rules.coldest([i.temperature_class for i in items]),
            weight_g=sum(i.weight_g * i.quantity for i in items),
        )
        return estimate.price, estimate.transit_days

    return shipping_for


def _planned(market: Market, province_node: str, bonded: Mapping[int, str]) -> ShippingFn:
    network = cached_planning_network()
    to_market: Decimal = fx_mid_rate(PLANNING_CURRENCY, market.currency, clock.now()).rate

    def shipping_for(items: list[PricedItem]) -> tuple[Money, int]:
        first = items[0]
        if all(i.variant_id in bonded for i in items):
            origin, mode = logistics_rules.bonded_node(bonded[first.variant_id]), "1210"
        else:
            origin = logistics_rules.pickup_region(first.merchant_country, first.merchant_region)
            mode = "9610"
        estimate = route_estimate(
            network,
            origin=origin,
            province_node=province_node,
            temperature_class=logistics_rules.coldest([i.temperature_class for i in items]),
            weight_g=sum(i.weight_g * i.quantity for i in items),
            customs_mode=mode,
            to_market=to_market,
            market_currency=market.currency,
        )
        return estimate.price, estimate.transit_days

    return shipping_for


def shipping_function(
    market: Market,
    *,
    province: str,
    cn: CnCheck | None,
    bonded_city: Mapping[int, str] | None = None,
) -> ShippingFn:
    """`bonded_city` (variant -> bonded warehouse city) stands in for `cn` where no buyer is
    checked yet: the storefront's landed prices route bonded stock as checkout will."""
    if market.code == "CN" and province:
        node = (  # no node until a network is loaded: then the rate table answers
            Node.objects.filter(kind="last_mile", region=province)
            .values_list("code", flat=True)
            .first()
        )
        if node:
            bonded = cn.bonded_city if cn else (bonded_city or {})
            return _planned(market, node, bonded)
    return _rate_table(market)
