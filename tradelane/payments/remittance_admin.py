"""Operator screens for money that leaves: tax remittances, partner payments and their runs.

Read-only, as every money screen: a remittance is made only by `tradelane remit`, the job step
or the operator's remittance page. A return's items and a payment's legs can run to thousands a
period, so they are their own lists (filtered to one remittance from its page), not inlines."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tradelane.core.admin import ReadOnlyModelAdmin, json_display, money_display
from tradelane.payments.models import (
    PartnerPayment,
    PartnerPaymentLeg,
    RemittanceRun,
    TaxRemittance,
    TaxRemittanceItem,
)


def _links(statement: str, items: str, label: str) -> SafeString:
    return format_html('<a href="{}">statement</a> · <a href="{}">{}</a>', statement, items, label)


@admin.register(TaxRemittance)
class TaxRemittanceAdmin(ReadOnlyModelAdmin):
    list_display = (
        "id",
        "authority",
        "period",
        "supplies_count",
        "tax_collected",
        "refunds_tax",
        "payable",
        "credit_out",
        "status",
        "created_at",
    )
    list_filter = ("authority", "period", "status", "currency")
    search_fields = ("id", "bank_reference")
    date_hierarchy = "period_start"
    readonly_fields = ("statement",)

    @admin.display(description="tax collected", ordering="tax_collected_minor")
    def tax_collected(self, obj: TaxRemittance) -> str:
        return money_display(obj.tax_collected_minor, obj.currency)

    @admin.display(description="refunded tax", ordering="refunds_tax_minor")
    def refunds_tax(self, obj: TaxRemittance) -> str:
        return money_display(-obj.refunds_tax_minor, obj.currency)

    @admin.display(description="paid", ordering="amount_minor")
    def payable(self, obj: TaxRemittance) -> str:
        return money_display(obj.amount_minor, obj.currency)

    @admin.display(description="credit carried", ordering="credit_out_minor")
    def credit_out(self, obj: TaxRemittance) -> str:
        return money_display(obj.credit_out_minor, obj.currency)

    @admin.display(description="statement and items")
    def statement(self, obj: TaxRemittance) -> SafeString:
        items = reverse("admin:payments_taxremittanceitem_changelist")
        return _links(
            reverse("operator-remittance-tax", args=[obj.pk]),
            f"{items}?remittance__id__exact={obj.pk}",
            "items",
        )


@admin.register(TaxRemittanceItem)
class TaxRemittanceItemAdmin(ReadOnlyModelAdmin):
    list_display = ("transfer_id", "remittance", "kind", "order_number", "tax", "earlier", "at")
    list_filter = ("kind", "earlier", "remittance__authority", "remittance__period")
    search_fields = ("order_number", "transfer__id", "remittance__id")
    list_select_related = ("remittance",)
    raw_id_fields = ("transfer", "remittance")

    @admin.display(description="tax", ordering="tax_minor")
    def tax(self, obj: TaxRemittanceItem) -> str:
        sign = 1 if obj.kind == "sale" else -1
        return money_display(sign * obj.tax_minor, obj.remittance.currency)


@admin.register(PartnerPayment)
class PartnerPaymentAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "partner", "period", "legs_count", "paid", "status", "created_at")
    list_filter = ("partner", "period", "status", "currency")
    search_fields = ("id", "partner__name", "bank_reference")
    list_select_related = ("partner",)
    date_hierarchy = "period_start"
    readonly_fields = ("statement", "conversions_shown")
    exclude = ("conversions",)

    @admin.display(description="paid", ordering="amount_minor")
    def paid(self, obj: PartnerPayment) -> str:
        return money_display(obj.amount_minor, obj.currency)

    @admin.display(description="conversions")
    def conversions_shown(self, obj: PartnerPayment) -> SafeString:
        return json_display(obj.conversions)

    @admin.display(description="statement and legs")
    def statement(self, obj: PartnerPayment) -> SafeString:
        legs = reverse("admin:payments_partnerpaymentleg_changelist")
        return _links(
            reverse("operator-remittance-partner", args=[obj.pk]),
            f"{legs}?payment__id__exact={obj.pk}",
            "legs",
        )


@admin.register(PartnerPaymentLeg)
class PartnerPaymentLegAdmin(ReadOnlyModelAdmin):
    list_display = ("waybill", "sequence", "payment", "lane_code", "amount", "delivered_at")
    list_filter = ("payment__partner", "payment__period", "source_currency")
    search_fields = ("waybill", "payment__id")
    list_select_related = ("payment",)
    raw_id_fields = ("leg", "payment")

    @admin.display(description="amount", ordering="amount_minor")
    def amount(self, obj: PartnerPaymentLeg) -> str:
        return money_display(obj.amount_minor, obj.payment.currency)


@admin.register(RemittanceRun)
class RemittanceRunAdmin(ReadOnlyModelAdmin):
    list_display = ("started_at", "kind", "period", "actor", "ledger_balanced", "error")
    list_filter = ("kind", "period", "ledger_balanced")
    search_fields = ("actor", "error")
    date_hierarchy = "started_at"
    readonly_fields = ("outcome_shown",)
    exclude = ("outcome",)

    @admin.display(description="outcome")
    def outcome_shown(self, obj: RemittanceRun) -> SafeString:
        return json_display(obj.outcome)
