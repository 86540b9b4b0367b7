from __future__ import annotations

from django.contrib import admin

from tradelane.core.admin import ReadOnlyModelAdmin
from tradelane.customs.models import BuyerIdentity


@admin.register(BuyerIdentity)
class BuyerIdentityAdmin(ReadOnlyModelAdmin):
    """Masked values only: the clear ones leave solely in declarations to customs."""

    list_display = ("consumer", "name_masked", "number_masked", "updated_at")
    search_fields = ("=consumer__user__email",)
    fields = ("consumer", "name_masked", "number_masked", "created_at", "updated_at")
    readonly_fields = fields
