from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tradelane.catalog import rules
from tradelane.catalog.errors import ListingNotAllowed, ProductNotFound, SkuTaken, VariantNotFound
from tradelane.catalog.models import (
    Category,
    CnTaxClass,
    Listing,
    PricingMode,
    Product,
    ProductStatus,
    RoundingRule,
    TemperatureClass,
    Variant,
)
from tradelane.catalog.search_index import search_index_products
from tradelane.core import clock
from tradelane.core.errors import ValidationFailed
from tradelane.core.money import Money
from tradelane.markets.models import Market
from tradelane.markets.selectors import fx_mid_rate, market_get
from tradelane.merchants.models import Merchant
from tradelane.merchants.services import merchant_require_active


@dataclass
class VariantInput:
    sku: str
    name_en: str
    price: Money
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int
    name_zh_hans: str = ""
    gtin: str = ""


@dataclass
class ProductInput:
    name_en: str
    brand: str
    category: str
    hs_code: str
    origin_country: str
    name_zh_hans: str = ""
    description_en: str = ""
    description_zh_hans: str = ""
    brand_story_en: str = ""
    brand_story_zh_hans: str = ""
    cn_tax_class: str = ""
    origin_region: str = ""
    temperature_class: str = TemperatureClass.AMBIENT
    shelf_life_days: int | None = None
    certifications: list[str] = field(default_factory=list)
    variants: list[VariantInput] = field(default_factory=list)


def _checked_fields(data: ProductInput) -> dict[str, Any]:
    problems: dict[str, list[str]] = {}
    try:
        hs_code = rules.hs_code_clean(data.hs_code)
    except rules.HsCodeInvalid as exc:
        problems["hs_code"] = [str(exc)]
        hs_code = ""
    if data.category not in Category.values:
        problems["category"] = [", ".join(Category.values)]
    if data.temperature_class not in TemperatureClass.values:
        problems["temperature_class"] = [", ".join(TemperatureClass.values)]
    tax_class = data.cn_tax_class or rules.DEFAULT_CN_TAX_CLASS.get(data.category, "standard")
    if tax_class not in CnTaxClass.values:
        problems["cn_tax_class"] = [", ".join(CnTaxClass.values)]
    if problems:
        raise ValidationFailed(_("Some product details are not valid."), fields=problems)
    return {"hs_code": hs_code, "cn_tax_class": tax_class}


def _variant_problems(merchant: Merchant, variants: list[VariantInput]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    skus = [v.sku for v in variants]
    if len(set(skus)) != len(skus):
        problems["variants"] = [_("Each variant needs its own SKU.")]
    for i, v in enumerate(variants):
        if v.price.currency != merchant.settlement_currency or v.price.amount <= 0:
            problems[f"variants[{i}].price"] = [
                _("A positive price in %(c)s.") % {"c": merchant.settlement_currency}
            ]
        if min(v.weight_g, v.length_mm, v.width_mm, v.height_mm) <= 0:
            problems[f"variants[{i}].weight_g"] = [_("Weight and dimensions must be positive.")]
    return problems


@transaction.atomic
def product_create(*, merchant: Merchant, data: ProductInput) -> Product:
    checked = _checked_fields(data)
    if not data.variants:
        raise ValidationFailed(_("A product needs at least one variant."), fields={"variants": []})
    problems = _variant_problems(merchant, data.variants)
    if problems:
        raise ValidationFailed(_("Some variants are not valid."), fields=problems)
    if Variant.objects.filter(merchant=merchant, sku__in=[v.sku for v in data.variants]).exists():
        raise SkuTaken(_("One of these SKUs is already in use."), fields={"variants": []})
    now = clock.now()
    product = Product.objects.create(
        merchant=merchant,
        name_en=data.name_en,
        name_zh_hans=data.name_zh_hans,
        description_en=data.description_en,
        description_zh_hans=data.description_zh_hans,
        brand=data.brand,
        brand_story_en=data.brand_story_en,
        brand_story_zh_hans=data.brand_story_zh_hans,
        category=data.category,
        origin_country=data.origin_country.upper(),
        origin_region=data.origin_region,
        temperature_class=data.temperature_class,
        shelf_life_days=data.shelf_life_days,
        certifications=data.certifications,
        status=ProductStatus.ACTIVE,
        search_text=product_search_text(data.name_en, data.name_zh_hans, data.brand, data.category),
        created_at=now,
        updated_at=now,
        **checked,
    )
    Variant.objects.bulk_create([_variant(product, merchant, v) for v in data.variants])
    search_index_products([product.pk])
    return product


def product_search_text(name_en: str, name_zh_hans: str, brand: str, category: str) -> str:
    label = Category(category).label if category in Category.values else category
    return rules.search_text(name_en, name_zh_hans, brand, label)


def _variant(product: Product, merchant: Merchant, v: VariantInput) -> Variant:
    return Variant(
        product=product,
        merchant=merchant,
        sku=v.sku,
        name_en=v.name_en,
        name_zh_hans=v.name_zh_hans,
        gtin=v.gtin,
        price_minor=v.price.minor,
        currency=v.price.currency,
        weight_g=v.weight_g,
        length_mm=v.length_mm,
        width_mm=v.width_mm,
        height_mm=v.height_mm,
    )


def product_get_for_merchant(*, merchant: Merchant, product_id: int) -> Product:
    product = Product.objects.filter(merchant=merchant, pk=product_id).first()
    if product is None:
        raise ProductNotFound(_("No such product."))
    return product


@transaction.atomic
def product_update(*, merchant: Merchant, product_id: int, changes: dict[str, Any]) -> Product:
    product = product_get_for_merchant(merchant=merchant, product_id=product_id)
    if "hs_code" in changes:
        try:
            changes["hs_code"] = rules.hs_code_clean(changes["hs_code"])
        except rules.HsCodeInvalid as exc:
            raise ValidationFailed(str(exc), fields={"hs_code": [str(exc)]}) from exc
    if "status" in changes and changes["status"] not in ProductStatus.values:
        raise ValidationFailed(_("Unknown status."), fields={"status": ProductStatus.values})
    for name, value in changes.items():
        setattr(product, name, value)
    product.search_text = product_search_text(
        product.name_en, product.name_zh_hans, product.brand, product.category
    )
    product.updated_at = clock.now()
    product.save()
    search_index_products([product.pk])  # names, or whether it is on sale, may have changed
    return product


def _variant_of(merchant: Merchant, variant_id: int) -> Variant:
    variant = (
        Variant.objects.select_related("product").filter(merchant=merchant, pk=variant_id).first()
    )
    if variant is None:
        raise VariantNotFound(_("No such variant."))
    return variant


def _listing_problems(product: Product, market: Market) -> list[str]:
    problems = []
    if market.language == "zh-hans" and not product.name_zh_hans.strip():
        problems.append(_("A listing in China needs the product's Chinese name."))
    if product.status != ProductStatus.ACTIVE:
        problems.append(_("Only active products can be listed."))
    return problems


def listing_price(
    *,
    variant: Variant,
    market: Market,
    mode: str,
    fixed: Money | None,
    markup_bps: int,
    rounding: str,
) -> tuple[Money, Any]:
    if mode == PricingMode.FIXED:
        if fixed is None or fixed.currency != market.currency or fixed.amount <= 0:
            raise ValidationFailed(
                _("A fixed price needs a positive amount in %(c)s.") % {"c": market.currency},
                fields={"price": [market.currency]},
            )
        return fixed.rounded(), None
    mid = fx_mid_rate(variant.currency, market.currency, clock.now())
    merchant_price = Money.from_minor(variant.price_minor, variant.currency)
    return rules.derived_price(
        merchant_price, mid.rate, markup_bps, market.currency, rounding
    ), mid.rate


@transaction.atomic
def listing_upsert(
    *,
    merchant: Merchant,
    variant_id: int,
    market_code: str,
    pricing_mode: str,
    fixed_price: Money | None = None,
    markup_bps: int = 0,
    rounding: str = RoundingRule.EXACT,
    active: bool = True,
) -> Listing:
    merchant_require_active(merchant)
    variant = _variant_of(merchant, variant_id)
    market = market_get(market_code)
    if pricing_mode not in PricingMode.values or rounding not in RoundingRule.values:
        raise ValidationFailed(
            _("Unknown pricing mode or rounding rule."),
            fields={"pricing_mode": PricingMode.values, "rounding": RoundingRule.values},
        )
    if not -5000 <= markup_bps <= 50000:
        raise ValidationFailed(
            _("Markup must be between -50 % and 500 %."), fields={"markup_bps": []}
        )
    problems = _listing_problems(variant.product, market)
    if problems:
        raise ListingNotAllowed(problems[0], extra={"problems": [str(p) for p in problems]})
    price, rate = listing_price(
        variant=variant,
        market=market,
        mode=pricing_mode,
        fixed=fixed_price,
        markup_bps=markup_bps,
        rounding=rounding,
    )
    listing, _created = Listing.objects.update_or_create(
        variant=variant,
        market=market,
        defaults={
            "product": variant.product,
            "merchant": merchant,
            "pricing_mode": pricing_mode,
            "fixed_price_minor": fixed_price.minor
            if fixed_price and pricing_mode == "fixed"
            else None,
            "markup_bps": markup_bps,
            "rounding": rounding,
            "price_minor": price.minor,
            "currency": market.currency,
            "fx_rate": rate,
            "priced_at": clock.now(),
            "status": "active" if active else "paused",
        },
    )
    search_index_products([variant.product_id])
    return listing


def listings_reprice() -> int:
    """Recompute derived listing prices after new FX rates load; returns how many changed."""
    changed: list[Listing] = []
    now = clock.now()
    rates: dict[tuple[str, str], Any] = {}
    derived = Listing.objects.filter(pricing_mode=PricingMode.DERIVED).select_related("variant")
    for listing in derived.iterator(chunk_size=2000):
        pair = (listing.variant.currency, listing.currency)
        if pair not in rates:
            rates[pair] = fx_mid_rate(pair[0], pair[1], now).rate
        price = rules.derived_price(
            Money.from_minor(listing.variant.price_minor, listing.variant.currency),
            rates[pair],
            listing.markup_bps,
            listing.currency,
            listing.rounding,
        )
        if price.minor != listing.price_minor:
            listing.price_minor, listing.fx_rate, listing.priced_at = price.minor, rates[pair], now
            changed.append(listing)
    Listing.objects.bulk_update(changed, ["price_minor", "fx_rate", "priced_at"], batch_size=1000)
    return len(changed)
