from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from tradelane.core.errors import RuleViolation
from tradelane.core.money import Money
from tradelane.logistics import rules
from tradelane.logistics.models import ShippingRate


class NoShippingRate(RuleViolation):
    default_code = "no_shipping_rate"


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
    price = rules.parcel_price(
        weight_g=weight_g,
        first_kg=Money.from_minor(rate.first_kg_minor, rate.currency),
        additional_kg=Money.from_minor(rate.additional_kg_minor, rate.currency),
    )
    return ShippingEstimate(price=price, transit_days=rate.transit_days)
