"""Catalogue screens: operators review and correct merchants' products; prices are read-only.

Products and variants are created by merchants (`product_create` validates SKUs and prices);
listing prices come from `listing_upsert` / `listings_reprice`, so the admin never types a price.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tradelane.catalog import rules
from tradelane.catalog.models import (
    Listing,
    ListingStatus,
    PricingMode,
    Product,
    ProductStatus,
    Variant,
)
from tradelane.catalog.search_index import search_index_products
from tradelane.catalog.services import listing_upsert, product_search_text
from tradelane.core import clock
from tradelane.core.admin import ReadOnlyModelAdmin, money_display
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.merchants.models import MerchantStatus


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = (
            "status",
            "name_en",
            "description_en",
            "brand",
            "brand_story_en",
            "name_zh_hans",
            "description_zh_hans",
            "brand_story_zh_hans",
            "category",
            "cn_tax_class",
            "hs_code",
            "origin_country",
            "origin_region",
            "temperature_class",
            "shelf_life_days",
            "certifications",
        )

    def clean_hs_code(self) -> str:
        try:
            return rules.hs_code_clean(str(self.cleaned_data["hs_code"]))
        except rules.HsCodeInvalid as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_origin_country(self) -> str:
        country = str(self.cleaned_data["origin_country"]).strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError("An ISO 3166 alpha-2 country code, for example AU.")
        return country


class VariantInline(admin.TabularInline):
    """The product's SKUs. SKU and price are fixed here (orders and listings refer to them)."""

    model = Variant
    fk_name = "product"
    fields = (
        "sku",
        "name_en",
        "name_zh_hans",
        "gtin",
        "price",
        "weight_g",
        "length_mm",
        "width_mm",
        "height_mm",
        "is_active",
    )
    readonly_fields = ("sku", "price")
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("sku",)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description="price")
    def price(self, obj: Variant) -> str:
        return money_display(obj.price_minor, obj.currency)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductForm
    list_display = (
        "name_en",
        "name_zh_hans",
        "merchant",
        "brand",
        "category",
        "temperature_class",
        "status",
        "origin_country",
        "hs_code",
        "updated_at",
    )
    list_filter = ("status", "category", "temperature_class", "origin_country", "cn_tax_class")
    list_select_related = ("merchant",)
    search_fields = ("name_en", "name_zh_hans", "brand", "hs_code", "variants__sku")
    date_hierarchy = "created_at"
    ordering = ("-updated_at", "-pk")
    fieldsets = (
        (None, {"fields": ("merchant", "status", "related")}),
        ("English", {"fields": ("name_en", "description_en", "brand", "brand_story_en")}),
        (
            "Chinese (zh-Hans)",
            {"fields": ("name_zh_hans", "description_zh_hans", "brand_story_zh_hans")},
        ),
        (
            "Classification and compliance",
            {
                "fields": (
                    "category",
                    "cn_tax_class",
                    "hs_code",
                    "origin_country",
                    "origin_region",
                    "temperature_class",
                    "shelf_life_days",
                    "certifications",
                )
            },
        ),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )
    readonly_fields = ("merchant", "related", "created_at", "updated_at")
    inlines = (VariantInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # merchants create products (`product_create`) with their variants

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # archive instead: order lines keep referring to the variants

    @admin.display(description="see also")
    def related(self, obj: Product) -> SafeString:
        if obj.pk is None:
            return format_html("-")
        return format_html(
            '<a href="{}?product__id__exact={}">listings</a>',
            reverse("admin:catalog_listing_changelist"),
            obj.pk,
        )

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        # As `product_update` does: the storefront search text follows the names.
        obj.search_text = product_search_text(
            obj.name_en, obj.name_zh_hans, obj.brand, obj.category
        )
        obj.updated_at = clock.now()
        super().save_model(request, obj, form, change)
        search_index_products([obj.pk])  # a status or name change shows in search at once


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ("sku", "name_en", "product", "merchant", "price", "weight_g", "is_active")
    list_filter = ("is_active", "currency", "product__category", "product__temperature_class")
    list_select_related = ("product", "merchant")
    search_fields = ("sku", "gtin", "name_en", "name_zh_hans", "product__name_en")
    ordering = ("merchant_id", "sku")
    fields = (
        "product",
        "merchant",
        "sku",
        "price",
        "name_en",
        "name_zh_hans",
        "gtin",
        "weight_g",
        "length_mm",
        "width_mm",
        "height_mm",
        "is_active",
    )
    readonly_fields = ("product", "merchant", "sku", "price")

    def save_model(self, request: HttpRequest, obj: Variant, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        search_index_products([obj.product_id])  # an inactive SKU leaves the storefront

    @admin.display(description="price", ordering="price_minor")
    def price(self, obj: Variant) -> str:
        return money_display(obj.price_minor, obj.currency)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Listing)
class ListingAdmin(ReadOnlyModelAdmin):
    """What each market sees. Pausing is immediate; activating re-checks and re-prices."""

    list_display = (
        "sku",
        "product",
        "merchant",
        "market",
        "pricing_mode",
        "price",
        "status",
        "visible",
        "priced_at",
    )
    list_filter = ("market", "status", "pricing_mode", "rounding")
    list_select_related = ("variant", "product", "merchant", "market")
    search_fields = (
        "variant__sku",
        "product__name_en",
        "product__name_zh_hans",
        "merchant__trading_name",
    )
    date_hierarchy = "priced_at"
    ordering = ("market", "merchant_id", "variant_id")
    fields = (
        "variant",
        "product",
        "merchant",
        "market",
        "status",
        "visible",
        "pricing_mode",
        "fixed_price",
        "markup_bps",
        "rounding",
        "fx_rate",
        "price",
        "priced_at",
    )
    readonly_fields = fields
    actions = ("pause", "activate")

    @admin.display(description="SKU", ordering="variant__sku")
    def sku(self, obj: Listing) -> str:
        return obj.variant.sku

    @admin.display(description="price", ordering="price_minor")
    def price(self, obj: Listing) -> str:
        return money_display(obj.price_minor, obj.currency)

    @admin.display(description="fixed price")
    def fixed_price(self, obj: Listing) -> str:
        return money_display(obj.fixed_price_minor, obj.currency)

    @admin.display(description="on storefront", boolean=True)
    def visible(self, obj: Listing) -> bool:
        """The same conditions as `catalog.selectors.visible_listings`."""
        return (
            obj.status == ListingStatus.ACTIVE
            and obj.product.status == ProductStatus.ACTIVE
            and obj.variant.is_active
            and obj.merchant.status == MerchantStatus.ACTIVE
        )

    def has_manage_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("catalog.change_listing")

    @admin.action(description="Pause selected listings", permissions=["manage"])
    def pause(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        active = queryset.filter(status=ListingStatus.ACTIVE)
        products = set(active.values_list("product_id", flat=True))
        count = active.update(status=ListingStatus.PAUSED)
        search_index_products(products)
        self.message_user(request, f"Paused {count} listing(s).", messages.SUCCESS)

    @admin.action(
        description="Activate selected listings (re-checks rules, re-prices)",
        permissions=["manage"],
    )
    def activate(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        done = 0
        for listing in queryset.select_related("merchant", "market").order_by("pk"):
            fixed = None
            if listing.pricing_mode == PricingMode.FIXED and listing.fixed_price_minor:
                fixed = Money.from_minor(listing.fixed_price_minor, listing.currency)
            try:
                listing_upsert(
                    merchant=listing.merchant,
                    variant_id=listing.variant_id,
                    market_code=listing.market_id,
                    pricing_mode=listing.pricing_mode,
                    fixed_price=fixed,
                    markup_bps=listing.markup_bps,
                    rounding=listing.rounding,
                    active=True,
                )
            except ApplicationError as exc:
                self.message_user(request, f"Listing {listing.pk}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"Activated {done} listing(s).", messages.SUCCESS)
