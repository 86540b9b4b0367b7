"""Operator screens: the site's name, shared admin helpers, and the idempotency records.

The helpers live here because `core` is the bottom of the dependency order, so every app's
admin may import them.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tradelane.core.models import IdempotencyRecord
from tradelane.core.money import CurrencyError, Money

admin.site.site_header = "Tradelane operations"
admin.site.site_title = "Tradelane operations"
admin.site.index_title = "Operations"
admin.site.site_url = "/operator/"  # "View site" leads operators to their dashboard
admin.site.enable_nav_sidebar = False  # wide lists (declarations, orders) need the width

EMPTY = "-"


def money_display(minor: int | None, currency: str) -> str:
    """An amount stored in minor units, formatted for a person ("CN¥128.00", "A$40.00")."""
    if minor is None:
        return EMPTY
    try:
        return Money.from_minor(minor, currency).format("en")
    except CurrencyError:
        return f"{minor} {currency} (minor units)"


def json_display(value: Any) -> SafeString:
    """A JSON value, indented, in a <pre> block (escaped)."""
    if value is None:
        return format_html("{}", EMPTY)
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)
    return format_html('<pre style="white-space: pre-wrap; margin: 0">{}</pre>', text)


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """A record that changes only through services (or never): operators look, not touch.

    The change page becomes a view page. An action that calls a service declares its own
    permission (`@admin.action(permissions=[...])`) and checks the model permission itself.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyTabularInline(admin.TabularInline):
    """Child rows shown on the parent's page, never added, edited or deleted there."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyModelAdmin):
    list_display = ("scope", "key", "response_status", "created_at")
    list_filter = ("response_status",)
    search_fields = ("^scope", "^key")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = ("scope", "key", "fingerprint", "response_status", "response", "created_at")
    readonly_fields = fields

    @admin.display(description="response body")
    def response(self, obj: IdempotencyRecord) -> SafeString:
        return json_display(obj.response_body)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A stuck key (a request that died before it stored its answer) may be cleared.
        return super(ReadOnlyModelAdmin, self).has_delete_permission(request, obj)
