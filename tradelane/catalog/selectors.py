"""Storefront reads: only what a market may see (active listing, product and merchant)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from tradelane.catalog import search
from tradelane.catalog.models import (
    Listing,
    ListingStatus,
    Product,
    ProductImage,
    ProductStatus,
    SearchTerm,
    StorefrontEntry,
    TemperatureClass,
    Variant,
)
from tradelane.merchants.models import Merchant, MerchantStatus


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
    """A page of the listings a market sees, with the total. With a query, every query term
    must match (see `catalog.search`) and the best-weighted products come first; without one,
    the catalog order. Reads the search index; the page itself is re-checked with
    `visible_listings`, so nothing hidden since the index was written can be shown."""
    code = market_code.upper()
    terms = search.query_terms(query)
    if terms:
        ids, total = _ranked_listing_ids(code, terms, category, limit, offset)
    else:
        ids, total = _browse_listing_ids(code, category, limit, offset)
    return _listings_in_order(code, ids), total


def _hidden_merchant_ids() -> QuerySet[Merchant, int]:
    return Merchant.objects.exclude(status=MerchantStatus.ACTIVE).values_list("pk", flat=True)


def _browse_listing_ids(code: str, category: str, limit: int, offset: int) -> tuple[list[int], int]:
    entries = StorefrontEntry.objects.filter(market_id=code).exclude(
        merchant_id__in=_hidden_merchant_ids()
    )
    if category:
        entries = entries.filter(category=category)
    ids = list(
        entries.order_by("product_id", "listing_id").values_list("listing_id", flat=True)[
            offset : offset + limit
        ]
    )
    total = entries.count() if ids or offset else 0
    return ids, total


def _term_hits_sql(term: search.QueryTerm, table: str) -> tuple[str, list[str]]:
    """Products having one query term, each with its best weight for that term."""
    if term.prefix:
        where, params = "term >= %s AND term < %s", [term.text, term.upper_bound()]
    else:
        where, params = "term = %s", [term.text]
    sql = f"SELECT product_id, MAX(weight) AS w FROM {table} WHERE {where} GROUP BY product_id"
    return sql, params


def _ranked_listing_ids(
    code: str, terms: list[search.QueryTerm], category: str, limit: int, offset: int
) -> tuple[list[int], int]:
    """One query: products having every term, scored by the sum of their best weights, joined
    to the market's entries; the window count gives the total with the page."""
    hits = [_term_hits_sql(t, SearchTerm._meta.db_table) for t in terms]
    params: list[Any] = [p for _sql, ps in hits for p in ps]
    union = " UNION ALL ".join(sql for sql, _ps in hits)
    scored = (
        f"SELECT product_id, SUM(w) AS score FROM ({union}) AS hits"
        f" GROUP BY product_id HAVING COUNT(*) = {len(terms)}"
    )
    category_sql = " AND e.category = %s" if category else ""
    sql = (
        "SELECT e.listing_id, COUNT(*) OVER () AS total"
        f" FROM ({scored}) AS s JOIN {StorefrontEntry._meta.db_table} e"
        " ON e.product_id = s.product_id AND e.market_id = %s" + category_sql + ""
        f" WHERE e.merchant_id NOT IN (SELECT id FROM {Merchant._meta.db_table}"
        " WHERE status <> %s)"
        " ORDER BY s.score DESC, e.product_id, e.listing_id LIMIT %s OFFSET %s"
    )
    params += [code, *([category] if category else []), MerchantStatus.ACTIVE, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows:
        return [row[0] for row in rows], int(rows[0][1])
    if offset == 0:
        return [], 0
    return [], _ranked_listing_ids(code, terms, category, 1, 0)[1]


def _listings_in_order(code: str, ids: list[int]) -> list[Listing]:
    if not ids:
        return []
    found = (
        visible_listings(code).filter(pk__in=ids).select_related("product", "variant", "merchant")
    )
    by_id = {listing.pk: listing for listing in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def storefront_category_counts(market_code: str) -> dict[str, int]:
    """Products on sale per category in a market, from the index (for the home page's tiles)."""
    rows = (
        StorefrontEntry.objects.filter(market_id=market_code.upper())
        .exclude(merchant_id__in=_hidden_merchant_ids())
        .values("category")
        .annotate(n=Count("product_id", distinct=True))
    )
    return {row["category"]: row["n"] for row in rows}


def storefront_newest(
    market_code: str, *, temperature_classes: tuple[str, ...], size: int = 8
) -> list[Listing]:
    """The newest products of these temperature classes, the cheapest listing of each: walks
    the index from the newest product and stops after a few pages' worth."""
    code = market_code.upper()
    ids = list(
        StorefrontEntry.objects.filter(
            market_id=code, product__temperature_class__in=temperature_classes
        )
        .exclude(merchant_id__in=_hidden_merchant_ids())
        .order_by("-product_id", "listing_id")
        .values_list("listing_id", flat=True)[: size * 4]
    )
    cheapest: dict[int, Listing] = {}
    for listing in sorted(_listings_in_order(code, ids), key=lambda x: x.price_minor):
        cheapest.setdefault(listing.product_id, listing)
    newest_first = sorted(cheapest.values(), key=lambda x: -x.product_id)
    return newest_first[:size]


def storefront_fresh_shelf(market_code: str, size: int = 8) -> list[Listing]:
    """The newest cold-chain products (one listing each), for the home page's featured shelf."""
    cold = (TemperatureClass.CHILLED, TemperatureClass.FROZEN)
    return storefront_newest(market_code, temperature_classes=cold, size=size)


def storefront_listing(market_code: str, listing_id: int) -> Listing | None:
    return (
        visible_listings(market_code)
        .select_related("product", "variant", "merchant")
        .filter(pk=listing_id)
        .first()
    )


def with_cover_images(products: list[Product]) -> list[Product]:
    """Each product gets `cover`: its first picture, or None. One query for a page of cards."""
    covers: dict[int, ProductImage] = {}
    ids = {p.pk for p in products}
    for image in ProductImage.objects.filter(product_id__in=ids).order_by(
        "product_id", "position", "pk"
    ):
        covers.setdefault(image.product_id, image)
    for product in products:
        product.cover = covers.get(product.pk)  # type: ignore[attr-defined]
    return products


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


def product_variants(product: Product) -> list[Variant]:
    return list(product.variants.all())  # .all() keeps merchant_products' prefetch


def product_listings(product: Product) -> list[Listing]:
    """The product's listings, one per market and variant, by market."""
    return list(product.listings.select_related("variant").order_by("market_id"))
