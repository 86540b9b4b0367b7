"""Landed prices on the storefront: `orders.pricing.landed_previews` (the checkout's own
arithmetic) at the price checkout will charge now (the campaign's, when the view attached one),
delivered where this shopper's parcel would go. Cards, search results and the product page all
take their figure from here, a page of listings at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tradelane.accounts.models import Consumer
from tradelane.accounts.rules import CN_PROVINCES
from tradelane.accounts.selectors import default_province
from tradelane.catalog.models import Listing
from tradelane.core.money import Money
from tradelane.markets.models import Market
from tradelane.orders.pricing import Offer, landed_previews

# Where an anonymous shopper's prices are delivered to until they choose: China's biggest
# destination city. The page says so next to the prices.
DEFAULT_PROVINCE = {"CN": "上海"}
CHOSEN_PROVINCE_KEY = "shop_province_{market}"


@dataclass(frozen=True)
class Destination:
    """Where the shown prices are delivered to, and why there (for the line under them)."""

    province: str  # empty: the market's flat rate table (every market but China)
    source: str  # "address" | "chosen" | "default" | "market"
    place: str  # the province, or the market's name in the page's language

    @property
    def explanation(self) -> str:
        labels = {
            "market": _("Prices include shipping and import tax, delivered anywhere in "
                        "%(place)s."),
            "address": _("Prices include shipping and import tax, delivered to %(place)s "
                         "(your default address)."),
            "chosen": _("Prices include shipping and import tax, delivered to %(place)s."),
            "default": _("Prices include shipping and import tax, delivered to %(place)s. "
                         "Choose your province on a product page."),
        }  # fmt: skip
        return str(labels[self.source]) % {"place": self.place}


def _price_now(listing: Listing) -> Money:
    """The campaign price when the view attached one (`shop_campaigns.with_campaign_prices`):
    the figure must be what checkout will charge."""
    campaign = getattr(listing, "campaign_price", None)
    minor = int(campaign.price_minor) if campaign is not None else listing.price_minor
    return Money.from_minor(minor, listing.currency)


def delivery_province(consumer: Consumer | None, market: Market) -> str:
    if consumer is None:
        return ""
    return default_province(consumer, market.code)


def choose_province(request: HttpRequest, market: Market, province: str) -> bool:
    """Remember the province a shopper picked on a product page (for this session's prices);
    anything that is not a province of the market is ignored."""
    if market.code != "CN" or province not in CN_PROVINCES:
        return False
    request.session[CHOSEN_PROVINCE_KEY.format(market=market.code)] = province
    return True


def destination_for(request: HttpRequest, market: Market, *, language: str) -> Destination:
    """The province a shopper chose on this visit, else their default address's, else the
    market's stated default. Outside China shipping is one rate table per market."""
    if market.code not in DEFAULT_PROVINCE:
        name = market.name_zh_hans if language.startswith("zh") else market.name_en
        return Destination(province="", source="market", place=name)
    chosen = request.session.get(CHOSEN_PROVINCE_KEY.format(market=market.code), "")
    if chosen in CN_PROVINCES:
        return Destination(province=chosen, source="chosen", place=chosen)
    consumer = getattr(request.user, "consumer", None)
    on_address = delivery_province(consumer, market)
    if on_address:
        return Destination(province=on_address, source="address", place=on_address)
    default = DEFAULT_PROVINCE[market.code]
    return Destination(province=default, source="default", place=default)


def with_landed_prices(
    listings: Sequence[Listing], market: Market, *, language: str, destination: Destination
) -> Sequence[Listing]:
    """Each listing gets `landed` (a `LandedPreview`): a constant number of queries however
    many cards the page shows. Run after `with_campaign_prices`."""
    offers = [
        Offer(
            product=listing.product,
            variant=listing.variant,
            merchant=listing.merchant,
            unit_price=_price_now(listing),
            listing_id=listing.pk,
        )
        for listing in listings
    ]
    previews = landed_previews(
        offers, market=market, language=language, province=destination.province
    )
    for listing, preview in zip(listings, previews, strict=True):
        listing.landed = preview  # type: ignore[attr-defined]
    return listings
