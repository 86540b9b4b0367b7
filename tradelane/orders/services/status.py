from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from tradelane.core import clock
from tradelane.inventory.services import reservations_release
from tradelane.orders import rules
from tradelane.orders.errors import IllegalOrderTransition
from tradelane.orders.models import Checkout, CheckoutStatus, Order, OrderStatus, OrderStatusChange

RELEASES_STOCK = {OrderStatus.CANCELED, OrderStatus.EXPIRED}


@transaction.atomic
def order_set_status(*, order_id: int, to_status: str, actor: str, reason: str = "") -> Order:
    """The one way an order's status changes: locked, checked against the table, recorded."""
    order = Order.objects.select_for_update().get(pk=order_id)
    if not rules.can_transition(order.status, to_status):
        raise IllegalOrderTransition(
            _("An order that is %(from)s cannot become %(to)s.")
            % {"from": order.status, "to": to_status},
            extra={"order": order.number, "status": order.status},
        )
    now = clock.now()
    OrderStatusChange.objects.create(
        order=order,
        from_status=order.status,
        to_status=to_status,
        actor=actor,
        reason=reason,
        at=now,
    )
    order.status = to_status
    order.updated_at = now
    order.save(update_fields=["status", "updated_at"])
    if to_status in RELEASES_STOCK:
        reservations_release(reference=order.number, expired=to_status == OrderStatus.EXPIRED)
    return order


def _close_checkout_if_unpaid(checkout_id: int) -> None:
    statuses = set(Order.objects.filter(checkout_id=checkout_id).values_list("status", flat=True))
    if statuses <= {OrderStatus.EXPIRED}:
        Checkout.objects.filter(pk=checkout_id, status=CheckoutStatus.AWAITING_PAYMENT).update(
            status=CheckoutStatus.EXPIRED
        )


def orders_expire_unpaid(*, now: datetime | None = None, batch: int = 500) -> int:
    """Expire orders whose payment window closed, giving their stock back."""
    moment = now or clock.now()
    due = list(
        Order.objects.filter(
            status=OrderStatus.AWAITING_PAYMENT, expires_at__lte=moment
        ).values_list("pk", "checkout_id")[:batch]
    )
    expired = 0
    for order_id, checkout_id in due:
        try:
            order_set_status(
                order_id=order_id,
                to_status=OrderStatus.EXPIRED,
                actor="system:expiry",
                reason="payment window closed",
            )
        except IllegalOrderTransition:
            continue  # paid or canceled meanwhile: nothing to release
        _close_checkout_if_unpaid(checkout_id)
        expired += 1
    return expired
