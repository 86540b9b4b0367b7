"""Storefront reads: only what a market may see (active listing, product and merchant)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tradelane.catalog.models import Listing, ListingStatus, Product, ProductStatus, Variant
from tradelane.merchants.models import MerchantStatus


def visible_listings(market_code: str) -> QuerySet[Listing]:
    return Listing.objects.filter(
        market_id=market_code.upper(),
        status=ListingStatus.ACTIVE,
        product__status=ProductStatus.ACTIVE,
        variant__is_active=True,
        merchant__status=MerchantStatus.ACTIVE,
    )


def listing_is_visible(listing: Listing, market_code: str) -> bool:
    """The same test as `visible_listings`, on a listing loaded with its variant, product and
    merchant, so a hot path that already holds them needs no second query."""
    return (
        listing.market_id == market_code
        and listing.status == ListingStatus.ACTIVE
        and listing.product.status == ProductStatus.ACTIVE
        and listing.variant.is_active
        and listing.merchant.status == MerchantStatus.ACTIVE
    )


def storefront_search(
    *, market_code: str, query: str = "", category: str = "", limit: int = 24, offset: int = 0
) -> tuple[list[Listing], int]:
    listings = visible_listings(market_code)
    if category:
        listings = listings.filter(product__category=category)
    for term in query.lower().split():
        listings = listings.filter(product__search_text__contains=term)
    total = listings.count()
    page = list(
        listings.select_related("product", "variant", "merchant").order_by("product_id", "pk")[
            offset : offset + limit
        ]
    )
    return page, total


def storefront_product(
    *, market_code: str, product_id: int
) -> tuple[Product, list[Listing]] | None:
    listings = list(
        visible_listings(market_code)
        .filter(product_id=product_id)
        .select_related("product", "variant", "merchant")
        .order_by("price_minor")
    )
    if not listings:
        return None
    return listings[0].product, listings


def merchant_products(merchant_id: int, *, query: str = "") -> QuerySet[Product]:
    products = Product.objects.filter(merchant_id=merchant_id)
    if query:
        products = products.filter(Q(search_text__contains=query.lower()) | Q(variants__sku=query))
    return products.order_by("-pk").prefetch_related("variants").distinct()


def merchant_listings(merchant_id: int, market_code: str = "") -> QuerySet[Listing]:
    listings = Listing.objects.filter(merchant_id=merchant_id).select_related("variant")
    if market_code:
        listings = listings.filter(market_id=market_code.upper())
    return listings.order_by("pk")


def variant_for_merchant(merchant_id: int, variant_id: int) -> Variant | None:
    return Variant.objects.filter(merchant_id=merchant_id, pk=variant_id).first()
