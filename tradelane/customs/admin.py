from __future__ import annotations

from django.contrib import admin
from django.utils.safestring import SafeString

from tradelane.core.admin import (
    ReadOnlyModelAdmin,
    json_display,
)
from tradelane.core.money import Money
from tradelane.customs.models import (
    BuyerIdentity,
    ExportDeclaration,
    ExportPermit,
    PositiveListEntry,
    QuotaEntry,
    QuotaUse,
)
from tradelane.customs.services.quota import china_year


@admin.register(BuyerIdentity)
class BuyerIdentityAdmin(ReadOnlyModelAdmin):
    """Masked values only: the clear ones leave solely in declarations to customs."""

    list_display = ("consumer", "name_masked", "number_masked", "quota_used_this_year")
    search_fields = ("=consumer__user__email",)
    fields = (
        "consumer",
        "name_masked",
        "number_masked",
        "quota_used_this_year",
        "quota_entries",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    @admin.display(description="CBEC quota used this year (CNY)")
    def quota_used_this_year(self, obj: BuyerIdentity) -> str:
        used = (
            QuotaUse.objects.filter(identity_index=obj.number_index, year=china_year())
            .values_list("used_minor", flat=True)
            .first()
        )
        return f"{Money.from_minor(used or 0, 'CNY').format('en')} of CN¥26,000.00"

    @admin.display(description="quota entries (every account with this identity number)")
    def quota_entries(self, obj: BuyerIdentity) -> SafeString:
        rows = QuotaEntry.objects.filter(identity_index=obj.number_index).select_related("order")
        return json_display(
            [
                {
                    "order": e.order.number,
                    "year": e.year,
                    "kind": e.kind,
                    "amount_minor": e.amount_minor,
                    "at": e.created_at.isoformat(),
                }
                for e in rows.order_by("-created_at")[:100]
            ]
        )


@admin.register(QuotaUse)
class QuotaUseAdmin(ReadOnlyModelAdmin):
    list_display = ("identity_index", "year", "used_minor", "currency")
    list_filter = ("year",)
    search_fields = ("=identity_index",)
    ordering = ("-used_minor",)


@admin.register(PositiveListEntry)
class PositiveListAdmin(admin.ModelAdmin):
    list_display = ("hs_prefix", "remark", "annual_weight_cap_kg", "description_en", "edition")
    list_filter = ("remark", "edition")
    search_fields = ("^hs_prefix", "description_en", "description_zh")


@admin.register(ExportPermit)
class ExportPermitAdmin(admin.ModelAdmin):
    list_display = ("merchant", "category", "authority", "number", "valid_until")
    list_filter = ("category", "authority")
    search_fields = ("merchant__trading_name", "=number")
    list_select_related = ("merchant",)


@admin.register(ExportDeclaration)
class ExportDeclarationAdmin(ReadOnlyModelAdmin):
    list_display = ("order", "country", "required", "document", "value_minor", "currency")
    list_filter = ("required", "country")
    search_fields = ("^order__number",)
    list_select_related = ("order",)
    ordering = ("-created_at",)
