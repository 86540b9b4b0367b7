"""Campaign prices and the current campaign's featured block on storefront pages.

A campaign price is a listing price for the window: pages show the listing price struck through
beside it, and checkout charges it (`campaigns.checkout.line_prices` reads the same selector)."""

from __future__ import annotations

from dataclasses import dataclass

from tradelane.campaigns.selectors import campaign_prices_for, current_campaign, featured_listings
from tradelane.catalog.models import Listing


def with_campaign_prices(listings: list[Listing], market_code: str) -> list[Listing]:
    """Each listing gets `campaign_price` (a `campaigns.rules.CampaignPrice`, or None): one
    query when no campaign runs."""
    prices = campaign_prices_for(listings, market_code)
    for listing in listings:
        listing.campaign_price = prices.get(listing.pk)  # type: ignore[attr-defined]
    return listings


@dataclass(frozen=True)
class CampaignBlock:
    code: str
    name: str
    headline: str
    body: str
    listings: list[Listing]


def campaign_block(market_code: str, language: str) -> CampaignBlock | None:
    """The campaign running now in this market, in the page's language, with its featured
    products at their campaign prices; None when none runs (the home page shows the fresh shelf)."""
    campaign = current_campaign(market_code)
    if campaign is None:
        return None
    featured = with_campaign_prices(featured_listings(campaign, market_code), market_code)
    return CampaignBlock(
        code=campaign.code,
        name=campaign.name_in(language),
        headline=campaign.headline_in(language),
        body=campaign.body_in(language),
        listings=featured,
    )
