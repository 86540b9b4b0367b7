"""Storefront reads the catalog's selectors do not offer yet (the fresh shelf, the category
counts, one listing), built on `catalog.selectors.visible_listings` so they show exactly what a
market may see."""

from __future__ import annotations

from tradelane.accounts.models import Address, Consumer
from tradelane.accounts.selectors import addresses_of
from tradelane.catalog.models import Listing, Product, ProductImage, TemperatureClass
from tradelane.catalog.selectors import (
    storefront_category_counts,
    storefront_newest,
    visible_listings,
)
from tradelane.customs.models import BuyerIdentity, Declaration
from tradelane.logistics.models import Shipment
from tradelane.orders.models import Checkout, Order

_JOINS = ("product", "variant", "merchant")
COLD = (TemperatureClass.CHILLED, TemperatureClass.FROZEN)


def fresh_shelf(market_code: str, size: int = 8) -> list[Listing]:
    """The newest cold-chain products (one listing each), for the home page's featured shelf."""
    return storefront_newest(market_code, temperature_classes=COLD, size=size)


def category_counts(market_code: str) -> dict[str, int]:
    return storefront_category_counts(market_code)


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


def shop_listing(market_code: str, listing_id: int) -> Listing | None:
    return visible_listings(market_code).select_related(*_JOINS).filter(pk=listing_id).first()


def identity_of(consumer: Consumer) -> BuyerIdentity | None:
    return BuyerIdentity.objects.filter(consumer=consumer).first()


def addresses_in(consumer: Consumer, market_code: str) -> list[Address]:
    return list(addresses_of(consumer, market_code))


def checkout_of(consumer: Consumer, checkout_id: int) -> Checkout | None:
    return Checkout.objects.filter(pk=checkout_id, consumer=consumer).first()


def declaration_of(order: Order) -> Declaration | None:
    return Declaration.objects.filter(order=order).first()


def shipment_of(order: Order) -> Shipment | None:
    return Shipment.objects.filter(order=order).select_related("origin", "destination").first()
