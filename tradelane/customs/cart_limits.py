"""Warnings a China cart gets before checkout, from the CBEC limits the checkout enforces
(`rules.cbec_order_tax`): per order (one seller's parcel) and per buyer per year. Pure.

The cart knows only the goods; the limits count goods plus freight and insurance, so the amount
to remove is a floor, never an overstatement: a cart under these figures can still be refused
at checkout once shipping is added (the checkout then says so and leads back to the cart)."""

from __future__ import annotations

from dataclasses import dataclass

from tradelane.core.money import Money


@dataclass(frozen=True)
class SellerGoods:
    """One seller's part of the cart: it becomes one order, so one per-order limit."""

    seller: str
    goods: Money
    single_item: bool  # one unit of one product: may clear above the per-order limit, taxed in full


@dataclass(frozen=True)
class LimitWarning:
    kind: str  # "cbec_order" or "cbec_annual"
    limit: Money
    remove_at_least: Money
    seller: str = ""
    left_this_year: Money | None = None


def cbec_cart_warnings(
    sellers: list[SellerGoods], *, per_order_limit: Money, annual_limit: Money, annual_used: Money
) -> list[LimitWarning]:
    warnings = [
        LimitWarning("cbec_order", per_order_limit, part.goods - per_order_limit, part.seller)
        for part in sellers
        if part.goods > per_order_limit and not part.single_item
    ]
    total = sum((part.goods for part in sellers), Money.zero(annual_limit.currency))
    if sellers and annual_used + total > annual_limit:
        left = max(annual_limit - annual_used, Money.zero(annual_limit.currency))
        warnings.append(
            LimitWarning(
                "cbec_annual", annual_limit, annual_used + total - annual_limit, left_this_year=left
            )
        )
    return warnings
