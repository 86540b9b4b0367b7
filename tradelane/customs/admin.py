from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from tradelane.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline, json_display
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.customs.declarations import declaration_hold, declaration_release
from tradelane.customs.models import (
    BuyerIdentity,
    Declaration,
    DeclarationStatusChange,
    ExportDeclaration,
    ExportPermit,
    PositiveListEntry,
    QuotaEntry,
    QuotaUse,
)
from tradelane.customs.quota import china_year


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


class HistoryInline(ReadOnlyTabularInline):
    model = DeclarationStatusChange
    fields = ("at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyModelAdmin):
    list_display = (
        "id",
        "order",
        "status",
        "on_hold",
        "customs_mode",
        "reason_code",
        "submitted_at",
        "decided_at",
    )
    list_filter = ("status", "reason_code", "on_hold", "customs_mode")
    search_fields = ("=id", "^order__number", "=reference")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    actions = ["hold", "release"]
    inlines = [HistoryInline]
    fields = (
        "id",
        "order",
        "merchant",
        "status",
        "on_hold",
        "customs_mode",
        "reference",
        "reason_code",
        "reason",
        "tax_minor",
        "tax_journal",
        "submitted_at",
        "answer_due_at",
        "decided_at",
        "documents_pretty",
    )
    readonly_fields = fields

    @admin.display(description="documents (identities masked)")
    def documents_pretty(self, obj: Declaration) -> SafeString:
        return json_display(obj.documents)

    def has_hold_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("customs.change_declaration")

    def _each(self, request: HttpRequest, queryset: QuerySet[Declaration], hold: bool) -> None:
        done = 0
        for declaration in queryset:
            try:
                if hold:
                    declaration_hold(declaration, actor=f"operator:{request.user.pk}", reason="")
                else:
                    declaration_release(declaration, actor=f"operator:{request.user.pk}")
            except ApplicationError as exc:
                self.message_user(request, f"{declaration.pk}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            verb = "Held" if hold else "Released"
            self.message_user(request, f"{verb} {done} declaration(s).", messages.SUCCESS)

    @admin.action(description="Hold (pause until released)", permissions=["hold"])
    def hold(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> None:
        self._each(request, queryset, hold=True)

    @admin.action(description="Release", permissions=["hold"])
    def release(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> None:
        self._each(request, queryset, hold=False)


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
