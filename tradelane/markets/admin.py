from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest

from tradelane.core import clock
from tradelane.core.admin import ReadOnlyModelAdmin
from tradelane.core.money import CurrencyError, minor_units
from tradelane.markets.models import FxQuote, FxRate, Market


class MarketForm(forms.ModelForm):
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, help_text="default storefront language"
    )

    class Meta:
        model = Market
        fields = (
            "code",
            "name_en",
            "name_zh_hans",
            "currency",
            "language",
            "import_regime",
            "is_active",
        )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise forms.ValidationError("A market code is an ISO 3166 alpha-2 country code.")
        return code

    def clean_currency(self) -> str:
        currency = str(self.cleaned_data["currency"]).strip().upper()
        try:
            minor_units(currency)
        except CurrencyError as exc:
            raise forms.ValidationError("Not an ISO 4217 currency code.") from exc
        return currency


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    form = MarketForm
    list_display = (
        "code",
        "name_en",
        "name_zh_hans",
        "currency",
        "language",
        "import_regime",
        "is_active",
    )
    list_filter = ("is_active", "import_regime", "currency", "language")
    search_fields = ("code", "name_en", "name_zh_hans")
    ordering = ("code",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Listings, orders and quotes carry the market's code and currency: fixed once created.
        return ("code", "currency") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead; listings and orders refer to the market


@admin.register(FxRate)
class FxRateAdmin(ReadOnlyModelAdmin):
    """Rate snapshots are loaded from files (`load_fx_rates`); a snapshot never changes."""

    list_display = ("pair", "rate", "source", "as_of", "loaded_at")
    list_filter = ("base", "quote", "source")
    search_fields = ("=base", "=quote", "source")
    date_hierarchy = "as_of"
    ordering = ("-as_of", "base", "quote")

    @admin.display(description="pair", ordering="base")
    def pair(self, obj: FxRate) -> str:
        return f"{obj.base}/{obj.quote}"


@admin.register(FxQuote)
class FxQuoteAdmin(ReadOnlyModelAdmin):
    """Locked conversions handed to checkouts; immutable."""

    list_display = (
        "id",
        "pair",
        "mid_rate",
        "spread_bps",
        "rate",
        "source",
        "created_at",
        "expires_at",
        "is_expired",
    )
    list_filter = ("base", "quote")
    search_fields = ("=id", "=base", "=quote")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    @admin.display(description="pair", ordering="base")
    def pair(self, obj: FxQuote) -> str:
        return f"{obj.base}/{obj.quote}"

    @admin.display(description="expired", boolean=True)
    def is_expired(self, obj: FxQuote) -> bool:
        return obj.expires_at <= clock.now()
