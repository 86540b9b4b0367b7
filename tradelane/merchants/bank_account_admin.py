"""Operator screens for merchants' payout accounts: masked, read-only, and a "verify" action
that asks for the reason (a bank letter, a call-back) and records it through
`bank_account_verify_by_operator`."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from tradelane.core.admin import ReadOnlyModelAdmin
from tradelane.core.errors import ApplicationError
from tradelane.merchants.bank_accounts import bank_account_verify_by_operator
from tradelane.merchants.models import MerchantBankAccount

VERIFY_TEMPLATE = "admin/merchants/merchantbankaccount/verify_reason.html"


@admin.register(MerchantBankAccount)
class MerchantBankAccountAdmin(ReadOnlyModelAdmin):
    list_display = (
        "merchant",
        "country",
        "bsb",
        "masked_number",
        "account_name",
        "status",
        "verification_method",
        "created_at",
        "replaced_at",
    )
    list_filter = ("status", "country", "verification_method")
    list_select_related = ("merchant",)
    search_fields = ("merchant__trading_name", "=merchant__business_number", "account_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    # never the encrypted number or the micro-deposit amounts
    fields = (
        "merchant",
        "country",
        "bsb",
        "masked_number",
        "account_name",
        "status",
        "micro_deposit_attempts",
        "verification_method",
        "verification_reason",
        "verified_by",
        "verified_at",
        "created_by",
        "created_at",
        "replaced_at",
    )
    readonly_fields = fields
    actions = ("verify",)

    def has_verify_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("merchants.change_merchantbankaccount")

    @admin.action(description="Verify selected bank accounts…", permissions=["verify"])
    def verify(
        self, request: HttpRequest, queryset: QuerySet[MerchantBankAccount]
    ) -> TemplateResponse | None:
        """First call: a page asking for the reason. Its POST (`post=yes`): verify."""
        from tradelane.merchants.admin import ReasonForm

        form = ReasonForm(request.POST if request.POST.get("post") == "yes" else None)
        accounts = list(queryset.select_related("merchant").order_by("pk"))
        if form.is_bound and form.is_valid():
            self._verify(request, accounts, form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Verify bank accounts",
            "opts": self.model._meta,
            "form": form,
            "action": "verify",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "rows": [
                {"account": a, "allowed": a.replaced_at is None and not a.is_verified}
                for a in accounts
            ],
            "submit_label": f"Verify {len(accounts)} bank account(s)",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, VERIFY_TEMPLATE, context)

    def _verify(
        self, request: HttpRequest, accounts: list[MerchantBankAccount], reason: str
    ) -> None:
        done = 0
        for account in accounts:
            try:
                bank_account_verify_by_operator(account=account, actor=request.user, reason=reason)
            except ApplicationError as exc:
                self.message_user(request, f"{account}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} bank account(s) verified.", messages.SUCCESS)
