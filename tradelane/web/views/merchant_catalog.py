"""Merchant portal: products (English and Chinese content), listings per market with a
landed-price preview, stock per location, export-permit flags."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tradelane.analytics import merchant as reads
from tradelane.catalog import selectors as catalog_selectors
from tradelane.catalog import services as catalog
from tradelane.catalog.errors import ProductNotFound, VariantNotFound
from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import CurrencyError, Money
from tradelane.inventory.services import stock_set
from tradelane.markets.selectors import market_get
from tradelane.merchants.models import Merchant
from tradelane.web.views.merchant import REFUSED, merchant_page, refuse
from tradelane.web.views.merchant_forms import (
    ListingFilterForm,
    ListingForm,
    ProductForm,
    StockForm,
    VariantForm,
)
from tradelane.web.views.merchant_preview import listing_preview_price, merchant_landed_preview

LISTINGS_PAGE_SIZE = 25  # the unpaged table grew to thousands of rows for a large catalogue

# The service names the first variant's fields `variants[0].<name>`; the form's field names.
VARIANT_FIELDS = {
    "variants": "sku",
    "variants[0].price": "price",
    "variants[0].weight_g": "weight_g",
}


@merchant_page
def product_list(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    products = catalog_selectors.merchant_products(merchant.pk, query=query)[:200]
    context = {"merchant": merchant, "products": products, "q": query, "nav": "products"}
    return render(request, "web/merchant/products.html", context)


def _product_input(merchant: Merchant, form: ProductForm, variant: VariantForm) -> Any:
    data, v = form.cleaned_data, variant.cleaned_data
    first = catalog.VariantInput(
        sku=v["sku"],
        name_en=v["variant_name_en"],
        name_zh_hans=v["variant_name_zh_hans"],
        price=Money.of(v["price"], merchant.settlement_currency),
        weight_g=v["weight_g"],
        length_mm=v["length_mm"],
        width_mm=v["width_mm"],
        height_mm=v["height_mm"],
    )
    fields = {k: val for k, val in data.items() if k != "certifications"}
    return catalog.ProductInput(
        **fields,
        origin_country=merchant.country,
        certifications=form.cleaned_certifications(),
        variants=[first],
    )


@merchant_page
@require_http_methods(["GET", "POST"])
def product_new(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    form = ProductForm(request.POST or None)
    variant = VariantForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid() and variant.is_valid():
        try:
            product = catalog.product_create(
                merchant=merchant, data=_product_input(merchant, form, variant)
            )
        except ApplicationError as exc:
            refusal = refuse(form, exc)
            _variant_errors(variant, exc)
        else:
            messages.success(request, _("Product saved. Now list it in a market."))
            return HttpResponseRedirect(f"/merchant/products/{product.pk}/")
    context = {
        "merchant": merchant,
        "form": form,
        "variant_form": variant,
        "refusal": refusal,
        "nav": "products",
    }
    status = REFUSED if request.method == "POST" else 200
    return render(request, "web/merchant/product_form.html", context, status=status)


def _variant_errors(variant: VariantForm, error: ApplicationError) -> None:
    for name, details in error.fields.items():
        if name in VARIANT_FIELDS:
            variant.add_error(VARIANT_FIELDS[name], [str(d) for d in details] or [str(error)])


EDITABLE = ("name_en", "name_zh_hans", "description_en", "description_zh_hans",
            "brand_story_en", "brand_story_zh_hans", "hs_code", "origin_region",
            "shelf_life_days")  # fmt: skip
FIXED_AFTER_CREATE = ("brand", "category", "temperature_class")  # customs and routing key on them


def _edit_form(product: Any, data: Any = None) -> ProductForm:
    initial = {name: getattr(product, name) for name in (*EDITABLE, *FIXED_AFTER_CREATE)}
    initial["certifications"] = ", ".join(product.certifications)
    form = ProductForm(data, initial=initial)
    for name in FIXED_AFTER_CREATE:
        form.fields[name].disabled = True
    return form


@merchant_page
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, merchant: Merchant, product_id: int) -> HttpResponse:
    try:
        product = catalog.product_get_for_merchant(merchant=merchant, product_id=product_id)
    except ProductNotFound as exc:
        raise Http404(str(exc)) from exc
    form = _edit_form(product, request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in EDITABLE}
        changes["certifications"] = form.cleaned_certifications()
        try:
            catalog.product_update(merchant=merchant, product_id=product.pk, changes=changes)
        except ApplicationError as exc:
            refusal = refuse(form, exc)
        else:
            messages.success(request, _("Product updated."))
            return HttpResponseRedirect(f"/merchant/products/{product.pk}/")
    today = clock.today()
    context = {
        "merchant": merchant,
        "product": product,
        "form": form,
        "refusal": refusal,
        "variants": catalog_selectors.product_variants(product),
        "listings": catalog_selectors.product_listings(product),
        "flags": [f for f in reads.export_permit_flags(merchant.pk, today) if f.product == product],
        "nav": "products",
    }
    status = REFUSED if request.method == "POST" else 200
    return render(request, "web/merchant/product_edit.html", context, status=status)


def _listing_form(merchant: Merchant, request: HttpRequest) -> ListingForm:
    """The variant can come preselected (?variant=<id>) from a product's page."""
    initial = {"variant": request.GET.get("variant"), "market": "CN", "active": True}
    variants = reads.merchant_variants(merchant.pk)
    return ListingForm(request.POST or None, variants=variants, initial=initial)


def _listing_money(form: ListingForm, currency: str) -> Money | None:
    amount: Decimal | None = form.cleaned_data.get("fixed_price")
    if form.cleaned_data["pricing_mode"] != "fixed" or amount is None:
        return None
    try:
        return Money.of(amount, currency)
    except CurrencyError:
        return None


def _preview(merchant: Merchant, form: ListingForm) -> Any:
    data = form.cleaned_data
    variant = catalog_selectors.variant_for_merchant(merchant.pk, data["variant"])
    if variant is None:
        raise VariantNotFound(_("No such variant."), fields={"variant": []})
    market = market_get(data["market"])
    price = listing_preview_price(
        variant=variant,
        market=market,
        mode=data["pricing_mode"],
        fixed=_listing_money(form, market.currency),
        markup_bps=data.get("markup_bps") or 0,
        rounding=data["rounding"],
    )
    return merchant_landed_preview(merchant=merchant, variant=variant, market=market, price=price)


def _save_listing(merchant: Merchant, form: ListingForm) -> Any:
    data = form.cleaned_data
    market = market_get(data["market"])
    return catalog.listing_upsert(
        merchant=merchant,
        variant_id=data["variant"],
        market_code=market.code,
        pricing_mode=data["pricing_mode"],
        fixed_price=_listing_money(form, market.currency),
        markup_bps=data.get("markup_bps") or 0,
        rounding=data["rounding"],
        active=data["active"],
    )


@merchant_page
@require_http_methods(["GET", "POST"])
def listings(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    """One form, two buttons: "Preview" prices it and writes nothing; "Save" lists it."""
    form = _listing_form(merchant, request)
    refusal, preview = None, None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "save":
                _save_listing(merchant, form)
                messages.success(request, _("Listing saved."))
                return HttpResponseRedirect("/merchant/listings/")
            preview = _preview(merchant, form)
        except ApplicationError as exc:
            refusal = refuse(form, exc)
    filter_form = ListingFilterForm(request.GET, auto_id="filter_%s")
    filters = filter_form.filters()
    listings = reads.merchant_listings_page(
        merchant.pk,
        market=filters.get("market", ""),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(listings, LISTINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "merchant": merchant,
        "form": form,
        "refusal": refusal,
        "preview": preview,
        "filters": filter_form,
        "filtered": bool(filters),
        "page": page,
        "page_query": urlencode(filters),
        "nav": "listings",
    }
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers; the partial carries the refusal itself
        return render(request, "web/merchant/_preview.html", context)
    status = REFUSED if request.method == "POST" and (refusal or form.errors) else 200
    return render(request, "web/merchant/listings.html", context, status=status)


@merchant_page
@require_http_methods(["GET", "POST"])
def stock(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    variants = reads.merchant_variants(merchant.pk)
    form = StockForm(request.POST or None, variants=variants)
    refusal = None
    if request.method == "POST" and form.is_valid():
        variant = catalog_selectors.variant_for_merchant(merchant.pk, form.cleaned_data["variant"])
        try:
            if variant is None:
                raise VariantNotFound(_("No such variant."), fields={"variant": []})
            stock_set(
                merchant=merchant,
                variant=variant,
                on_hand=form.cleaned_data["on_hand"],
                location_code=form.cleaned_data["location_code"] or None,
            )
        except ApplicationError as exc:
            refusal = refuse(form, exc)
        else:
            messages.success(request, _("Stock updated."))
            return HttpResponseRedirect("/merchant/stock/")
    context = {
        "merchant": merchant,
        "form": form,
        "refusal": refusal,
        "items": reads.merchant_stock(merchant.pk),
        "nav": "stock",
    }
    status = REFUSED if request.method == "POST" else 200
    return render(request, "web/merchant/stock.html", context, status=status)


@merchant_page
def permits(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    context = {
        "merchant": merchant,
        "flags": reads.export_permit_flags(merchant.pk, clock.today()),
        "nav": "permits",
    }
    return render(request, "web/merchant/permits.html", context)
