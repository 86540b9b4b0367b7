"""The campaign a simulated week runs under: Fresh Food Week from its template, its window
moved to the simulation's start, the merchants selling fresh goods in China opted in and the
shelf's first products featured; and afterwards, what the campaign prices gave away."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from tradelane.campaigns.errors import CampaignExists
from tradelane.campaigns.models import Campaign, CampaignStatus
from tradelane.campaigns.services import (
    campaign_feature,
    campaign_from_template,
    campaign_opt_in,
)
from tradelane.catalog.models import Listing
from tradelane.orders.models import Checkout, CheckoutStatus
from tradelane.orders.snapshot import QuoteSnapshot

OPT_IN_SHARE = 0.8  # most fresh sellers join; a few stay out, so both prices are on the shelf
FEATURED = 8


@dataclass(frozen=True)
class CampaignOutcome:
    code: str
    merchants: int
    lines: int
    campaign_lines: int
    discount_minor: int
    currency: str = "CNY"


def campaign_launch(
    template: str, start: datetime, fresh_listing_ids: list[int], rng: random.Random
) -> Campaign:
    try:
        campaign = campaign_from_template(
            template, year=start.year, status=CampaignStatus.SCHEDULED, starts_at=start
        )
    except CampaignExists:  # a second run on the same database keeps the first run's campaign
        return Campaign.objects.get(template=template, code__endswith=str(start.year))
    listings = list(Listing.objects.filter(pk__in=fresh_listing_ids).select_related("merchant"))
    merchants = {listing.merchant_id: listing.merchant for listing in listings}
    joined = {m for m in merchants if rng.random() < OPT_IN_SHARE}
    for merchant_id in sorted(joined):
        campaign_opt_in(code=campaign.code, merchant=merchants[merchant_id], actor="simulation")
    featured = [listing for listing in listings if listing.merchant_id in joined][:FEATURED]
    for position, listing in enumerate(featured):
        campaign_feature(code=campaign.code, listing=listing, position=position)
    return campaign


def campaign_outcome(campaign: Campaign) -> CampaignOutcome:
    """Paid China lines priced under the campaign, and what its prices took off the list."""
    lines = campaign_lines = discount = 0
    paid = Checkout.objects.filter(market_id="CN", status=CheckoutStatus.PAID)
    for stored in paid.values_list("quote__snapshot", flat=True):
        snapshot = cast(QuoteSnapshot, stored)
        for group in snapshot["groups"]:
            for line in group["lines"]:
                lines += 1
                if line.get("campaign_code") == campaign.code:
                    campaign_lines += 1
                    off = (
                        line.get("list_price_minor", line["unit_price_minor"])
                        - line["unit_price_minor"]
                    )
                    discount += off * line["quantity"]
    merchants = campaign.opt_ins.count()
    return CampaignOutcome(campaign.code, merchants, lines, campaign_lines, discount)
