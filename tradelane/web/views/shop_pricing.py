"""The product page's landed price: `orders.pricing.landed_preview` at the price checkout will
charge now (the campaign's, when the view attached one) and the shopper's delivery province."""

from __future__ import annotations

from tradelane.accounts.models import Consumer
from tradelane.catalog.models import Listing
from tradelane.core.money import Money
from tradelane.markets.models import Market
from tradelane.orders.pricing import LandedPreview, landed_preview


def _price_now(listing: Listing) -> Money:
    """The campaign price when the view attached one (`shop_campaigns.with_campaign_prices`):
    the preview must show what checkout will charge."""
    campaign = getattr(listing, "campaign_price", None)
    minor = int(campaign.price_minor) if campaign is not None else listing.price_minor
    return Money.from_minor(minor, listing.currency)


def delivery_province(consumer: Consumer | None, market: Market) -> str:
    if consumer is None:
        return ""
    address = consumer.addresses.filter(country=market.code).order_by("-is_default", "pk").first()
    return address.province if address else ""


def listing_landed_preview(
    listing: Listing, market: Market, *, language: str, province: str = ""
) -> LandedPreview:
    return landed_preview(
        product=listing.product,
        variant=listing.variant,
        merchant=listing.merchant,
        market=market,
        unit_price=_price_now(listing),
        language=language,
        province=province,
        listing_id=listing.pk,
    )
