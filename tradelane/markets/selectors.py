from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from tradelane.core.errors import ValidationFailed
from tradelane.core.money import CurrencyError, minor_units
from tradelane.markets import rules
from tradelane.markets.errors import FxRateUnavailable, market_not_found
from tradelane.markets.models import FxRate, Market

PIVOT = "USD"


@dataclass(frozen=True)
class MidRate:
    base: str
    quote: str
    rate: Decimal
    source: str
    as_of: datetime


def market_get(code: str) -> Market:
    market = Market.objects.filter(code=code.upper(), is_active=True).first()
    if market is None:
        raise market_not_found(code)
    return market


def market_list() -> list[Market]:
    return list(Market.objects.filter(is_active=True).order_by("code"))


def _latest_rates(currencies: set[str], at: datetime) -> dict[tuple[str, str], FxRate]:
    """The newest snapshot at `at` of every pair among `currencies`, in one query."""
    rows = FxRate.objects.filter(base__in=currencies, quote__in=currencies, as_of__lte=at).order_by(
        "-as_of"
    )
    latest: dict[tuple[str, str], FxRate] = {}
    for row in rows[:200]:
        latest.setdefault((row.base, row.quote), row)
    return latest


def _direct_or_inverse(
    rates: dict[tuple[str, str], FxRate], base: str, quote: str
) -> MidRate | None:
    row = rates.get((base, quote))
    if row is not None:
        return MidRate(base, quote, row.rate, row.source, row.as_of)
    row = rates.get((quote, base))
    if row is not None:
        return MidRate(base, quote, rules.invert(row.rate), f"{row.source} (inverse)", row.as_of)
    return None


def _require_currency(code: str) -> None:
    try:
        minor_units(code)
    except CurrencyError as exc:
        raise ValidationFailed(
            _("%(code)s is not an ISO 4217 currency.") % {"code": code[:10]},
            code="currency_invalid",
            fields={"currency": [str(exc)]},
        ) from exc


def fx_mid_rate(base: str, quote: str, at: datetime) -> MidRate:
    """The latest mid rate at `at`: direct, inverted, or crossed through USD."""
    _require_currency(base)
    _require_currency(quote)
    if base == quote:
        return MidRate(base, quote, Decimal(1), "identity", at)
    rates = _latest_rates({base, quote, PIVOT}, at)
    found = _direct_or_inverse(rates, base, quote)
    if found is not None:
        return found
    to_base = _direct_or_inverse(rates, PIVOT, base)
    to_quote = _direct_or_inverse(rates, PIVOT, quote)
    if to_base is not None and to_quote is not None:
        return MidRate(
            base,
            quote,
            rules.cross(to_base.rate, to_quote.rate),
            f"{to_quote.source} (cross via {PIVOT})",
            min(to_base.as_of, to_quote.as_of),
        )
    raise FxRateUnavailable(
        _("No exchange rate from %(base)s to %(quote)s is loaded.") % {"base": base, "quote": quote}
    )
