"""Merchant onboarding for operators.

A merchant's status changes only through `merchant_set_status` (the admin actions below), so
every change is recorded with who, when and why; the change form shows the status read-only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

import tradelane.merchants.bank_account_admin  # noqa: F401  (registers its screens)
from tradelane.core import clock
from tradelane.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline
from tradelane.core.errors import ApplicationError
from tradelane.merchants import rules
from tradelane.merchants.models import (
    ApiKey,
    Merchant,
    MerchantStaff,
    MerchantStatus,
    MerchantStatusChange,
    Shop,
    StaffRole,
)
from tradelane.merchants.services import api_key_revoke, merchant_set_status

REASON_TEMPLATE = "admin/merchants/merchant/reason.html"


# ---------------------------------------------------------------------------------------------
# Forms


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Recorded in the merchant's status history.",
    )


class ShopForm(forms.ModelForm):
    """The shop's currency follows its country (AU -> AUD, NZ -> NZD), as `shop_create` sets it."""

    class Meta:
        model = Shop
        fields = ("merchant", "name", "address", "city", "country", "is_active")

    def clean_country(self) -> str:
        country = str(self.cleaned_data["country"]).strip().upper()
        if country not in rules.COUNTRY_CURRENCY:
            raise forms.ValidationError("Shops are in AU or NZ.")
        return country


def _other_owner_exists(staff: MerchantStaff) -> bool:
    return (
        MerchantStaff.objects.filter(merchant_id=staff.merchant_id, role=StaffRole.OWNER)
        .exclude(pk=staff.pk)
        .exists()
    )


class MerchantStaffForm(forms.ModelForm):
    class Meta:
        model = MerchantStaff
        fields = ("merchant", "user", "role")

    def clean_role(self) -> str:
        role = str(self.cleaned_data["role"])
        staff = self.instance
        if (
            staff.pk is not None
            and staff.role == StaffRole.OWNER
            and role != StaffRole.OWNER
            and not _other_owner_exists(staff)
        ):
            raise forms.ValidationError("This is the merchant's only owner; name another first.")
        return role


class StaffFormSet(BaseInlineFormSet):
    """A merchant keeps at least one owner (the portal and API act through the owner)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        owners = 0
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            if data.get("role") == StaffRole.OWNER:
                owners += 1
        if owners == 0:
            raise forms.ValidationError("A merchant needs at least one owner.")


# ---------------------------------------------------------------------------------------------
# Inlines


class StatusChangeInline(ReadOnlyTabularInline):
    model = MerchantStatusChange
    fields = ("at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields
    show_change_link = False
    verbose_name = "status change"
    verbose_name_plural = "status history"

    def get_queryset(self, request: HttpRequest) -> QuerySet[MerchantStatusChange]:
        return super().get_queryset(request).select_related("actor")


class StaffInline(admin.TabularInline):
    model = MerchantStaff
    form = MerchantStaffForm
    formset = StaffFormSet
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[MerchantStaff]:
        return super().get_queryset(request).select_related("user")


class ShopInline(admin.TabularInline):
    model = Shop
    form = ShopForm
    fields = ("name", "address", "city", "country", "currency", "is_active", "created_at")
    readonly_fields = ("currency", "created_at")
    extra = 0
    show_change_link = True


class ApiKeyInline(ReadOnlyTabularInline):
    model = ApiKey
    fields = ("name", "prefix", "created_by", "created_at", "revoked_at")  # never `digest`
    readonly_fields = fields
    verbose_name = "API key"
    verbose_name_plural = "API keys"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiKey]:
        return super().get_queryset(request).select_related("created_by")


def _fill_created(objects: list[Any]) -> None:
    """New staff and shop rows get their creation time; shops their country's currency."""
    now = clock.now()
    for obj in objects:
        if obj.pk is None:
            obj.created_at = now
        if isinstance(obj, Shop):
            obj.currency = rules.COUNTRY_CURRENCY[obj.country]


# ---------------------------------------------------------------------------------------------
# Merchant


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = (
        "trading_name",
        "legal_name",
        "country",
        "business_number",
        "status",
        "region",
        "settlement_currency",
        "created_at",
    )
    list_filter = ("status", "country", "settlement_currency")
    search_fields = ("trading_name", "legal_name", "=business_number", "contact_email")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fieldsets = (
        (None, {"fields": ("trading_name", "legal_name", "contact_email", "region")}),
        (
            "Registration (validated at application)",
            {"fields": ("country", "business_number", "settlement_currency")},
        ),
        (
            "Status (changes only through the actions on the merchant list)",
            {"fields": ("status", "created_at", "updated_at", "related")},
        ),
    )
    readonly_fields = (
        "country",
        "business_number",
        "settlement_currency",
        "status",
        "created_at",
        "updated_at",
        "related",
    )
    inlines = (StatusChangeInline, StaffInline, ShopInline, ApiKeyInline)
    actions = ("approve", "reject", "suspend")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # merchants apply (`merchant_apply`), which validates the ABN / NZBN

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # reject or suspend instead; orders and the ledger refer to merchants

    @admin.display(description="see also")
    def related(self, obj: Merchant) -> SafeString:
        if obj.pk is None:
            return format_html("-")
        links = [
            ("catalog_product_changelist", "products"),
            ("catalog_listing_changelist", "listings"),
            ("inventory_stockitem_changelist", "stock"),
            ("orders_order_changelist", "orders"),
        ]
        return format_html_join(
            " | ",
            '<a href="{}?merchant__id__exact={}">{}</a>',
            ((reverse(f"admin:{name}"), obj.pk, label) for name, label in links),
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Merchant], search_term: str
    ) -> tuple[QuerySet[Merchant], bool]:
        result, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        compact = "".join(ch for ch in search_term if ch not in " -")
        if compact.isdigit() and compact != search_term:
            # "51 824 753 556" as printed on an invoice finds the stored "51824753556".
            result = result | queryset.filter(business_number=compact)
        return result, may_have_duplicates

    def save_model(self, request: HttpRequest, obj: Merchant, form: Any, change: bool) -> None:
        obj.updated_at = clock.now()
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        _fill_created(instances)
        for obj in instances:
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    # --- status actions ------------------------------------------------------------------------

    @admin.action(description="Approve selected merchants", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Merchant]) -> None:
        self._set_status(request, queryset, MerchantStatus.ACTIVE, "approved by operator")

    @admin.action(description="Reject selected merchants…", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Merchant]) -> TemplateResponse | None:
        return self._with_reason(request, queryset, MerchantStatus.REJECTED, "reject")

    @admin.action(description="Suspend selected merchants…", permissions=["change"])
    def suspend(
        self, request: HttpRequest, queryset: QuerySet[Merchant]
    ) -> TemplateResponse | None:
        return self._with_reason(request, queryset, MerchantStatus.SUSPENDED, "suspend")

    def _with_reason(
        self,
        request: HttpRequest,
        queryset: QuerySet[Merchant],
        to_status: MerchantStatus,
        action: str,
    ) -> TemplateResponse | None:
        """First call: a page asking for the reason. Its POST (`post=yes`): apply."""
        form = ReasonForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            self._set_status(request, queryset, to_status, form.cleaned_data["reason"])
            return None  # back to the change list, with the messages
        merchants = list(queryset.order_by("trading_name"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{action.capitalize()} merchants",
            "opts": self.model._meta,
            "form": form,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "to_status_label": to_status.label.lower(),
            "rows": [
                {"merchant": m, "allowed": rules.can_transition(m.status, to_status)}
                for m in merchants
            ],
            "submit_label": f"{action.capitalize()} {len(merchants)} merchant(s)",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, REASON_TEMPLATE, context)

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[Merchant], to_status: str, reason: str
    ) -> None:
        actor = request.user if request.user.is_authenticated else None
        done = 0
        for merchant in queryset.order_by("pk"):
            try:
                merchant_set_status(
                    merchant=merchant, to_status=to_status, actor=actor, reason=reason
                )
            except ApplicationError as exc:
                self.message_user(request, f"{merchant}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            label = MerchantStatus(to_status).label.lower()
            self.message_user(request, f"{done} merchant(s) now {label}.", messages.SUCCESS)


# ---------------------------------------------------------------------------------------------
# The merchant's other records, each on its own list too


@admin.register(MerchantStatusChange)
class MerchantStatusChangeAdmin(ReadOnlyModelAdmin):
    list_display = ("at", "merchant", "from_status", "to_status", "actor", "reason")
    list_filter = ("to_status", "from_status")
    list_select_related = ("merchant", "actor")
    search_fields = ("merchant__trading_name", "=merchant__business_number", "reason")
    date_hierarchy = "at"
    ordering = ("-at", "-pk")


@admin.register(MerchantStaff)
class MerchantStaffAdmin(admin.ModelAdmin):
    form = MerchantStaffForm
    list_display = ("user", "merchant", "role", "created_at")
    list_filter = ("role",)
    list_select_related = ("user", "merchant")
    search_fields = ("user__email", "user__username", "merchant__trading_name")
    autocomplete_fields = ("merchant", "user")
    date_hierarchy = "created_at"
    ordering = ("merchant__trading_name", "role", "user__email")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("merchant", "user", "created_at") if obj is not None else ("created_at",)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Removing staff happens on the merchant's page, which keeps at least one owner.
        return False

    def save_model(self, request: HttpRequest, obj: MerchantStaff, form: Any, change: bool) -> None:
        _fill_created([obj])
        super().save_model(request, obj, form, change)


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    form = ShopForm
    list_display = ("name", "merchant", "city", "country", "currency", "is_active", "created_at")
    list_filter = ("is_active", "country", "currency")
    list_select_related = ("merchant",)
    search_fields = ("name", "city", "address", "merchant__trading_name")
    autocomplete_fields = ("merchant",)
    date_hierarchy = "created_at"
    ordering = ("merchant__trading_name", "name")
    fields = (
        "merchant",
        "name",
        "address",
        "city",
        "country",
        "currency",
        "is_active",
        "created_at",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None:
            return ("merchant", "currency", "created_at")
        return ("currency", "created_at")

    def save_model(self, request: HttpRequest, obj: Shop, form: Any, change: bool) -> None:
        _fill_created([obj])
        super().save_model(request, obj, form, change)


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyModelAdmin):
    """Keys are created in the merchant portal (the secret is shown once); only metadata here."""

    list_display = ("name", "prefix", "merchant", "created_by", "created_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("merchant", "created_by")
    search_fields = ("name", "^prefix", "merchant__trading_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = ("merchant", "name", "prefix", "created_by", "created_at", "revoked_at")  # no digest
    readonly_fields = fields
    actions = ("revoke",)

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("merchants.change_apikey")

    @admin.action(description="Revoke selected API keys", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        done = 0
        for key in queryset.filter(revoked_at__isnull=True).select_related("merchant"):
            try:
                api_key_revoke(merchant=key.merchant, key_id=key.pk)
            except ApplicationError as exc:
                self.message_user(request, f"{key}: {exc.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"Revoked {done} API key(s).", messages.SUCCESS)
