from __future__ import annotations

from django.contrib import admin

from tradelane.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline
from tradelane.outbox.models import OutboxEvent, WebhookDelivery, WebhookEndpoint


class DeliveryInline(ReadOnlyTabularInline):
    model = WebhookDelivery
    fields = ("endpoint", "status", "attempts", "last_status_code", "next_attempt_at")
    readonly_fields = fields


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "type", "merchant", "created_at", "fanned_out_at")
    list_filter = ("type",)
    search_fields = ("=id",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    inlines = [DeliveryInline]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "merchant", "url", "created_at", "disabled_at")
    list_filter = ("disabled_at",)
    search_fields = ("=id", "url", "merchant__trading_name")
    exclude = ("secret_encrypted",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyModelAdmin):
    list_display = (
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    )
    list_filter = ("status",)
    search_fields = ("=event__id", "=endpoint__id")
    ordering = ("-created_at",)
    list_select_related = ("event", "endpoint")
