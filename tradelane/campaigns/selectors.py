"""Campaign reads: the campaign price of listings at a moment, the current campaign of a market,
a buyer's open flash-sale claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from tradelane.campaigns import rules
from tradelane.campaigns.models import (
    Campaign,
    ClaimStatus,
    FlashSale,
    FlashSaleClaim,
)
from tradelane.catalog.models import Listing
from tradelane.catalog.selectors import visible_listings
from tradelane.core import clock


def pricing_campaigns(at: datetime) -> QuerySet[Campaign]:
    """Campaigns whose window is open at `at` and that an operator scheduled."""
    return Campaign.objects.filter(
        status__in=rules.PRICING_STATUSES, starts_at__lte=at, ends_at__gt=at
    ).order_by("starts_at", "code")


def _eligibility(campaign: Campaign) -> rules.Eligibility:
    return rules.Eligibility(
        markets=tuple(campaign.markets),
        origin_countries=tuple(campaign.origin_countries),
        origin_regions=tuple(campaign.origin_regions),
        categories=tuple(campaign.categories),
        temperature_classes=tuple(campaign.temperature_classes),
    )


def campaign_terms(campaigns: list[Campaign]) -> list[rules.CampaignTerms]:
    """The pure terms of campaigns loaded with their opt-ins and named listings prefetched."""
    return [
        rules.CampaignTerms(
            code=c.code,
            eligibility=_eligibility(c),
            merchant_ids=frozenset(o.merchant_id for o in c.opt_ins.all()),
            discount_kind=c.discount_kind,
            percent_off=c.percent_off,
            rounding=c.rounding,
            fixed_prices={
                cl.listing_id: cl.fixed_price_minor
                for cl in c.listings.all()
                if cl.fixed_price_minor is not None
            },
        )
        for c in campaigns
    ]


def listing_facts(listing: Listing) -> rules.ListingFacts:
    """Facts of a listing loaded with its product and merchant (no query)."""
    product = listing.product
    return rules.ListingFacts(
        listing_id=listing.pk,
        merchant_id=listing.merchant_id,
        market=listing.market_id,
        origin_country=product.origin_country,
        origin_region=product.origin_region or listing.merchant.region,
        category=product.category,
        temperature_class=product.temperature_class,
        price_minor=listing.price_minor,
        currency=listing.currency,
    )


def pricing_terms(market_code: str, at: datetime) -> list[rules.CampaignTerms]:
    """The terms of the campaigns pricing a market's listings at `at`: one query when none
    runs (the usual case on the hot path), three when some do."""
    campaigns = [
        c
        for c in pricing_campaigns(at).prefetch_related("opt_ins", "listings")
        if not c.markets or market_code in c.markets
    ]
    return campaign_terms(campaigns)


def campaign_prices_for(
    listings: list[Listing], market_code: str, at: datetime | None = None
) -> dict[int, rules.CampaignPrice]:
    """The campaign price of listings already loaded with product and merchant: one query
    when no campaign runs, three when one does."""
    if not listings:
        return {}
    terms = pricing_terms(market_code, at or clock.now())
    return prices_under(terms, listings)


def prices_under(
    terms: list[rules.CampaignTerms], listings: list[Listing]
) -> dict[int, rules.CampaignPrice]:
    if not terms or not listings:
        return {}
    return rules.best_prices(terms, [listing_facts(listing) for listing in listings])


def campaign_prices(
    listing_ids: list[int], market_code: str, at: datetime | None = None
) -> dict[int, rules.CampaignPrice]:
    """Effective campaign price per listing (the lowest eligible campaign's), for display and
    for the quote. Listings without a campaign price are absent."""
    listings = list(
        Listing.objects.filter(pk__in=listing_ids, market_id=market_code).select_related(
            "product", "merchant"
        )
    )
    return campaign_prices_for(listings, market_code, at)


def current_campaign(market_code: str, at: datetime | None = None) -> Campaign | None:
    """The campaign the storefront features now: the open one that started last."""
    found = [
        c
        for c in pricing_campaigns(at or clock.now()).order_by("-starts_at", "code")
        if not c.markets or market_code in c.markets
    ]
    return found[0] if found else None


def featured_listings(campaign: Campaign, market_code: str, size: int = 8) -> list[Listing]:
    """The campaign's featured listings a market may see, in the operator's order."""
    ids = list(
        campaign.listings.filter(featured=True)
        .order_by("position", "pk")
        .values_list("listing_id", flat=True)
    )
    found = {
        listing.pk: listing
        for listing in visible_listings(market_code)
        .filter(pk__in=ids, merchant_id__in=campaign.opt_ins.values("merchant_id"))
        .select_related("product", "variant", "merchant")
    }
    return [found[pk] for pk in ids if pk in found][:size]


def flash_sale_get(flash_sale_id: int) -> FlashSale | None:
    return FlashSale.objects.select_related("campaign").filter(pk=flash_sale_id).first()


def campaign_by_code(code: str) -> Campaign | None:
    return Campaign.objects.filter(code=code).first()


@dataclass(frozen=True)
class HeldFlash:
    """What a buyer holds of one listing at a flash price."""

    listing_id: int
    quantity: int
    price_minor: int
    campaign_code: str
    claim_ids: tuple[int, ...]


def held_flash_claims(
    consumer_id: int, listing_ids: list[int], campaign_codes: list[str], at: datetime | None = None
) -> dict[int, HeldFlash]:
    """Open claims per listing in flash sales of these (pricing) campaigns (summed; the
    cheapest sale if a listing has several)."""
    moment = at or clock.now()
    claims = (
        FlashSaleClaim.objects.filter(
            consumer_id=consumer_id,
            flash_sale__campaign__code__in=campaign_codes,
            status=ClaimStatus.HELD,
            expires_at__gt=moment,
            flash_sale__listing_id__in=listing_ids,
        )
        .select_related("flash_sale__campaign")
        .order_by("price_minor", "pk")
    )
    held: dict[int, HeldFlash] = {}
    for claim in claims:
        sale = claim.flash_sale
        current = held.get(sale.listing_id)
        if current is not None and current.price_minor != claim.price_minor:
            continue
        held[sale.listing_id] = HeldFlash(
            listing_id=sale.listing_id,
            quantity=(current.quantity if current else 0) + claim.quantity,
            price_minor=claim.price_minor,
            campaign_code=sale.campaign.code,
            claim_ids=(*(current.claim_ids if current else ()), claim.pk),
        )
    return held
