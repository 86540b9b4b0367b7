"""Refusals of the logistics room."""

from tradelane.core.errors import NotFound, RuleViolation


class NoShippingRate(RuleViolation):
    default_code = "no_shipping_rate"


class ParcelTooHeavy(NoShippingRate):
    default_code = "parcel_too_heavy"


class NoRoute(RuleViolation):
    default_code = "no_delivery_route"


class LaneNotFound(NotFound):
    default_code = "lane_not_found"
