from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema

from tradelane.catalog import selectors, services
from tradelane.catalog.errors import ProductNotFound
from tradelane.catalog.models import (
    Category,
    Listing,
    PricingMode,
    Product,
    RoundingRule,
    TemperatureClass,
)
from tradelane.core import clock
from tradelane.core.errors import ValidationFailed
from tradelane.core.idempotency import respond_idempotently
from tradelane.core.money import CurrencyError, Money
from tradelane.core.schemas import (
    Amount,
    Id,
    Integer,
    MoneyOut,
    Name,
    Offset,
    PathId,
    errors,
    page_limit,
)
from tradelane.customs import compliance
from tradelane.markets.selectors import market_get
from tradelane.merchants.auth import MerchantKeyAuth, current_merchant
from tradelane.merchants.models import Merchant

merchant_router = Router(auth=MerchantKeyAuth())
storefront_router = Router(auth=None)

Text200 = Field("", max_length=200)


class VariantIn(Schema):
    sku: str = Field(..., min_length=1, max_length=64)
    name_en: Name = Field(..., min_length=1, max_length=120)
    name_zh_hans: Name = Field("", max_length=120)
    gtin: str = Field("", max_length=14)
    price: Amount
    weight_g: Integer = Field(..., gt=0, le=100_000)
    length_mm: Integer = Field(..., gt=0, le=2000)
    width_mm: Integer = Field(..., gt=0, le=2000)
    height_mm: Integer = Field(..., gt=0, le=2000)


class ProductIn(Schema):
    name_en: Name = Field(..., min_length=1, max_length=200)
    name_zh_hans: Name = Text200
    description_en: str = Field("", max_length=5000)
    description_zh_hans: str = Field("", max_length=5000)
    brand: Name = Field(..., min_length=1, max_length=120)
    brand_story_en: str = Field("", max_length=5000)
    brand_story_zh_hans: str = Field("", max_length=5000)
    category: Category
    cn_tax_class: str = Field("", max_length=24)
    hs_code: str = Field(..., max_length=13)
    origin_country: str = Field(..., pattern="^[A-Z]{2}$")
    origin_region: str = Field("", max_length=80)
    temperature_class: TemperatureClass = TemperatureClass.AMBIENT
    shelf_life_days: Integer | None = Field(None, ge=1, le=3650)
    certifications: list[str] = Field(default_factory=list, max_length=20)
    variants: list[VariantIn] = Field(..., min_length=1, max_length=50)


class ProductPatch(Schema):
    name_en: Name | None = Field(None, min_length=1, max_length=200)
    name_zh_hans: Name | None = Field(None, max_length=200)
    description_en: str | None = Field(None, max_length=5000)
    description_zh_hans: str | None = Field(None, max_length=5000)
    brand_story_en: str | None = Field(None, max_length=5000)
    brand_story_zh_hans: str | None = Field(None, max_length=5000)
    hs_code: str | None = Field(None, max_length=13)
    origin_region: str | None = Field(None, max_length=80)
    shelf_life_days: Integer | None = Field(None, ge=1, le=3650)
    certifications: list[str] | None = Field(None, max_length=20)
    status: str | None = Field(None, pattern="^(draft|active|archived)$")


class VariantOut(Schema):
    id: int
    sku: str
    name_en: str
    name_zh_hans: str
    price: MoneyOut
    weight_g: int

    @staticmethod
    def resolve_price(obj: Any) -> MoneyOut:
        return MoneyOut.minor(obj.price_minor, obj.currency)


class ProductOut(Schema):
    id: int
    name_en: str
    name_zh_hans: str
    description_en: str
    description_zh_hans: str
    brand: str
    brand_story_en: str
    brand_story_zh_hans: str
    category: str
    cn_tax_class: str
    hs_code: str
    origin_country: str
    origin_region: str
    temperature_class: str
    shelf_life_days: int | None
    certifications: list[str]
    status: str
    variants: list[VariantOut]
    export_permit_required: bool = Field(
        ..., description="dairy, meat, seafood, eggs, plants: exported only under a permit"
    )
    cn_direct_mail_allowed: bool = Field(
        ..., description="false for fresh meat, dairy, fruit and vegetables: bonded stock only"
    )

    @staticmethod
    def resolve_variants(obj: Product) -> list[Any]:
        return list(selectors.product_variants(obj))

    @staticmethod
    def resolve_export_permit_required(obj: Product) -> bool:
        return compliance.needs_export_permit(obj.category, obj.hs_code, clock.today())

    @staticmethod
    def resolve_cn_direct_mail_allowed(obj: Product) -> bool:
        return not compliance.mail_prohibited(obj.hs_code, clock.today())


class ListingIn(Schema):
    variant_id: Id
    market: str = Field(..., min_length=2, max_length=2)
    pricing_mode: PricingMode
    fixed_price: Amount | None = None
    markup_bps: Integer = Field(0, ge=-5000, le=50000)
    rounding: RoundingRule = RoundingRule.EXACT
    active: bool = True


class ListingOut(Schema):
    id: int
    variant_id: int
    product_id: int
    market: str
    pricing_mode: str
    markup_bps: int
    rounding: str
    price: MoneyOut
    fx_rate: Decimal | None
    priced_at: datetime
    status: str

    @staticmethod
    def resolve_market(obj: Listing) -> str:
        return obj.market_id

    @staticmethod
    def resolve_price(obj: Listing) -> MoneyOut:
        return MoneyOut.minor(obj.price_minor, obj.currency)


class StorefrontItemOut(Schema):
    listing_id: int
    product_id: int
    name: str
    variant: str
    brand: str
    category: str
    origin: str
    temperature_class: str
    merchant: str
    price: MoneyOut


class StorefrontPageOut(Schema):
    total: int
    items: list[StorefrontItemOut]


class StorefrontProductOut(Schema):
    id: int
    name: str
    description: str
    brand: str
    brand_story: str
    category: str
    hs_code: str
    origin_country: str
    origin_region: str
    temperature_class: str
    shelf_life_days: int | None
    certifications: list[str]
    merchant: str
    listings: list[StorefrontItemOut]


def _merchant(request: HttpRequest) -> Merchant:
    return current_merchant(request)


def _money(amount: Decimal, currency: str, field: str) -> Money:
    try:
        return Money.of(amount, currency)
    except CurrencyError as exc:
        raise ValidationFailed(str(exc), fields={field: [str(exc)]}) from exc


@merchant_router.get("/products", response={200: list[ProductOut], **errors(401)})
def list_products(
    request: HttpRequest, q: str = "", limit: int = page_limit(50, 200), offset: Offset = 0
) -> list[Product]:
    return list(
        selectors.merchant_products(_merchant(request).pk, query=q)[offset : offset + limit]
    )


@merchant_router.post("/products", response={201: ProductOut, **errors(401, 409, 422)})
def create_product(
    request: HttpRequest,
    payload: ProductIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255),
) -> HttpResponse:
    merchant = _merchant(request)
    data = payload.dict(exclude={"variants"})
    variants = [
        services.VariantInput(
            **{**v.dict(), "price": _money(v.price, merchant.settlement_currency, "price")}
        )
        for v in payload.variants
    ]

    def act() -> tuple[int, Any]:
        product = services.product_create(
            merchant=merchant, data=services.ProductInput(**data, variants=variants)
        )
        return 201, ProductOut.from_orm(product)

    return respond_idempotently(
        request, scope=f"merchant:{merchant.pk}", key=idempotency_key, action=act
    )


@merchant_router.get("/products/{product_id}", response={200: ProductOut, **errors(401, 404)})
def get_product(request: HttpRequest, product_id: PathId) -> Product:
    return services.product_get_for_merchant(merchant=_merchant(request), product_id=product_id)


@merchant_router.patch(
    "/products/{product_id}", response={200: ProductOut, **errors(401, 404, 422)}
)
def patch_product(request: HttpRequest, product_id: PathId, payload: ProductPatch) -> Product:
    nullable = {"shelf_life_days"}
    changes = {
        k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k in nullable
    }
    return services.product_update(
        merchant=_merchant(request), product_id=product_id, changes=changes
    )


@merchant_router.get("/listings", response={200: list[ListingOut], **errors(401)})
def list_listings(
    request: HttpRequest, market: str = "", limit: int = page_limit(100, 500), offset: Offset = 0
) -> list[Listing]:
    return list(selectors.merchant_listings(_merchant(request).pk, market)[offset : offset + limit])


@merchant_router.put("/listings", response={200: ListingOut, **errors(401, 404, 422)})
def upsert_listing(request: HttpRequest, payload: ListingIn) -> Listing:
    market = market_get(payload.market)
    fixed = (
        _money(payload.fixed_price, market.currency, "fixed_price") if payload.fixed_price else None
    )
    return services.listing_upsert(
        merchant=_merchant(request),
        variant_id=payload.variant_id,
        market_code=market.code,
        pricing_mode=payload.pricing_mode,
        fixed_price=fixed,
        markup_bps=payload.markup_bps,
        rounding=payload.rounding,
        active=payload.active,
    )


def _language(lang: str, market_code: str) -> str:
    return lang if lang in ("en", "zh-hans") else market_get(market_code).language


def _item(listing: Listing, language: str) -> StorefrontItemOut:
    product, variant = listing.product, listing.variant
    zh = language == "zh-hans"
    return StorefrontItemOut(
        listing_id=listing.pk,
        product_id=product.pk,
        name=product.name_in(language),
        variant=(variant.name_zh_hans if zh and variant.name_zh_hans else variant.name_en),
        brand=product.brand,
        category=product.category,
        origin=", ".join(p for p in (product.origin_region, product.origin_country) if p),
        temperature_class=product.temperature_class,
        merchant=listing.merchant.trading_name,
        price=MoneyOut.minor(listing.price_minor, listing.currency),
    )


@storefront_router.get("/{market}/products", response={200: StorefrontPageOut, **errors(404, 422)})
def browse(
    request: HttpRequest,
    market: str,
    q: str = "",
    category: str = "",
    lang: str = "",
    limit: int = page_limit(24, 100),
    offset: Offset = 0,
) -> StorefrontPageOut:
    language = _language(lang, market)
    if category and category not in Category.values:
        raise ValidationFailed(_("Unknown category."), fields={"category": Category.values})
    page, total = selectors.storefront_search(
        market_code=market,
        query=q[:100],
        category=category,
        limit=limit,
        offset=offset,
    )
    return StorefrontPageOut(total=total, items=[_item(listing, language) for listing in page])


@storefront_router.get(
    "/{market}/products/{product_id}", response={200: StorefrontProductOut, **errors(404)}
)
def product_page(
    request: HttpRequest, market: str, product_id: PathId, lang: str = ""
) -> StorefrontProductOut:
    language = _language(lang, market)
    found = selectors.storefront_product(market_code=market, product_id=product_id)
    if found is None:
        raise ProductNotFound(_("This product is not sold in this market."))
    product, listings = found
    zh = language == "zh-hans"
    return StorefrontProductOut(
        id=product.pk,
        name=product.name_in(language),
        description=(
            product.description_zh_hans
            if zh and product.description_zh_hans
            else product.description_en
        ),
        brand=product.brand,
        brand_story=(
            product.brand_story_zh_hans
            if zh and product.brand_story_zh_hans
            else product.brand_story_en
        ),
        category=product.category,
        hs_code=product.hs_code,
        origin_country=product.origin_country,
        origin_region=product.origin_region,
        temperature_class=product.temperature_class,
        shelf_life_days=product.shelf_life_days,
        certifications=product.certifications,
        merchant=listings[0].merchant.trading_name,
        listings=[_item(listing, language) for listing in listings],
    )
