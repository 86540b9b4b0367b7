"""Money: a Decimal amount with an ISO 4217 currency. Never a float.

Minor units come from the CLDR data Babel ships (JPY 0, AUD 2, CNY 2, ...), so the ledger can
store integers and every amount knows how to round itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import cache

from babel.numbers import format_currency, get_currency_precision, list_currencies

HALF_UP = ROUND_HALF_UP
HALF_EVEN = ROUND_HALF_EVEN


class CurrencyError(ValueError):
    pass


@cache
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def minor_units(currency: str) -> int:
    """Digits after the decimal point for a currency (CNY 2, JPY 0, KWD 3)."""
    if currency not in _known_currencies():
        raise CurrencyError(f"unknown currency {currency!r}")
    return int(get_currency_precision(currency))


@cache
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def _as_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money amounts must not be floats")
    return value if isinstance(value, Decimal) else Decimal(value)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _as_decimal(self.amount))
        minor_units(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency).rounded()

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        """An amount given in major units, rounded half-up to the currency's minor unit."""
        return cls(_as_decimal(amount), currency).rounded()

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(minor).scaleb(-minor_units(currency)), currency)

    @property
    def minor(self) -> int:
        """The amount in integer minor units; the amount must already be rounded."""
        rounded = self.amount.quantize(_quantum(self.currency), rounding=HALF_UP)
        if rounded != self.amount:
            raise ValueError(f"{self} has more precision than {self.currency} minor units")
        return int(rounded.scaleb(minor_units(self.currency)))

    def rounded(self, rounding: str = HALF_UP) -> Money:
        return Money(
            self.amount.quantize(_quantum(self.currency), rounding=rounding), self.currency
        )

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyError(f"currency mismatch: {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise TypeError("multiply money by Decimal or int, not float")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._check(other)
        return self.amount >= other.amount

    def format(self, locale: str = "en") -> str:
        return str(format_currency(self.amount, self.currency, locale=locale.replace("-", "_")))

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def sum_money(items: list[Money], currency: str) -> Money:
    total = Money.zero(currency)
    for item in items:
        total = total + item
    return total


def allocate(total: Money, weights: list[int]) -> list[Money]:
    """Split `total` in proportion to integer weights so the parts add up exactly.

    Largest-remainder: every part is rounded down to the minor unit, and the leftover minor
    units go to the parts that lost most in rounding.
    """
    if not weights or sum(weights) <= 0 or any(w < 0 for w in weights):
        raise ValueError("weights must be non-negative and sum to more than zero")
    total_minor = total.minor
    weight_sum = sum(weights)
    exact = [Decimal(total_minor) * w / weight_sum for w in weights]
    parts = [int(e) for e in exact]
    leftover = total_minor - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[:leftover]:
        parts[i] += 1
    return [Money.from_minor(p, total.currency) for p in parts]
