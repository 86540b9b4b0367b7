"""What the merchant portal calls each stored code, in the page's language. The models' choice
labels are English only (operators read them in the admin), so the portal names codes here."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

Labels = dict[str, Promise]

MERCHANT_STATUS: Labels = {
    "applied": pgettext_lazy("merchant status", "Applied"),
    "in_review": pgettext_lazy("merchant status", "In review"),
    "active": pgettext_lazy("merchant status", "Active"),
    "rejected": pgettext_lazy("merchant status", "Rejected"),
    "suspended": pgettext_lazy("merchant status", "Suspended"),
}
ORDER_STATUS: Labels = {
    "awaiting_payment": _("Awaiting payment"),
    "paid": _("Paid"),
    "in_fulfilment": _("In fulfilment"),
    "shipped": _("Shipped"),
    "delivered": _("Delivered"),
    "completed": _("Completed"),
    "canceled": _("Canceled"),
    "expired": _("Expired"),
    "refunded": _("Refunded"),
    "return_requested": _("Return requested"),
    "return_in_transit": _("Return on its way back"),
}
SHIPMENT_STATUS: Labels = {
    "pending": pgettext_lazy("shipment status", "Pending"),
    "picked_up": _("Picked up"),
    "in_transit": _("In transit"),
    "customs": _("At customs"),
    "out_for_delivery": _("Out for delivery"),
    "delivered": _("Delivered"),
    "delivery_failed": _("Delivery failed"),
    "returned": _("Returned"),
}
PAYOUT_STATUS: Labels = {
    "sending": _("Recorded, being sent to the bank"),
    "instructed": _("Instructed to the bank"),
    "failed": _("Refused by the bank"),
}
PRODUCT_STATUS: Labels = {
    "draft": pgettext_lazy("product status", "Draft"),
    "active": pgettext_lazy("product status", "Active"),
    "archived": pgettext_lazy("product status", "Archived"),
}
LISTING_STATUS: Labels = {
    "active": pgettext_lazy("listing status", "Active"),
    "paused": pgettext_lazy("listing status", "Paused"),
}
CATEGORY: Labels = {
    "food_beverage": _("Food and beverage"),
    "dairy": _("Dairy"),
    "meat_seafood": _("Meat and seafood"),
    "fresh_produce": _("Fresh fruit and vegetables"),
    "cosmetics": _("Cosmetics and skincare"),
    "mother_baby": _("Mother and baby"),
    "health_supplements": _("Health supplements"),
    "wine": _("Wine"),
}
TEMPERATURE: Labels = {
    "ambient": _("Ambient (15 to 25 °C)"),
    "chilled": _("Chilled (0 to 4 °C)"),
    "frozen": _("Frozen (-18 °C or colder)"),
}
PRICING_MODE: Labels = {
    "fixed": _("Fixed price in the market currency"),
    "derived": _("Merchant price through FX, plus markup, rounded"),
}
ROUNDING: Labels = {
    "exact": _("To the minor unit (half up)"),
    "whole": _("To the whole unit (half up)"),
    "charm_99": _("Up to the next .99"),
    "ends_in_8": _("Up to the next whole number ending in 8"),
}

BY_KIND: dict[str, Labels] = {
    "merchant": MERCHANT_STATUS,
    "order": ORDER_STATUS,
    "shipment": SHIPMENT_STATUS,
    "payout": PAYOUT_STATUS,
    "product": PRODUCT_STATUS,
    "listing": LISTING_STATUS,
    "category": CATEGORY,
    "temperature": TEMPERATURE,
    "pricing": PRICING_MODE,
    "rounding": ROUNDING,
}


def label(kind: str, code: str) -> str:
    """The code's name in the active language; an unknown code shows as itself."""
    found = BY_KIND[kind].get(code)
    return str(found) if found is not None else code


def choices(labels: Labels) -> list[tuple[str, Promise]]:
    return list(labels.items())
