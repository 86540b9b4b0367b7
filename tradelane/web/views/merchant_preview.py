"""The landed price a shopper would pay for one unit of a listing, before the merchant saves it.

It runs the checkout's own arithmetic (`orders.rules.quote_group` with the checkout's shipping
function and the market's import regime), for one unit to a buyer with no quota used and no
address yet (so the rate table prices the parcel, as on a product page). It reads only: no
listing, quote or FX lock is written."""

from __future__ import annotations

from dataclasses import dataclass

from tradelane.catalog.models import Variant
from tradelane.catalog.services import listing_price
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.errors import refusal_error
from tradelane.customs.rules import ImportRefused, TaxLine, TaxResult
from tradelane.customs.taxes import import_tax
from tradelane.markets.models import Market
from tradelane.merchants.models import Merchant
from tradelane.orders.rules import PricedItem, quote_group
from tradelane.orders.services.shipping import shipping_function


@dataclass(frozen=True)
class LandedPreview:
    market: str
    goods: Money
    shipping: Money
    tax: Money
    total: Money
    transit_days: int


def listing_preview_price(
    *,
    variant: Variant,
    market: Market,
    mode: str,
    fixed: Money | None,
    markup_bps: int,
    rounding: str,
) -> Money:
    """The listing price the save would set (fixed, or derived through today's mid rate)."""
    price, _rate = listing_price(
        variant=variant,
        market=market,
        mode=mode,
        fixed=fixed,
        markup_bps=markup_bps,
        rounding=rounding,
    )
    return price


def landed_preview(
    *, merchant: Merchant, variant: Variant, market: Market, price: Money
) -> LandedPreview:
    product = variant.product
    item = PricedItem(
        listing_id=0,
        variant_id=variant.pk,
        merchant_id=merchant.pk,
        merchant_name=merchant.trading_name,
        merchant_country=merchant.country,
        settlement_currency=merchant.settlement_currency,
        sku=variant.sku,
        name=product.name_en,
        name_en=product.name_en,
        name_zh_hans=product.name_zh_hans,
        hs_code=product.hs_code,
        unit_price=price,
        quantity=1,
        weight_g=variant.weight_g,
        temperature_class=product.temperature_class,
        tax_class=product.cn_tax_class,
        category=product.category,
        merchant_region=merchant.region,
    )

    def tax_for(merchant_country: str, lines: list[TaxLine]) -> TaxResult:
        try:
            return import_tax(
                regime=market.import_regime,
                market_code=market.code,
                market_currency=market.currency,
                merchant_country=merchant_country,
                lines=lines,
                on=clock.today(),
            )
        except ImportRefused as refusal:
            raise refusal_error(refusal) from refusal

    group = quote_group(
        [item],
        currency=market.currency,
        shipping_for=shipping_function(market, province="", cn=None),
        tax_for=tax_for,
    )
    return LandedPreview(
        market=market.code,
        goods=group.goods,
        shipping=group.shipping,
        tax=group.tax,
        total=group.total,
        transit_days=group.transit_days,
    )
