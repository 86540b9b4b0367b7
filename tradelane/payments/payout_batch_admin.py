"""Operator screens for payout batches: the bank files the settlement run wrote, read-only,
each file downloadable as written (checked against its recorded SHA-256)."""

from __future__ import annotations

import posixpath

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tradelane.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline, money_display
from tradelane.payments.payout_batch_models import PayoutBatch, PayoutBatchLine
from tradelane.payments.services.payout_batches import batch_file

CONTENT_TYPES = {"aba": "text/plain", "ib4b": "text/csv"}


class PayoutBatchLineInline(ReadOnlyTabularInline):
    model = PayoutBatchLine
    fields = ("line_number", "payout", "account")
    readonly_fields = fields
    show_change_link = False

    @admin.display(description="paid to")
    def account(self, obj: PayoutBatchLine) -> str:
        account = obj.bank_account
        return f"{account.bsb} {account.masked_number}".strip()  # never the full number

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).select_related("bank_account", "payout")


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyModelAdmin):
    list_display = (
        "file_name",
        "file_format",
        "business_date",
        "payment_count",
        "total",
        "status",
        "download",
    )
    list_filter = ("status", "file_format", "currency", "business_date")
    search_fields = ("file_name", "bank_reference", "file_sha256")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    fields = (
        "file_name",
        "download",
        "file_format",
        "currency",
        "business_date",
        "payment_count",
        "total",
        "file_sha256",
        "status",
        "bank_reference",
        "bank_message",
        "created_at",
    )
    readonly_fields = fields
    inlines = (PayoutBatchLineInline,)

    @admin.display(description="total", ordering="total_minor")
    def total(self, obj: PayoutBatch) -> str:
        return money_display(obj.total_minor, obj.currency)

    @admin.display(description="bank file")
    def download(self, obj: PayoutBatch) -> SafeString:
        url = reverse("admin:payments_payoutbatch_file", args=[obj.pk])
        return format_html('<a href="{}">download</a>', url)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<int:batch_id>/file/",
                self.admin_site.admin_view(self.file_view),
                name="payments_payoutbatch_file",
            )
        ]
        return own + super().get_urls()

    def file_view(self, request: HttpRequest, batch_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(PayoutBatch, pk=batch_id)
        response = HttpResponse(
            batch_file(batch), content_type=CONTENT_TYPES.get(batch.file_format, "text/plain")
        )
        name = posixpath.basename(batch.file_name)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
