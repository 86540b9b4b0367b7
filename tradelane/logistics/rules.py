from __future__ import annotations

from tradelane.core.money import Money

GRAMS_PER_KG = 1000


def parcel_price(*, weight_g: int, first_kg: Money, additional_kg: Money) -> Money:
    """First kilogram, then every started kilogram after it."""
    if weight_g <= 0:
        raise ValueError("a parcel weighs something")
    extra_kgs = max(0, -(-(weight_g - GRAMS_PER_KG) // GRAMS_PER_KG))
    return first_kg + additional_kg * extra_kgs


S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> str:
    """UPU S10 check digit of an 8-digit serial (python-stdnum has no S10 module)."""
    remainder = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: "0", 11: "5"}.get(remainder, str(remainder))


def waybill_number(serial: int, origin_country: str, service: str = "LT") -> str:
    """An S10 item identifier: service letters, 8-digit serial, check digit, origin country."""
    digits = f"{serial % 100_000_000:08d}"
    return f"{service}{digits}{s10_check_digit(digits)}{origin_country}"
