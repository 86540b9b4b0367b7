"""Operator screens: campaigns with their opt-ins, featured listings and flash sales; actions
move the status through `campaign_set_status`; vouchers list their uses against the cap.

Counters (sold, uses) are read-only: they move only by the services' conditional UPDATEs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from tradelane.campaigns.errors import IllegalCampaignTransition
from tradelane.campaigns.models import (
    Campaign,
    CampaignListing,
    CampaignMerchant,
    FlashSale,
    Voucher,
    VoucherRedemption,
)
from tradelane.campaigns.services import campaign_set_status


class OptInInline(admin.TabularInline):
    model = CampaignMerchant
    extra = 0
    fields = ("merchant", "opted_in_at", "opted_in_by")
    readonly_fields = ("opted_in_at", "opted_in_by")
    autocomplete_fields = ("merchant",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # merchants opt in themselves (API, portal), which records who and when


class FeaturedInline(admin.TabularInline):
    model = CampaignListing
    extra = 0
    fields = ("listing", "featured", "position", "fixed_price_minor")
    raw_id_fields = ("listing",)


class FlashSaleInline(admin.TabularInline):
    model = FlashSale
    extra = 0
    fields = (
        "listing",
        "price_minor",
        "currency",
        "units",
        "sold",
        "per_buyer_limit",
        "starts_at",
        "ends_at",
    )
    readonly_fields = ("sold",)
    raw_id_fields = ("listing",)


def _move(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any], to: str
) -> None:
    moved, refused = 0, []
    for campaign in queryset:
        try:
            campaign_set_status(
                campaign_id=campaign.pk, to_status=to, actor=f"operator:{request.user.pk}"
            )
            moved += 1
        except IllegalCampaignTransition:
            refused.append(f"{campaign.code} ({campaign.status})")
    if moved:
        modeladmin.message_user(request, f"{moved} campaign(s) now {to}.", messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request, f"Not moved to {to}: {', '.join(refused)}.", messages.WARNING
        )


@admin.action(description="Schedule (prices apply from the start of the window)")
def schedule(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    _move(modeladmin, request, queryset, "scheduled")


@admin.action(description="Cancel (prices stop at once)")
def cancel(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    _move(modeladmin, request, queryset, "cancelled")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "status", "starts_at", "ends_at", "discount_kind")
    list_filter = ("status", "template")
    search_fields = ("code", "name_en", "name_zh_hans")
    readonly_fields = ("status", "template", "created_at")
    inlines = (OptInInline, FeaturedInline, FlashSaleInline)
    actions = (schedule, cancel)
    fieldsets = (
        (None, {"fields": ("code", "status", "template", "created_at")}),
        (
            "Names and featured copy",
            {
                "fields": (
                    ("name_en", "name_zh_hans"),
                    ("headline_en", "headline_zh_hans"),
                    ("body_en", "body_zh_hans"),
                )
            },
        ),
        ("Window", {"fields": (("starts_at", "ends_at"),)}),
        (
            "Eligibility (empty: any)",
            {
                "fields": (
                    "markets",
                    "origin_countries",
                    "origin_regions",
                    "categories",
                    "temperature_classes",
                )
            },
        ),
        ("Discount", {"fields": ("discount_kind", "percent_off", "rounding")}),
    )


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "campaign",
        "merchant",
        "market",
        "kind",
        "uses_of_cap",
        "per_buyer_cap",
        "starts_at",
        "ends_at",
    )
    list_filter = ("market", "kind")
    list_select_related = ("campaign", "merchant", "market")
    search_fields = ("code",)
    readonly_fields = ("uses",)
    autocomplete_fields = ("merchant",)

    @admin.display(description="uses / cap")
    def uses_of_cap(self, obj: Voucher) -> str:
        return f"{obj.uses} / {obj.total_cap if obj.total_cap is not None else '∞'}"


@admin.register(VoucherRedemption)
class VoucherRedemptionAdmin(admin.ModelAdmin):
    list_display = ("voucher", "consumer", "discount_minor", "currency", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("voucher",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
