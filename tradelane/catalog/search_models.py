"""The storefront's search index: a read model the catalog services keep current.

`StorefrontEntry` holds one row per listing a market may see (listing, variant and product all
active); `SearchTerm` holds the terms of each product with their weight (see `search.py`). Reads
join the two by product inside one market and never touch the wide product rows, so home,
category and search pages cost a few index range scans whatever the catalog's size.

A merchant's status is checked when reading (against the handful of merchants that are not
active), because the merchants app sits below catalog and cannot call its services.
"""

from __future__ import annotations

from django.db import models


class StorefrontEntry(models.Model):
    listing = models.OneToOneField(
        "catalog.Listing", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    market = models.ForeignKey(
        "markets.Market", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    category = models.CharField(max_length=24)

    class Meta:
        # Each index covers its query (merchant last, for the status check) and gives the
        # page order (product, listing) without a sort.
        indexes = [
            models.Index(
                fields=["market", "product", "listing", "merchant"], name="entry_market_product"
            ),
            models.Index(
                fields=["market", "category", "product", "listing", "merchant"],
                name="entry_market_category",
            ),
            models.Index(fields=["product"], name="entry_product"),
        ]

    def __str__(self) -> str:
        return f"listing {self.listing_id} on {self.market_id}"


class SearchTerm(models.Model):
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    term = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["term", "product", "weight"], name="searchterm_term"),
            models.Index(fields=["product"], name="searchterm_product"),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.weight}) in product {self.product_id}"
