"""The landed price of one unit of a listing, for the product page: the checkout's own rules
(`orders.rules.quote_cart` with the checkout's shipping function and the market's import tax),
run without writing anything. The quote at checkout is the price charged; this is its preview."""

from __future__ import annotations

from dataclasses import dataclass

from tradelane.accounts.models import Consumer
from tradelane.catalog.models import Listing
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.customs.errors import refusal_error
from tradelane.customs.rules import ImportRefused, TaxLine, TaxResult
from tradelane.customs.taxes import import_tax
from tradelane.logistics.selectors import NoRoute
from tradelane.markets.models import Market
from tradelane.orders import rules
from tradelane.orders.services import shipping


@dataclass(frozen=True)
class LandedPreview:
    goods: Money | None = None
    shipping: Money | None = None
    tax: Money | None = None
    total: Money | None = None
    transit_days: int = 0
    refusal: ApplicationError | None = None


def _price_now(listing: Listing) -> int:
    """The campaign price when the view attached one (`shop_campaigns.with_campaign_prices`):
    the preview must show what checkout will charge."""
    campaign = getattr(listing, "campaign_price", None)
    return int(campaign.price_minor) if campaign is not None else listing.price_minor


def priced_item(listing: Listing, language: str) -> rules.PricedItem:
    variant, product, merchant = listing.variant, listing.product, listing.merchant
    return rules.PricedItem(
        listing_id=listing.pk,
        variant_id=variant.pk,
        merchant_id=merchant.pk,
        merchant_name=merchant.trading_name,
        merchant_country=merchant.country,
        settlement_currency=merchant.settlement_currency,
        sku=variant.sku,
        name=product.name_in(language),
        name_en=product.name_en,
        name_zh_hans=product.name_zh_hans,
        hs_code=product.hs_code,
        unit_price=Money.from_minor(_price_now(listing), listing.currency),
        quantity=1,
        weight_g=variant.weight_g,
        temperature_class=product.temperature_class,
        tax_class=product.cn_tax_class,
        category=product.category,
        merchant_region=merchant.region,
    )


def _tax_function(market: Market, language: str) -> rules.TaxFn:
    """The market's import tax on this parcel alone (for China, as if no quota were used yet)."""
    annual_used = Money.zero("CNY") if market.code == "CN" else None

    def tax_for(merchant_country: str, lines: list[TaxLine]) -> TaxResult:
        try:
            return import_tax(
                regime=market.import_regime,
                market_code=market.code,
                market_currency=market.currency,
                merchant_country=merchant_country,
                lines=lines,
                on=clock.today(),
                annual_used=annual_used,
            )
        except ImportRefused as refusal:
            raise refusal_error(refusal, language) from refusal

    return tax_for


def delivery_province(consumer: Consumer | None, market: Market) -> str:
    if consumer is None:
        return ""
    address = consumer.addresses.filter(country=market.code).order_by("-is_default", "pk").first()
    return address.province if address else ""


def _quote(item: rules.PricedItem, market: Market, language: str, province: str) -> rules.Quote:
    return rules.quote_cart(
        [item],
        currency=market.currency,
        shipping_for=shipping.shipping_function(market, province=province, cn=None),
        tax_for=_tax_function(market, language),
    )


def landed_preview(
    listing: Listing, market: Market, *, language: str, province: str = ""
) -> LandedPreview:
    """Goods + shipping + import tax of one unit, delivered to `province` (else the market's
    rate table), in the market currency."""
    item = priced_item(listing, language)
    try:
        try:
            quote = _quote(item, market, language, province)
        except NoRoute:
            # no direct-mail route for this parcel (fresh goods travel bonded): the rate table
            quote = _quote(item, market, language, "")
    except ApplicationError as refused:
        return LandedPreview(refusal=refused)
    group = quote.groups[0]
    return LandedPreview(
        goods=group.goods,
        shipping=group.shipping,
        tax=group.tax,
        total=group.total,
        transit_days=group.transit_days,
    )
