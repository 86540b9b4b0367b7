"""Catalog rules without the ORM: HS codes, tax class defaults, listing price rounding."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from tradelane.core.money import Money

BPS = Decimal(10_000)

DEFAULT_CN_TAX_CLASS = {
    "food_beverage": "standard",
    "dairy": "standard",
    "meat_seafood": "agricultural",
    "fresh_produce": "agricultural",
    "cosmetics": "standard",
    "mother_baby": "standard",
    "health_supplements": "standard",
    "wine": "wine",
}


class HsCodeInvalid(ValueError):
    pass


def hs_code_clean(value: str) -> str:
    """Compact an HS code ("0402.21.00" -> "04022100"); 6, 8 or 10 digits in chapters 01-97."""
    compact = value.replace(".", "").replace(" ", "")
    if not compact.isdigit() or len(compact) not in (6, 8, 10):
        raise HsCodeInvalid("an HS code has 6, 8 or 10 digits, for example 0402.21.00")
    chapter = int(compact[:2])
    if not 1 <= chapter <= 97 or chapter == 77:
        raise HsCodeInvalid(f"chapter {compact[:2]} does not exist in the Harmonized System")
    return compact


def apply_rounding(amount: Money, rule: str) -> Money:
    """Round a derived listing price by the merchant's named rule (never below the amount,
    except `exact` and `whole`, which round half up)."""
    value = amount.amount
    if rule == "exact":
        return amount.rounded(ROUND_HALF_UP)
    if rule == "whole":
        return Money(value.quantize(Decimal(1), rounding=ROUND_HALF_UP), amount.currency).rounded()
    if rule == "charm_99":
        whole = (value + Decimal("0.01")).quantize(Decimal(1), rounding=ROUND_CEILING)
        return Money(whole - Decimal("0.01"), amount.currency).rounded()
    if rule == "ends_in_8":
        units = int(value.quantize(Decimal(1), rounding=ROUND_CEILING))
        return Money(Decimal(units + (8 - units) % 10), amount.currency).rounded()
    raise ValueError(f"unknown rounding rule {rule!r}")


def derived_price(
    merchant_price: Money, rate: Decimal, markup_bps: int, currency: str, rounding: str
) -> Money:
    converted = merchant_price.amount * rate * (BPS + markup_bps) / BPS
    return apply_rounding(Money(converted, currency), rounding)


def search_text(*parts: str) -> str:
    return " ".join(p.strip().lower() for p in parts if p and p.strip())
