"""FX arithmetic: cross rates through a pivot currency, spreads, conversion. No ORM here."""

from __future__ import annotations

from decimal import Decimal

from tradelane.core.money import Money

RATE_PLACES = Decimal("0.0000000001")
BPS = Decimal(10_000)


def invert(rate: Decimal) -> Decimal:
    return (Decimal(1) / rate).quantize(RATE_PLACES)


def cross(pivot_to_base: Decimal, pivot_to_quote: Decimal) -> Decimal:
    """1 base in quote, from two rates that share the pivot as their base."""
    return (pivot_to_quote / pivot_to_base).quantize(RATE_PLACES)


def with_spread(mid: Decimal, spread_bps: int) -> Decimal:
    """The customer rate: the platform gives spread_bps less of the quote currency per base unit.

    Converting base -> quote at this rate yields less than mid; the difference is FX revenue.
    """
    return (mid * (BPS - spread_bps) / BPS).quantize(RATE_PLACES)


def convert(amount: Money, rate: Decimal, quote_currency: str) -> Money:
    return Money(amount.amount * rate, quote_currency).rounded()
