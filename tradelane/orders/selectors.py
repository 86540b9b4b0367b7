from __future__ import annotations

from django.db.models import QuerySet

from tradelane.accounts.models import Consumer
from tradelane.orders.models import CartLine, Checkout, Order


def cart_lines(cart_id: int) -> list[CartLine]:
    return list(
        CartLine.objects.filter(cart_id=cart_id)
        .select_related("listing__product", "listing__variant", "listing__merchant")
        .order_by("pk")
    )


def consumer_checkout(consumer: Consumer, checkout_id: int) -> Checkout | None:
    """The shopper's own checkout, or None (someone else's is as good as missing)."""
    return Checkout.objects.filter(pk=checkout_id, consumer=consumer).first()


def consumer_orders(consumer_id: int) -> QuerySet[Order]:
    return Order.objects.filter(consumer_id=consumer_id).order_by("-created_at", "-pk")


def merchant_orders(merchant_id: int, status: str = "") -> QuerySet[Order]:
    orders = Order.objects.filter(merchant_id=merchant_id)
    if status:
        orders = orders.filter(status=status)
    return orders.order_by("-created_at", "-pk")


def order_detail(number: str) -> Order | None:
    return (
        Order.objects.filter(number=number)
        .select_related("merchant")
        .prefetch_related("lines", "history")
        .first()
    )
