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
