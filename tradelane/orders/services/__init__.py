from tradelane.orders.services.cart import cart_for, cart_set_line
from tradelane.orders.services.checkout import checkout_place, checkout_quote
from tradelane.orders.services.status import order_set_status, orders_expire_unpaid

__all__ = [
    "cart_for",
    "cart_set_line",
    "checkout_place",
    "checkout_quote",
    "order_set_status",
    "orders_expire_unpaid",
]
