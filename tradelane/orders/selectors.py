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


def order_lines(order: Order) -> list[OrderLine]:
    return list(order.lines.all())  # .all() keeps order_detail's prefetch


def order_history(order: Order) -> list[OrderStatusChange]:
    """Every status the order went through, in the model's order."""
    return list(order.history.all())


def order_detail(number: str) -> Order | None:
    return (
        Order.objects.filter(number=number)
        .select_related("merchant")
        .prefetch_related("lines", "history")
        .first()
    )
