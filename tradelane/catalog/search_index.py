"""Keeps the storefront search index (`search_models`) current, and reads it.

Writers: `search_index_products` after a catalog service changes a product, its variants or its
listings; `search_index_rebuild` after a bulk load (the demo seeder) or a migration. Both replace
a product's rows whole, inside the caller's transaction, so a refusal leaves the index as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps as django_apps
from django.db import connection

from tradelane.catalog import search
from tradelane.catalog.models import Category

CHUNK = 500

# The words a Chinese shopper uses for each category (also the storefront's category titles).
CATEGORY_ZH = {
    Category.FOOD_BEVERAGE: "食品饮料",
    Category.DAIRY: "乳制品 乳品",
    Category.MEAT_SEAFOOD: "肉类海鲜 生鲜",
    Category.FRESH_PRODUCE: "新鲜果蔬 水果 蔬菜 生鲜",
    Category.COSMETICS: "美妆护肤 化妆品",
    Category.MOTHER_BABY: "母婴",
    Category.HEALTH_SUPPLEMENTS: "保健品 营养品",
    Category.WINE: "葡萄酒",
}

PRODUCT_FIELDS = (
    "pk",
    "name_en",
    "name_zh_hans",
    "brand",
    "category",
    "origin_region",
    "description_en",
    "description_zh_hans",
)


def product_terms(row: dict[str, Any]) -> dict[str, int]:
    category = row["category"]
    label = Category(category).label if category in Category.values else category
    return search.document_terms(
        [
            (row["name_en"], search.NAME),
            (row["name_zh_hans"], search.NAME),
            (row["brand"], search.BRAND),
            (label, search.LABEL),
            (CATEGORY_ZH.get(category, ""), search.LABEL),
            (row["origin_region"], search.LABEL),
            (row["description_en"], search.TEXT),
            (row["description_zh_hans"], search.TEXT),
        ]
    )


def _table(registry: Any, name: str) -> str:
    return str(registry.get_model("catalog", name)._meta.db_table)


def _write_terms(registry: Any, product_ids: Sequence[int]) -> None:
    products = registry.get_model("catalog", "Product").objects.filter(pk__in=product_ids)
    rows = [
        (row["pk"], term, weight)
        for row in products.values(*PRODUCT_FIELDS)
        for term, weight in product_terms(row).items()
        if len(term) <= 64
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_table(registry, 'SearchTerm')} (product_id, term, weight)"
            " VALUES (%s, %s, %s)",
            rows,
        )


def _write_entries(registry: Any, product_ids: Sequence[int]) -> None:
    """One entry per listing that is active with an active variant of an active product."""
    marks = ", ".join(["%s"] * len(product_ids))
    sql = (
        f"INSERT INTO {_table(registry, 'StorefrontEntry')}"
        " (listing_id, market_id, product_id, merchant_id, category)"
        " SELECT l.id, l.market_id, l.product_id, l.merchant_id, p.category"
        f" FROM {_table(registry, 'Listing')} l"
        f" JOIN {_table(registry, 'Product')} p ON p.id = l.product_id"
        f" JOIN {_table(registry, 'Variant')} v ON v.id = l.variant_id"
        " WHERE l.status = %s AND p.status = %s AND v.is_active = %s"
        f" AND l.product_id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ["active", "active", True, *product_ids])


def search_index_products(product_ids: Iterable[int], registry: Any = django_apps) -> None:
    """Replace the index rows of these products with what they are now."""
    ids = sorted(set(product_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        registry.get_model("catalog", "SearchTerm").objects.filter(product_id__in=chunk).delete()
        registry.get_model("catalog", "StorefrontEntry").objects.filter(
            product_id__in=chunk
        ).delete()
        _write_terms(registry, chunk)
        _write_entries(registry, chunk)


def search_index_rebuild(registry: Any = django_apps) -> None:
    """Rebuild the whole index from the catalog (after a bulk load or a migration)."""
    registry.get_model("catalog", "SearchTerm").objects.all().delete()
    registry.get_model("catalog", "StorefrontEntry").objects.all().delete()
    ids = list(
        registry.get_model("catalog", "Product").objects.order_by("pk").values_list("pk", flat=True)
    )
    search_index_products(ids, registry)
