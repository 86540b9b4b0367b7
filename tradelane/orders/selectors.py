from __future__ import annotations

from django.db.models import QuerySet

from tradelane.accounts.models import Consumer
from tradelane.orders.models import CartLine, Checkout, Order, OrderLine, OrderStatusChange


def cart_lines(cart_id: int) -> list[CartLine]:
    return list(
        CartLine.objects.filter(cart_id=cart_id)
        .select_related("listing__product", "listing__variant", "listing__merchant")
        .order_by("pk")
    )


def consumer_checkout(consumer: Consumer, checkout_id: int) -> Checkout | None:
    """The shopper's own checkout, or None (someone else's is as good as missing)."""
    return Checkout.objects.filter(pk=checkout_id, consumer=consumer).first()


def consumer_orders(consumer_id: int, market_code: str = "") -> QuerySet[Order]:
    """The shopper's orders, newest first, with their merchant; one market's when given."""
    orders = Order.objects.filter(consumer_id=consumer_id).select_related("merchant")
    if market_code:
        orders = orders.filter(market_id=market_code)
    return orders.order_by("-created_at", "-pk")


def merchant_orders(merchant_id: int, status: str = "") -> QuerySet[Order]:
    """The merchant's orders, newest first, with their shipment (a list shows its state)."""
    orders = Order.objects.filter(merchant_id=merchant_id).select_related("shipment")
    if status:
        orders = orders.filter(status=status)
    return orders.order_by("-created_at", "-pk")


def checkout_orders(checkout: Checkout) -> list[Order]:
    """A checkout's orders (one per merchant), in the order they were placed."""
    return list(checkout.orders.order_by("pk"))


def checkout_orders_with_lines(checkout: Checkout) -> list[Order]:
    """The same, each with its merchant and lines loaded (the API shows them all)."""
    orders = checkout.orders.select_related("merchant").prefetch_related("lines")
    return list(orders.order_by("pk"))


def merchant_orders_with_lines(
    merchant_id: int, status: str, *, offset: int, limit: int
) -> list[Order]:
    """A page of `merchant_orders`, each with its merchant and lines loaded."""
    orders = merchant_orders(merchant_id, status).select_related("merchant")
    return list(orders.prefetch_related("lines")[offset : offset + limit])


def order_lines(order: Order) -> list[OrderLine]:
    return list(order.lines.all())  # .all() keeps order_detail's prefetch


def order_history(order: Order) -> list[OrderStatusChange]:
    """Every status the order went through, in the model's order."""
    return list(order.history.all())


def order_by_number(number: str, *, merchant_id: int | None = None) -> Order | None:
    """The order with this number; with `merchant_id`, only if that merchant sold it."""
    orders = Order.objects.filter(number=number)
    if merchant_id is not None:
        orders = orders.filter(merchant_id=merchant_id)
    return orders.first()


def order_detail(number: str) -> Order | None:
    return (
        Order.objects.filter(number=number)
        .select_related("merchant")
        .prefetch_related("lines", "history")
        .first()
    )
