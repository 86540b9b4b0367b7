"""Returns of parcels a national post delivered at home: the shopper asks within the window,
the merchant approves (a returns label from the same post, addressed to the merchant's
account) or declines, and when the post delivers the parcel back the shopper is refunded in
full through the refund service, the stock put back if the merchant said so. Each step is an
order status, so the order's history shows the return; the return parcel's scans extend the
outbound parcel's provenance chain."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.errors import NotFound
from tradelane.fulfilment.errors import (
    PostRefused,
    ReturnAlreadyRequested,
    ReturnNotAllowed,
    ReturnNotPending,
)
from tradelane.fulfilment.services.domestic import poll_every
from tradelane.fulfilment.services.tracking import event_record
from tradelane.inventory.services import reservations_return
from tradelane.logistics import rules
from tradelane.logistics.models import ReturnRequest, ReturnStatus, Shipment
from tradelane.logistics.partners.auspost import mapper
from tradelane.logistics.partners.registry import post
from tradelane.orders.models import Order, OrderStatus
from tradelane.orders.services import order_set_status
from tradelane.payments.models import RefundReason
from tradelane.payments.services.refunds import refund_order

logger = logging.getLogger(__name__)


def return_offer(order: Order, now: datetime | None = None) -> str | None:
    """Why the shopper cannot ask for a return of this order now, or None if they can."""
    shipment = Shipment.objects.filter(order=order).first()
    delivered = shipment.status_at if shipment and shipment.status == "delivered" else None
    if ReturnRequest.objects.filter(order=order).exists():
        return "a return was already requested"
    return rules.return_problem(
        order_status=order.status,
        parcel_post=shipment.post if shipment else "",
        abroad=order.market_id != order.merchant.country,
        delivered_at=delivered,
        now=now or clock.now(),
    )


def return_request(*, consumer: Consumer, order_number: str, reason: str) -> ReturnRequest:
    """The shopper asks to send a delivered order back; refused with the reason (nothing
    written) outside the window or for a parcel that cannot come back by post."""
    reason = " ".join(reason.split())[:200]
    if not reason:
        raise ReturnNotAllowed(
            _("Tell the merchant why you are returning the order."), fields={"reason": []}
        )
    order = (
        Order.objects.filter(consumer=consumer, number=order_number)
        .select_related("merchant")
        .first()
    )
    if order is None:
        raise NotFound(_("No such order."), code="order_not_found")
    problem = return_offer(order)
    if problem is not None:
        raise ReturnNotAllowed(
            _("This order cannot be returned: %(p)s.") % {"p": problem}, fields={"order": []}
        )
    try:
        with transaction.atomic():
            request = ReturnRequest.objects.create(
                order=order,
                merchant_id=order.merchant_id,
                reason=reason,
                requested_at=clock.now(),
            )
            # Locks the order and checks the table: a refund made meanwhile wins.
            order_set_status(
                order_id=order.pk,
                to_status=OrderStatus.RETURN_REQUESTED,
                actor=f"consumer:{consumer.pk}",
                reason=reason,
            )
    except IntegrityError as twice:
        raise ReturnAlreadyRequested(_("A return of this order was already requested.")) from twice
    return request


def _pending(merchant_id: int, order_number: str) -> ReturnRequest:
    found = (
        ReturnRequest.objects.filter(merchant_id=merchant_id, order__number=order_number)
        .select_related("order__merchant")
        .first()
    )
    if found is None:
        raise NotFound(_("No return was requested for this order."), code="return_not_found")
    if found.status != ReturnStatus.REQUESTED:
        raise ReturnNotPending(
            _("This return was already decided (%(s)s).") % {"s": found.get_status_display()}
        )
    return found


def _returns_label(request: ReturnRequest) -> mapper.Booked:
    order = request.order
    merchant, address = order.merchant, order.shipping_address
    partner = rules.POST_OF_COUNTRY[merchant.country]
    settings = post(partner).settings
    lines = list(order.lines.select_related("variant"))
    length, width, height = rules.parcel_box(
        [
            (ln.variant.length_mm, ln.variant.width_mm, ln.variant.height_mm, ln.quantity)
            for ln in lines
        ]
    )
    body = mapper.shipment_body(
        mapper.ShipmentRequest(
            reference=f"{order.number}-R",
            sender=mapper.PostAddress(
                name=address.get("recipient", "")[:40],
                lines=(address.get("line1", ""),),
                suburb=address.get("city", ""),
                state=address.get("province", ""),
                postcode=address.get("postcode", ""),
                country=address["country"],
                phone=address.get("phone", ""),
            ),
            receiver=mapper.PostAddress(
                name=merchant.trading_name[:40],
                lines=("Returns, on the merchant's account",),
                suburb=merchant.region or merchant.country,
                state=merchant.region,
                postcode="",
                country=merchant.country,
            ),
            parcel=mapper.Parcel(
                length, width, height, sum(ln.variant.weight_g * ln.quantity for ln in lines)
            ),
            product_id=settings.returns_product,
        )
    )
    answer = mapper.booked_or_refused(*post(partner).create_shipments(body))
    if isinstance(answer, mapper.Refused):
        raise PostRefused(
            _("The post refused the returns label: %(m)s") % {"m": answer.message},
            extra={"post_error": answer.code},
        )
    return answer


def return_approve(
    *, merchant_id: int, order_number: str, restock: bool, actor: str
) -> ReturnRequest:
    """Book the returns label and send the order's status on; `restock` is the merchant's word
    that the goods go back on the shelf when they arrive."""
    request = _pending(merchant_id, order_number)
    booked = _returns_label(request)
    partner = rules.POST_OF_COUNTRY[request.order.merchant.country]
    with transaction.atomic():
        claimed = ReturnRequest.objects.filter(pk=request.pk, status=ReturnStatus.REQUESTED).update(
            status=ReturnStatus.IN_TRANSIT,
            restock=restock,
            post=partner,
            tracking_number=booked.article_id,
            decided_at=clock.now(),
        )
        if not claimed:
            raise ReturnNotPending(_("This return was already decided."))
        order_set_status(
            order_id=request.order_id,
            to_status=OrderStatus.RETURN_IN_TRANSIT,
            actor=actor,
            reason=f"returns label {partner} {booked.article_id}",
        )
    request.refresh_from_db()
    return request


def return_decline(
    *, merchant_id: int, order_number: str, reason: str, actor: str
) -> ReturnRequest:
    request = _pending(merchant_id, order_number)
    with transaction.atomic():
        if not ReturnRequest.objects.filter(pk=request.pk, status=ReturnStatus.REQUESTED).update(
            status=ReturnStatus.DECLINED, decided_at=clock.now()
        ):
            raise ReturnNotPending(_("This return was already decided."))
        order_set_status(
            order_id=request.order_id,
            to_status=OrderStatus.COMPLETED,
            actor=actor,
            reason=f"return declined: {' '.join(reason.split())}"[:200],
        )
    request.refresh_from_db()
    return request


def return_receive(request: ReturnRequest, *, at: datetime, actor: str) -> ReturnRequest:
    """The parcel is back: refund everything not yet refunded (the refund service's own key,
    so a repeat gets the one refund), put the units back if the merchant said so, once."""
    with transaction.atomic():
        locked = ReturnRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != ReturnStatus.IN_TRANSIT:
            return locked
        order = Order.objects.get(pk=locked.order_id)
        refund = refund_order(
            order=order,
            amount=None,
            reason=RefundReason.CUSTOMER_REQUEST,
            request_id=f"return:{locked.pk}",
            actor=actor,
            scope="system:returns",
        )
        if locked.restock:
            reservations_return(reference=order.number)
        ReturnRequest.objects.filter(pk=locked.pk).update(
            status=ReturnStatus.REFUNDED, refund=refund, received_at=at
        )
    request.refresh_from_db()
    return request


def returns_sync(*, limit: int = 500) -> int:
    """Ask the posts about the return parcels on their way; each scan joins the outbound
    parcel's provenance chain (no status change there: that parcel was delivered), and the
    post's delivery back to the merchant refunds. Returns the number refunded."""
    now = clock.now()
    batch = list(
        ReturnRequest.objects.filter(status=ReturnStatus.IN_TRANSIT)
        .filter(Q(synced_at__isnull=True) | Q(synced_at__lte=now - poll_every()))
        .order_by(F("synced_at").asc(nulls_first=True), "pk")
        .select_related("order__shipment")[:limit]
    )
    refunded = 0
    for request in batch:
        body = post(request.post).track(
            [request.tracking_number],
            lodged={request.tracking_number: request.decided_at or now},
            now=now,
        )
        events, _errors = mapper.tracking_events(body)
        for e in events:
            event_record(
                waybill=request.order.shipment.pk,
                source=request.post,
                source_event_id=f"return:{e.article_id}:{e.occurred_at.isoformat()}"[:80],
                kind="return",
                location=e.location,
                description=f"return: {e.description}"[:200],
                occurred_at=e.occurred_at,
            )
            if mapper.status_of(e.description) == "delivered":
                return_receive(request, at=e.occurred_at, actor=f"partner:{request.post}")
                refunded += 1
    ReturnRequest.objects.filter(pk__in=[r.pk for r in batch]).update(synced_at=now)
    return refunded
