"""Stock screens. Quantities are read-only: every change is a conditional UPDATE in the
inventory services (`stock_set`, `stock_reserve`, `reservations_*`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tradelane.core.admin import ReadOnlyModelAdmin
from tradelane.inventory.models import Location, Reservation, StockItem

LOW_STOCK = 10


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ("code", "name", "kind", "country", "city", "merchant", "serves_market")

    def clean_country(self) -> str:
        country = str(self.cleaned_data["country"]).strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError("An ISO 3166 alpha-2 country code, for example AU.")
        return country


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    form = LocationForm
    list_display = ("code", "name", "kind", "country", "city", "merchant", "serves_market")
    list_filter = ("kind", "country", "serves_market")
    list_select_related = ("merchant", "serves_market")
    search_fields = ("code", "name", "city", "merchant__trading_name")
    autocomplete_fields = ("merchant",)
    ordering = ("kind", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Codes are how merchants and partners address a location (`location_code`).
        return ("code",) if obj is not None else ()


class AvailabilityFilter(admin.SimpleListFilter):
    title = "availability"
    parameter_name = "available"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("none", "None available"),
            ("low", f"Low (1 to {LOW_STOCK - 1})"),
            ("ok", f"{LOW_STOCK} or more"),
            ("reserved", "Has reservations"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any] | None:
        value = self.value()
        if value == "none":
            return queryset.filter(available_units__lte=0)
        if value == "low":
            return queryset.filter(available_units__gt=0, available_units__lt=LOW_STOCK)
        if value == "ok":
            return queryset.filter(available_units__gte=LOW_STOCK)
        if value == "reserved":
            return queryset.filter(reserved__gt=0)
        return queryset


@admin.register(StockItem)
class StockItemAdmin(ReadOnlyModelAdmin):
    list_display = (
        "sku",
        "product",
        "location",
        "merchant",
        "on_hand",
        "reserved",
        "available",
        "updated_at",
    )
    list_filter = (AvailabilityFilter, "location__kind", "location__serves_market")
    list_select_related = ("variant__product", "location", "merchant")
    search_fields = (
        "variant__sku",
        "variant__product__name_en",
        "=location__code",
        "merchant__trading_name",
    )
    date_hierarchy = "updated_at"
    ordering = ("merchant_id", "variant__sku", "location__code")
    fields = (
        "variant",
        "location",
        "merchant",
        "on_hand",
        "reserved",
        "available",
        "reservations",
        "updated_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[StockItem]:
        return super().get_queryset(request).annotate(available_units=F("on_hand") - F("reserved"))

    @admin.display(description="SKU", ordering="variant__sku")
    def sku(self, obj: StockItem) -> str:
        return obj.variant.sku

    @admin.display(description="product", ordering="variant__product__name_en")
    def product(self, obj: StockItem) -> str:
        return obj.variant.product.name_en

    @admin.display(description="available", ordering="available_units")
    def available(self, obj: StockItem) -> int:
        return obj.available

    @admin.display(description="reservations")
    def reservations(self, obj: StockItem) -> SafeString:
        return format_html(
            '<a href="{}?stock_item__id__exact={}">reservations of this stock</a>',
            reverse("admin:inventory_reservation_changelist"),
            obj.pk,
        )


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyModelAdmin):
    list_display = (
        "id",
        "reference",
        "sku",
        "location",
        "merchant",
        "quantity",
        "status",
        "created_at",
        "expires_at",
    )
    list_filter = ("status",)
    list_select_related = ("stock_item__variant", "stock_item__location", "merchant")
    search_fields = ("=reference", "stock_item__variant__sku", "merchant__trading_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    fields = (
        "reference",
        "stock_item",
        "merchant",
        "quantity",
        "status",
        "created_at",
        "expires_at",
    )
    readonly_fields = fields

    @admin.display(description="SKU", ordering="stock_item__variant__sku")
    def sku(self, obj: Reservation) -> str:
        return obj.stock_item.variant.sku

    @admin.display(description="location", ordering="stock_item__location__code")
    def location(self, obj: Reservation) -> str:
        return obj.stock_item.location.code
