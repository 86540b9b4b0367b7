"""The operator's declarations screen: the queue with what needs attention, hold and release."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tradelane.clearance.services.declarations import (
    DECIDED,
    MAX_FAILED_ATTEMPTS,
    declaration_hold,
    declaration_release,
)
from tradelane.core.admin import (
    ReadOnlyModelAdmin,
    ReadOnlyTabularInline,
    json_display,
    money_display,
)
from tradelane.core.errors import ApplicationError
from tradelane.customs.models import (
    Declaration,
    DeclarationStatus,
    DeclarationStatusChange,
)

# The model is the customs room's, so its admin templates keep the customs path.
HOLD_REASON_TEMPLATE = "admin/customs/declaration/hold_reason.html"


class HoldReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text='Recorded in each declaration\'s history, e.g. "buyer identity under review".',
    )


class AttentionFilter(admin.SimpleListFilter):
    """Held by customs or paused by an operator: the dashboard's "Declarations held" tile.
    Failing: the job could not process them (see `last_error`); paused after repeated
    failures until an operator releases them."""

    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("held", "Held or paused"), ("failing", "Failing in the job")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "held":
            return queryset.filter(Q(status=DeclarationStatus.HELD) | Q(on_hold=True))
        if self.value() == "failing":
            return queryset.filter(failed_attempts__gt=0)
        return queryset


class HistoryInline(ReadOnlyTabularInline):
    model = DeclarationStatusChange
    fields = ("at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyModelAdmin):
    list_display = (
        "id",
        "order",
        "status_shown",
        "customs_mode",
        "tax",
        "submitted_at",
        "decided_at",
    )
    list_filter = (AttentionFilter, "status", "on_hold", "reason_code", "customs_mode")
    search_fields = ("=id", "^order__number", "=reference", "merchant__trading_name")
    list_select_related = ("order", "merchant")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    actions = ["hold_with_reason", "hold", "release"]
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
        "tax",
        "tax_journal",
        "submitted_at",
        "answer_due_at",
        "decided_at",
        "failed_attempts",
        "last_error",
        "last_failed_at",
        "documents_pretty",
    )
    readonly_fields = fields

    @admin.display(description="status", ordering="status")
    def status_shown(self, obj: Declaration) -> SafeString:
        # The short code keeps the list narrow; the filter on the right gives the long labels.
        status = obj.status.capitalize()
        if obj.on_hold and obj.failed_attempts >= MAX_FAILED_ATTEMPTS:
            return format_html("{}, <strong>paused: the job failed on it</strong>", status)
        if obj.on_hold:
            return format_html("{}, <strong>paused by operator</strong>", status)
        if obj.failed_attempts:
            return format_html("{}, <strong>failing ({})</strong>", status, obj.failed_attempts)
        if obj.reason_code:
            return format_html("{} ({})", status, obj.reason_code)
        return format_html("{}", status)

    @admin.display(description="tax remitted", ordering="tax_minor")
    def tax(self, obj: Declaration) -> str:
        return money_display(obj.tax_minor, "CNY")

    @admin.display(description="documents (identities masked)")
    def documents_pretty(self, obj: Declaration) -> SafeString:
        return json_display(obj.documents)

    def has_hold_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("customs.change_declaration")

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Declaration], hold: bool, reason: str = ""
    ) -> None:
        done = 0
        actor = f"operator:{request.user.pk}"
        for declaration in queryset.order_by("pk"):
            try:
                if hold:
                    declaration_hold(declaration, actor=actor, reason=reason)
                else:
                    declaration_release(declaration, actor=actor, reason=reason)
            except ApplicationError as exc:
                self.message_user(request, f"{declaration.pk}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            verb = "Held" if hold else "Released"
            self.message_user(request, f"{verb} {done} declaration(s).", messages.SUCCESS)

    @admin.action(description="Hold with a reason…", permissions=["hold"])
    def hold_with_reason(
        self, request: HttpRequest, queryset: QuerySet[Declaration]
    ) -> TemplateResponse | None:
        """First call: a page asking for the reason. Its POST (`post=yes`): hold."""
        form = HoldReasonForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            self._each(request, queryset, hold=True, reason=form.cleaned_data["reason"])
            return None  # back to the change list, with the messages
        declarations = list(queryset.select_related("order").order_by("pk"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Hold declarations",
            "opts": self.model._meta,
            "form": form,
            "action": "hold_with_reason",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "rows": [{"declaration": d, "allowed": d.status not in DECIDED} for d in declarations],
            "submit_label": f"Hold {len(declarations)} declaration(s)",
        }
        request.current_app = self.admin_site.name
        status = 422 if form.is_bound else 200  # a refused reason: nothing was held
        return TemplateResponse(request, HOLD_REASON_TEMPLATE, context, status=status)

    @admin.action(description="Hold (pause until released, no reason)", permissions=["hold"])
    def hold(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> None:
        self._each(request, queryset, hold=True)

    @admin.action(description="Release (customs may then answer)", permissions=["hold"])
    def release(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> None:
        self._each(request, queryset, hold=False)
