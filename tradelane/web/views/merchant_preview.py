"""The landed price a shopper would pay for one unit of a listing, before the merchant saves it:
the price the save would set, then `orders.pricing.landed_preview` to a buyer with no address
yet (so the rate table prices the parcel, as on a product page). Nothing is written."""

from __future__ import annotations

from tradelane.catalog.models import Variant
from tradelane.catalog.services import listing_price
from tradelane.core.money import Money
from tradelane.markets.models import Market
from tradelane.merchants.models import Merchant
from tradelane.orders.pricing import LandedPreview, landed_preview


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


def merchant_landed_preview(
    *, merchant: Merchant, variant: Variant, market: Market, price: Money
) -> LandedPreview:
    """A refusal (the unit alone breaks a CBEC limit, say) is raised for the form to show."""
    preview = landed_preview(
        product=variant.product,
        variant=variant,
        merchant=merchant,
        market=market,
        unit_price=price,
    )
    if preview.refusal is not None:
        raise preview.refusal
    return preview
