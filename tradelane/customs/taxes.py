"""Which regime taxes an order, with the configuration in force on the order date."""

from __future__ import annotations

from datetime import date

from tradelane.core.money import Money
from tradelane.customs import rules
from tradelane.customs.config import CbecConfig, GstConfig, regime_in_force
from tradelane.customs.rules import TaxLine, TaxResult


def import_tax(
    *,
    regime: str,
    market_code: str,
    market_currency: str,
    merchant_country: str,
    lines: list[TaxLine],
    on: date,
    annual_used: Money | None = None,
) -> TaxResult:
    if merchant_country == market_code:
        return rules.domestic(lines, market_currency)
    config = regime_in_force(regime, on)
    if isinstance(config, CbecConfig):
        return rules.cbec_order_tax(lines, config, annual_used=annual_used)
    if isinstance(config, GstConfig):
        return rules.low_value_gst(regime, lines, config)
    raise LookupError(regime)  # pragma: no cover
