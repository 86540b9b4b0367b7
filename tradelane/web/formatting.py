"""Money, numbers and dates as the page's language writes them (Babel's CLDR data)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_decimal, get_currency_precision
from django.utils import translation

from tradelane.core.money import Money

BABEL_LOCALES = {"zh-hans": "zh_Hans_CN", "en": "en_AU"}
# en_AU writes AUD as a bare "$" but NZD, CNY and SGD as "NZD1.00", "CNY1.00", "SGD1.00": pages
# that show several currencies side by side (merchant listings, till receipts, the operator's
# GMV) read as a muddle. English pages name every currency by one unambiguous symbol instead.
ENGLISH_SYMBOLS = {
    "AUD": "A$",
    "NZD": "NZ$",
    "CNY": "CN¥",
    "SGD": "S$",
    "MYR": "RM",
    "USD": "US$",
}


def babel_locale(language: str | None = None) -> str:
    language = (language or translation.get_language() or "en").lower()
    return BABEL_LOCALES.get(language, "en_AU")


def money_text(value: Money | None, language: str | None = None) -> str:
    if value is None:
        return ""
    locale = babel_locale(language)
    symbol = ENGLISH_SYMBOLS.get(value.currency) if locale == "en_AU" else None
    if symbol is None:
        return str(format_currency(value.amount, value.currency, locale=locale))
    digits = get_currency_precision(value.currency)
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    number = format_decimal(abs(value.amount), format=pattern, locale=locale)
    sign = "-" if value.amount < 0 else ""
    return f"{sign}{symbol}{number}"


def minor_text(minor: int, currency: str, language: str | None = None) -> str:
    return money_text(Money.from_minor(minor, currency), language)


def number_text(value: Decimal | int | float, language: str | None = None) -> str:
    return str(format_decimal(value, locale=babel_locale(language)))
