"""Money, numbers and dates as the page's language writes them (Babel's CLDR data)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django.utils import translation

from tradelane.core.money import Money

BABEL_LOCALES = {"zh-hans": "zh_Hans_CN", "en": "en_AU"}


def babel_locale(language: str | None = None) -> str:
    language = (language or translation.get_language() or "en").lower()
    return BABEL_LOCALES.get(language, "en_AU")


def money_text(value: Money | None, language: str | None = None) -> str:
    if value is None:
        return ""
    return str(format_currency(value.amount, value.currency, locale=babel_locale(language)))


def minor_text(minor: int, currency: str, language: str | None = None) -> str:
    return money_text(Money.from_minor(minor, currency), language)


def amount_text(amount: Decimal | int, currency: str, language: str | None = None) -> str:
    return money_text(Money.of(amount, currency), language)


def number_text(value: Decimal | int | float, language: str | None = None) -> str:
    return str(format_decimal(value, locale=babel_locale(language)))
