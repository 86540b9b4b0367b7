from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from tradelane.campaigns.checkout import order_not_paid, order_refunded
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.services.quota import quota_give_back, quota_take_many
from tradelane.inventory.services import reservations_release
from tradelane.orders import rules
from tradelane.orders.errors import IllegalOrderTransition
from tradelane.orders.models import Checkout, CheckoutStatus, Order, OrderStatus, OrderStatusChange
from tradelane.outbox.rules import EVENT_TYPES
from tradelane.outbox.services import EventSpec, events_emit

RELEASES_STOCK = {OrderStatus.CANCELED, OrderStatus.EXPIRED}


@transaction.atomic
def order_set_status(*, order_id: int, to_status: str, actor: str, reason: str = "") -> Order:
    """The one way an order's status changes: locked, checked against the table, recorded."""
    order = Order.objects.select_for_update().get(pk=order_id)
    _check_transition(order, to_status)
    now, order_from = clock.now(), order.status
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
    _after_change([order], {order.pk: order_from})
    return order


@transaction.atomic
def orders_set_status(
    *,
    order_ids: list[int],
    to_status: str,
    actor: str,
    reason: str = "",
    reasons: dict[int, str] | None = None,
) -> list[Order]:
    """`order_set_status` for several orders at once (a checkout's orders when it is paid):
    one lock, one history insert and one UPDATE for all; all change or none (the caller's
    transaction rolls back on a refusal). The rows stay locked until commit, so the UPDATE
    cannot overwrite a change made since the check. `reasons` gives an order its own reason."""
    orders = list(Order.objects.select_for_update().filter(pk__in=order_ids).order_by("pk"))
    if len(orders) != len(set(order_ids)):
        raise Order.DoesNotExist("an order of the batch does not exist")
    for order in orders:
        _check_transition(order, to_status)
    now, previous = clock.now(), {order.pk: order.status for order in orders}
    OrderStatusChange.objects.bulk_create(
        OrderStatusChange(
            order=order,
            from_status=order.status,
            to_status=to_status,
            actor=actor,
            reason=(reasons or {}).get(order.pk, reason),
            at=now,
        )
        for order in orders
    )
    Order.objects.filter(pk__in=previous).update(status=to_status, updated_at=now)
    for order in orders:
        order.status, order.updated_at = to_status, now
    _after_change(orders, previous)
    return orders


def _check_transition(order: Order, to_status: str) -> None:
    if not rules.can_transition(order.status, to_status):
        raise IllegalOrderTransition(
            _("An order that is %(from)s cannot become %(to)s.")
            % {"from": order.status, "to": to_status},
            extra={"order": order.number, "status": order.status},
        )


def _after_change(orders: list[Order], previous: dict[int, str]) -> None:
    """What a status brings with it (the orders share their new status): stock released,
    quota taken or given back, the events."""
    if not orders:
        return  # an empty batch: another worker took every order first
    to_status = orders[0].status
    for order in orders:
        if to_status in RELEASES_STOCK:
            reservations_release(reference=order.number, expired=to_status == OrderStatus.EXPIRED)
            order_not_paid(order.number)
        elif to_status == OrderStatus.REFUNDED:
            quota_give_back(order)
            order_refunded(order.number)
    if to_status == OrderStatus.PAID:
        quota_take_many(orders)
    _emit_status_events(orders, previous)


def _emit_status_events(orders: list[Order], previous: dict[int, str]) -> None:
    event_type = f"order.{orders[0].status}"
    if event_type not in EVENT_TYPES:
        return
    events_emit(
        [EventSpec(event_type, o.merchant_id, _event_data(o, previous[o.pk])) for o in orders]
    )


def _event_data(order: Order, from_status: str) -> dict[str, str]:
    total = Money.from_minor(order.total_minor, order.currency)
    return {
        "order": order.number,
        "status": order.status,
        "previous_status": from_status,
        "amount": str(total.amount),
        "currency": order.currency,
        "settlement_currency": order.settlement_currency,
    }


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
