from __future__ import annotations

from tradelane.core.money import Money

GRAMS_PER_KG = 1000


def parcel_price(*, weight_g: int, first_kg: Money, additional_kg: Money) -> Money:
    """First kilogram, then every started kilogram after it."""
    if weight_g <= 0:
        raise ValueError("a parcel weighs something")
    extra_kgs = max(0, -(-(weight_g - GRAMS_PER_KG) // GRAMS_PER_KG))
    return first_kg + additional_kg * extra_kgs
