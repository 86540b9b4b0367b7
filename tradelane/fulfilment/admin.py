from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from tradelane.catalog.models import TemperatureClass
from tradelane.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline, money_display
from tradelane.core.errors import ApplicationError
from tradelane.fulfilment.services.tracking import claim_refund
from tradelane.logistics.models import (
    ClaimStatus,
    ColdChainClaim,
    Lane,
    LogisticsPartner,
    Node,
    Shipment,
    ShipmentLeg,
    ShippingRate,
    TrackingEvent,
)


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


@admin.register(LogisticsPartner)
class LogisticsPartnerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "country", "is_active")
    list_filter = ("kind", "country", "is_active")
    search_fields = ("code", "name")
    exclude = ("api_key_digest",)


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_zh", "kind", "country", "region")
    list_filter = ("kind", "country")
    search_fields = ("code", "name", "name_zh", "region")


@admin.register(Lane)
class LaneAdmin(admin.ModelAdmin):
    """Operators edit capacity, cost, schedule and classes; the planner reads them live."""

    list_display = (
        "code",
        "partner",
        "mode",
        "customs_mode",
        "transit_mean_hours",
        "cost_per_kg_minor",
        "capacity_kg",
        "capacity_parcels",
        "is_active",
    )
    list_filter = ("mode", "customs_mode", "partner", "is_active")
    search_fields = ("code",)
    list_select_related = ("partner",)
    list_editable = ("capacity_kg", "capacity_parcels", "is_active")


class LegInline(ReadOnlyTabularInline):
    model = ShipmentLeg
    fields = ("sequence", "lane", "partner", "started_at", "ended_at")
    readonly_fields = fields


class EventInline(ReadOnlyTabularInline):
    model = TrackingEvent
    fields = ("occurred_at", "kind", "status", "description", "location", "source", "hash")
    readonly_fields = fields


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyModelAdmin):
    list_display = (
        "waybill",
        "order",
        "status",
        "customs_mode",
        "temperature_class",
        "excursion",
        "eta",
    )
    list_filter = ("status", "customs_mode", "temperature_class", "excursion")
    search_fields = ("=waybill", "^order__number", "merchant__trading_name")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    inlines = [LegInline, EventInline]
    ordering = ("-created_at",)


@admin.register(ColdChainClaim)
class ColdChainClaimAdmin(ReadOnlyModelAdmin):
    list_display = (
        "shipment",
        "partner",
        "started_at",
        "minutes",
        "worst_celsius",
        "reason",
        "status",
        "refunded",
    )
    list_filter = ("status", "partner")
    list_select_related = ("partner", "refund")
    search_fields = ("=shipment__waybill", "^shipment__order__number", "partner__code")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    actions = ["refund_consumer"]

    @admin.display(description="refunded to the buyer")
    def refunded(self, obj: ColdChainClaim) -> str:
        if obj.refund is None:
            return "-"
        return money_display(obj.refund.amount_minor, obj.refund.currency)

    def has_refund_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("logistics.change_coldchainclaim")

    @admin.action(description="Refund the consumer in full", permissions=["refund"])
    def refund_consumer(self, request: HttpRequest, queryset: QuerySet[ColdChainClaim]) -> None:
        done = 0
        for claim in queryset.filter(status=ClaimStatus.OPEN).order_by("pk"):
            try:
                claim_refund(claim, actor=f"operator:{request.user.pk}")
            except ApplicationError as exc:
                self.message_user(request, f"{claim.shipment_id}: {exc.message}", messages.ERROR)
            else:
                done += 1
        skipped = queryset.exclude(status=ClaimStatus.OPEN).count()
        if done:
            self.message_user(request, f"Refunded {done} claim(s) in full.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"Skipped {skipped} claim(s) already refunded.", messages.WARNING
            )
