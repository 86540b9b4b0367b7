"""Priced items from catalog rows, and the landed price of one unit before any checkout.

`landed_preview` runs the checkout's own arithmetic (`rules.quote_cart` with the checkout's
shipping function and the market's import tax) for one unit, to a buyer with no CBEC quota used
yet, and writes nothing: no quote, no FX lock. The storefront's product page and the merchant
portal's listing form both show it; the quote at checkout is the price charged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradelane.catalog.models import Product, Variant
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.customs.errors import refusal_error
from tradelane.customs.rules import ImportRefused, TaxLine, TaxResult
from tradelane.customs.taxes import import_tax
from tradelane.logistics.selectors import NoRoute
from tradelane.markets.models import Market
from tradelane.merchants.models import Merchant
from tradelane.orders import rules
from tradelane.orders.services import shipping


def priced_item(
    *,
    product: Product,
    variant: Variant,
    merchant: Merchant,
    unit_price: Money,
    quantity: int,
    language: str,
    listing_id: int = 0,
    **campaign: Any,
) -> rules.PricedItem:
    """A line as the checkout prices it; `campaign` carries the list price, campaign code,
    flash claims and voucher share when there are any. `product` is passed rather than read
    from the variant, which would cost a query per line."""
    return rules.PricedItem(
        listing_id=listing_id,
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
        unit_price=unit_price,
        quantity=quantity,
        weight_g=variant.weight_g,
        temperature_class=product.temperature_class,
        tax_class=product.cn_tax_class,
        category=product.category,
        merchant_region=merchant.region,
        **campaign,
    )


@dataclass(frozen=True)
class LandedPreview:
    market: str
    goods: Money | None = None
    shipping: Money | None = None
    tax: Money | None = None
    total: Money | None = None
    transit_days: int = 0
    refusal: ApplicationError | None = None


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


def _quote(item: rules.PricedItem, market: Market, language: str, province: str) -> rules.Quote:
    return rules.quote_cart(
        [item],
        currency=market.currency,
        shipping_for=shipping.shipping_function(market, province=province, cn=None),
        tax_for=_tax_function(market, language),
    )


def landed_preview(
    *,
    product: Product,
    variant: Variant,
    merchant: Merchant,
    market: Market,
    unit_price: Money,
    language: str = "en",
    province: str = "",
    listing_id: int = 0,
) -> LandedPreview:
    """Goods + shipping + import tax of one unit at `unit_price`, delivered to `province` (else
    the market's rate table), in the market currency; a refusal (CBEC limits, positive list)
    comes back in `refusal`, in `language`."""
    item = priced_item(
        product=product,
        variant=variant,
        merchant=merchant,
        unit_price=unit_price,
        quantity=1,
        language=language,
        listing_id=listing_id,
    )
    try:
        try:
            quote = _quote(item, market, language, province)
        except NoRoute:
            # no direct-mail route for this parcel (fresh goods travel bonded): the rate table
            quote = _quote(item, market, language, "")
    except ApplicationError as refused:
        return LandedPreview(market=market.code, refusal=refused)
    group = quote.groups[0]
    return LandedPreview(
        market=market.code,
        goods=group.goods,
        shipping=group.shipping,
        tax=group.tax,
        total=group.total,
        transit_days=group.transit_days,
    )
