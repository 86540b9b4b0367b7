"""Payment rules without the ORM: the status table, commission, and one order's capture legs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TRANSITIONS: dict[str, frozenset[str]] = {
    "requires_confirmation": frozenset({"processing", "canceled"}),
    "processing": frozenset({"succeeded", "failed"}),
    "succeeded": frozenset(),
    "failed": frozenset(),
    "canceled": frozenset(),
}
BPS = Decimal(10_000)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class CaptureAmounts:
    """One order, in minor units. Payment-currency legs come out of the wallet; settlement-
    currency legs are paid out of the liquidity account of that currency."""

    goods: int
    shipping: int
    tax: int
    goods_at_mid: int  # settlement currency: what the liquidity account gives up
    goods_to_merchant: int  # settlement currency, at the customer rate
    fx_spread: int  # goods_at_mid - goods_to_merchant
    commission: int  # settlement currency, taken from the merchant's payable


def capture_amounts(
    *,
    goods: int,
    shipping: int,
    tax: int,
    mid_rate: Decimal,
    customer_rate: Decimal,
    minor_factor: Decimal,
    commission_bps: int,
) -> CaptureAmounts:
    """`minor_factor` converts payment minor units to settlement minor units beyond the rate
    (10^(settlement digits - payment digits)); 1 for CNY -> AUD."""
    at_mid = _round(Decimal(goods) * mid_rate * minor_factor)
    to_merchant = min(at_mid, _round(Decimal(goods) * customer_rate * minor_factor))
    commission = _round(Decimal(to_merchant) * commission_bps / BPS)
    return CaptureAmounts(
        goods, shipping, tax, at_mid, to_merchant, at_mid - to_merchant, commission
    )


@dataclass(frozen=True)
class RefundSplit:
    """One refund's share of each leg: payment-currency legs back to the wallet, settlement-
    currency legs back from the merchant, the commission and the spread."""

    tax: int
    shipping: int
    goods: int
    merchant_goods: int
    commission: int
    fx_spread: int


def _share(total: int, part: int, whole: int) -> int:
    return _round(Decimal(total) * part / whole) if whole else 0


def refund_split(
    *,
    order_total: int,
    tax: int,
    shipping: int,
    goods_settlement: int,
    commission: int,
    fx_spread: int,
    refunded_before: int,
    amount: int,
) -> RefundSplit:
    """Split a refund in proportion to what was paid, on cumulative amounts, so that refunds in
    any number of parts add up exactly to a full refund."""
    before, after = refunded_before, refunded_before + amount

    def delta(total: int) -> int:
        return _share(total, after, order_total) - _share(total, before, order_total)

    tax_back, ship_back = delta(tax), delta(shipping)
    goods_total = order_total - tax - shipping
    goods_before = before - _share(tax, before, order_total) - _share(shipping, before, order_total)
    goods_after = after - _share(tax, after, order_total) - _share(shipping, after, order_total)

    def goods_delta(total: int) -> int:
        return _share(total, goods_after, goods_total) - _share(total, goods_before, goods_total)

    return RefundSplit(
        tax=tax_back,
        shipping=ship_back,
        goods=amount - tax_back - ship_back,
        merchant_goods=goods_delta(goods_settlement),
        commission=goods_delta(commission),
        fx_spread=goods_delta(fx_spread),
    )


def customs_tax_claim(*, refund_tax: int, remitted: int, claimed_before: int) -> int:
    """How much of a refund's tax is claimed back from customs rather than taken from tax
    payable: the tax customs already took (`remitted`, when it cleared the order) that earlier
    refunds have not claimed yet, and never more than the refund's own tax. The rest was never
    paid to customs, so it is still in tax payable."""
    return max(0, min(refund_tax, remitted - claimed_before))
