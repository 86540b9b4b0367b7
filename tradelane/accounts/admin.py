from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from tradelane.accounts import rules
from tradelane.accounts.models import Address, AuthToken, Consumer
from tradelane.core import clock
from tradelane.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline


class TokenStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("active", "Active"), ("expired", "Expired"), ("revoked", "Revoked")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any] | None:
        now = clock.now()
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True, expires_at__gt=now)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(AuthToken)
class AuthTokenAdmin(ReadOnlyModelAdmin):
    """API bearer tokens. Only metadata is shown: the digest never leaves the database."""

    list_display = ("id", "user", "created_at", "expires_at", "revoked_at", "state")
    list_filter = (TokenStateFilter,)
    list_select_related = ("user",)
    search_fields = ("user__email", "user__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = ("user", "created_at", "expires_at", "revoked_at")  # never `digest`
    readonly_fields = fields
    actions = ("revoke",)

    @admin.display(description="state")
    def state(self, obj: AuthToken) -> str:
        if obj.revoked_at is not None:
            return "revoked"
        return "expired" if obj.expires_at <= clock.now() else "active"

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.change_authtoken")

    @admin.action(description="Revoke selected tokens", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[AuthToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=clock.now())
        self.message_user(request, f"Revoked {count} token(s).", messages.SUCCESS)


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = (
            "recipient",
            "phone",
            "country",
            "province",
            "city",
            "district",
            "line1",
            "postcode",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country = str(data.get("country", "")).upper()
        data["country"] = country
        problems = rules.address_problems(
            country=country,
            province=data.get("province", ""),
            city=data.get("city", ""),
            phone=data.get("phone", ""),
        )
        for field, errors in problems.items():
            if field in self.fields:
                for error in errors:
                    self.add_error(field, str(error))
            else:
                self.add_error(None, "; ".join(str(e) for e in errors))
        return data


class AddressInline(ReadOnlyTabularInline):
    model = Address
    fields = ("recipient", "city", "province", "country", "is_default", "created_at")
    readonly_fields = fields
    ordering = ("-is_default", "-created_at")


@admin.register(Consumer)
class ConsumerAdmin(admin.ModelAdmin):
    """Consumers sign up on a storefront (`consumer_signup`); operators correct their details."""

    list_display = ("id", "display_name", "email", "market", "locale", "created_at")
    list_filter = ("market", "locale")
    list_select_related = ("user", "market")
    search_fields = ("display_name", "user__email", "=id")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = ("user", "display_name", "market", "locale", "created_at")
    readonly_fields = ("user", "created_at")
    inlines = (AddressInline,)

    @admin.display(description="email", ordering="user__email")
    def email(self, obj: Consumer) -> str:
        return obj.user.email

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "locale":
            return forms.ChoiceField(
                choices=[(code, code) for code in rules.SUPPORTED_LOCALES], label="Locale"
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # orders keep the consumer; erasing personal data is its own process


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    """Consumers add addresses themselves (`address_add`); operators may correct one."""

    form = AddressForm
    list_display = ("recipient", "city", "province", "country", "consumer", "is_default")
    list_filter = ("country", "is_default")
    list_select_related = ("consumer",)
    search_fields = (
        "recipient",
        "city",
        "postcode",
        "consumer__display_name",
        "consumer__user__email",
    )
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = (
        "consumer",
        "recipient",
        "phone",
        "country",
        "province",
        "city",
        "district",
        "line1",
        "postcode",
        "is_default",
        "created_at",
    )
    readonly_fields = ("consumer", "is_default", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
