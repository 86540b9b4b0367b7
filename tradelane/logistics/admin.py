from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from tradelane.catalog.models import TemperatureClass
from tradelane.core.admin import money_display
from tradelane.logistics.models import ShippingRate


class ShippingRateForm(forms.ModelForm):
    # The model stores the class as free text; offer the catalogue's temperature classes.
    temperature_class = forms.ChoiceField(choices=TemperatureClass.choices)

    class Meta:
        model = ShippingRate
        fields = (
            "market",
            "temperature_class",
            "currency",
            "first_kg_minor",
            "additional_kg_minor",
            "transit_days",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        market = data.get("market")
        currency = str(data.get("currency", "")).strip().upper()
        data["currency"] = currency
        if market is not None and currency != market.currency:
            self.add_error("currency", f"Rates for {market.code} are charged in {market.currency}.")
        return data


@admin.register(ShippingRate)
class ShippingRateAdmin(admin.ModelAdmin):
    """Flat parcel rates per market and temperature class, in minor units of the currency."""

    form = ShippingRateForm
    list_display = (
        "market",
        "temperature_class",
        "first_kg",
        "additional_kg",
        "transit_days",
    )
    list_filter = ("market", "temperature_class")
    list_select_related = ("market",)
    search_fields = ("market__code", "market__name_en", "temperature_class")
    ordering = ("market", "temperature_class")
    fields = (
        "market",
        "temperature_class",
        "currency",
        "first_kg_minor",
        "first_kg",
        "additional_kg_minor",
        "additional_kg",
        "transit_days",
    )
    readonly_fields = ("first_kg", "additional_kg")

    @admin.display(description="first kg", ordering="first_kg_minor")
    def first_kg(self, obj: ShippingRate) -> str:
        if obj.pk is None:
            return "-"
        return money_display(obj.first_kg_minor, obj.currency)

    @admin.display(description="each further kg", ordering="additional_kg_minor")
    def additional_kg(self, obj: ShippingRate) -> str:
        if obj.pk is None:
            return "-"
        return money_display(obj.additional_kg_minor, obj.currency)
