from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradelane.core.money import CurrencyError, Money, allocate, minor_units


def test_minor_units_come_from_iso_4217() -> None:
    assert minor_units("CNY") == 2
    assert minor_units("AUD") == 2
    assert minor_units("JPY") == 0
    assert minor_units("KWD") == 3


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(CurrencyError):
        Money.of("1", "XXQ")


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        Money(1.5, "AUD")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money.of("1", "AUD") * 1.1  # type: ignore[operator]


def test_rounding_is_half_up_to_the_minor_unit() -> None:
    assert Money.of("2.345", "AUD").amount == Decimal("2.35")
    assert Money.of("2.344", "AUD").amount == Decimal("2.34")
    assert Money.of("2.5", "JPY").amount == Decimal("3")


def test_minor_round_trip() -> None:
    assert Money.from_minor(12345, "CNY").minor == 12345
    assert Money.from_minor(12345, "CNY").amount == Decimal("123.45")


def test_unrounded_money_has_no_minor_units() -> None:
    with pytest.raises(ValueError, match="precision"):
        _ = Money(Decimal("1.005"), "AUD").minor


def test_currencies_do_not_mix() -> None:
    with pytest.raises(CurrencyError):
        Money.of("1", "AUD") + Money.of("1", "NZD")


def test_format_per_locale() -> None:
    assert Money.of("1234.5", "CNY").format("zh-hans") == "¥1,234.50"
    assert Money.of("1234.5", "AUD").format("en_AU") == "$1,234.50"


@given(
    total=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20).filter(
        lambda w: sum(w) > 0
    ),
)
def test_allocation_adds_up_exactly(total: int, weights: list[int]) -> None:
    parts = allocate(Money.from_minor(total, "CNY"), weights)
    assert sum(p.minor for p in parts) == total
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(total) * weight / sum(weights)
        assert abs(part.minor - exact) < 1
