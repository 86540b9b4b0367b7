"""Priced items from catalog rows, and the landed price of one unit before any checkout.

`landed_preview` runs the checkout's own arithmetic (`rules.quote_cart` with the checkout's
shipping function and the market's import tax) for one unit, to a buyer with no CBEC quota used
yet, and writes nothing: no quote, no FX lock; `landed_previews` prices a page of units at once.
The storefront's cards and product page and the merchant portal's listing form show it; the
quote at checkout is the price charged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tradelane.catalog.models import Product, Variant
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.customs import compliance
from tradelane.customs.checkout_checks import positive_list_for
from tradelane.customs.errors import customs_refusal, refusal_error
from tradelane.customs.rules import ImportRefused, TaxLine, TaxResult
from tradelane.customs.taxes import import_tax
from tradelane.inventory.services import bonded_available
from tradelane.logistics.errors import NoRoute
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


def tax_function(
    market: Market, language: str, *, annual_used: Money | None, running: bool
) -> rules.TaxFn:
    """The market's import tax on one parcel (one merchant's lines), refusals in the buyer's
    language. For China, `annual_used` is the CBEC quota already used; with `running`, each
    parcel also counts against it after the ones before (one checkout, several orders), while
    a preview prices every parcel alone."""
    today = clock.today()
    used = [annual_used]

    def tax_for(merchant_country: str, lines: list[TaxLine]) -> TaxResult:
        try:
            result = import_tax(
                regime=market.import_regime,
                market_code=market.code,
                market_currency=market.currency,
                merchant_country=merchant_country,
                lines=lines,
                on=today,
                annual_used=used[0],
            )
        except ImportRefused as refusal:
            raise refusal_error(refusal, language) from refusal
        if running and used[0] is not None:
            used[0] = used[0] + result.dutiable_value
        return result

    return tax_for


@dataclass(frozen=True)
class Offer:
    """One unit of a listing at the price checkout would charge now."""

    product: Product
    variant: Variant
    merchant: Merchant
    unit_price: Money
    listing_id: int = 0


def landed_previews(
    offers: Sequence[Offer],
    *,
    market: Market,
    language: str = "en",
    province: str = "",
    refuse_unsellable: bool = True,
) -> list[LandedPreview]:
    """`landed_preview` for many offers (a page of cards) with a constant number of queries:
    the shipping and tax functions are built once and each offer is quoted on its own, as a
    one-line checkout. China's bonded stock and positive list are looked up once: a parcel that
    checkout would send from a bonded warehouse (fresh goods must) is priced on that route, and
    what checkout would refuse to anyone comes back as the refusal, not as a price (unless
    `refuse_unsellable` is off)."""
    if not offers:
        return []
    bonded: dict[int, str] = {}
    refusals: dict[int, ApplicationError] = {}
    if market.code == "CN":
        bonded = bonded_available({o.variant.pk: 1 for o in offers}, market.code)
        if refuse_unsellable:
            refusals = _cn_refusals(offers, bonded, language)
    tax_for = tax_function(
        market,
        language,
        annual_used=Money.zero("CNY") if market.code == "CN" else None,
        running=False,  # each unit priced alone, as if no quota were used yet
    )
    planned = shipping.shipping_function(
        market, province=province, cn=None, bonded_city=bonded if province else {}
    )
    rate_table: list[rules.ShippingFn] = []

    def fallback() -> rules.ShippingFn:
        if not rate_table:
            rate_table.append(shipping.shipping_function(market, province="", cn=None))
        return rate_table[0]

    return [
        LandedPreview(market=market.code, refusal=refusals[i])
        if i in refusals
        else _preview(offer, market, language, tax_for, planned, fallback)
        for i, offer in enumerate(offers)
    ]


def _cn_refusals(
    offers: Sequence[Offer], bonded: dict[int, str], language: str
) -> dict[int, ApplicationError]:
    """The offers China's checkout would refuse whoever buys them (off the positive list, or
    fresh and bonded-only goods with no bonded stock), by position: shown instead of a price."""
    today = clock.today()
    positive = positive_list_for({o.product.hs_code for o in offers})
    refused: dict[int, ApplicationError] = {}
    for i, offer in enumerate(offers):
        line = compliance.CnLine(offer.product.hs_code, offer.variant.pk in bonded)
        code = compliance.cn_line_refusal(line, positive, today)
        if code:
            refused[i] = customs_refusal(
                code, language=language, sku=offer.variant.sku, hs_code=offer.product.hs_code
            )
    return refused


def _preview(
    offer: Offer,
    market: Market,
    language: str,
    tax_for: rules.TaxFn,
    planned: rules.ShippingFn,
    fallback: Callable[[], rules.ShippingFn],
) -> LandedPreview:
    item = priced_item(
        product=offer.product,
        variant=offer.variant,
        merchant=offer.merchant,
        unit_price=offer.unit_price,
        quantity=1,
        language=language,
        listing_id=offer.listing_id,
    )

    def quote(shipping_for: rules.ShippingFn) -> rules.Quote:
        return rules.quote_cart(
            [item], currency=market.currency, shipping_for=shipping_for, tax_for=tax_for
        )

    try:
        try:
            quoted = quote(planned)
        except NoRoute:
            # no route on the network for this parcel (fresh goods out of bonded stock): the
            # market's rate table, as before a network is loaded
            quoted = quote(fallback())
    except ApplicationError as refused:
        return LandedPreview(market=market.code, refusal=refused)
    group = quoted.groups[0]
    return LandedPreview(
        market=market.code,
        goods=group.goods,
        shipping=group.shipping,
        tax=group.tax,
        total=group.total,
        transit_days=group.transit_days,
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
    offer = Offer(product, variant, merchant, unit_price, listing_id)
    # the merchant's listing form previews a price before the goods are stocked or listed
    return landed_previews(
        [offer], market=market, language=language, province=province, refuse_unsellable=False
    )[0]
