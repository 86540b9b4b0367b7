"""The simulated merchants outside China's path: each working hour they pack the paid orders
of the AU, NZ, SG and MY storefronts that have waited long enough, and either book the label
through the platform (most) or lodge the parcel at the post counter themselves and type in
its tracking number. Both go through the same services as the merchant portal."""

from __future__ import annotations

import logging
import random
from collections import Counter
from datetime import timedelta

from tradelane.core import clock
from tradelane.core.errors import ApplicationError
from tradelane.fulfilment.services.domestic import label_book, mark_shipped
from tradelane.fulfilment.services.returns import return_approve, return_offer, return_request
from tradelane.logistics import rules
from tradelane.logistics.models import ReturnRequest, ReturnStatus
from tradelane.orders.models import Order, OrderStatus

logger = logging.getLogger(__name__)

PACK_AFTER = timedelta(hours=3)  # a small shop packs an order a few hours after it is paid
SELF_LODGE_SHARE = 0.25  # merchants who take the parcel to the post office themselves
RETURN_SHARE = 0.04  # delivered home-market orders sent back (change of mind, wrong size)
RETURN_AFTER = timedelta(days=1)


def merchants_ship(rng: random.Random, outcomes: Counter[str], *, limit: int = 500) -> None:
    """Ship every paid order outside China paid at least PACK_AFTER ago; a refusal (the
    post cannot deliver there) is counted and the order left paid, where the invariant
    finds it."""
    due = (
        Order.objects.filter(
            status=OrderStatus.PAID,
            shipment__isnull=True,
            history__to_status=OrderStatus.PAID,
            history__at__lte=clock.now() - PACK_AFTER,
        )
        .exclude(market_id="CN")
        .select_related("merchant")
        .order_by("pk")
        .distinct()[:limit]
    )
    for order in due:
        actor = f"merchant:{order.merchant_id}"
        try:
            if rng.random() < SELF_LODGE_SHARE:
                mark_shipped(
                    merchant_id=order.merchant_id,
                    order_number=order.number,
                    carrier=rules.POST_OF_COUNTRY[order.merchant.country],
                    tracking_number=_counter_article(rng, order),
                    actor=actor,
                )
                outcomes["self_lodged"] += 1
            else:
                label_book(merchant_id=order.merchant_id, order_number=order.number, actor=actor)
                outcomes["label_booked"] += 1
        except ApplicationError as refusal:
            logger.info("order %s not shipped: %s", order.number, refusal)
            outcomes[f"refused:{refusal.code}"] += 1


def _counter_article(rng: random.Random, order: Order) -> str:
    """The number on the post office's receipt: an S10 item for a parcel abroad, else a
    domestic article id under the counter's location."""
    country = order.merchant.country
    if order.market_id != country:
        return rules.waybill_number(rng.randrange(10**8), country, service="CP")
    return rules.domestic_article_id("PO" + country[0], rng.randrange(10**17))


def shoppers_return(rng: random.Random, outcomes: Counter[str], *, limit: int = 200) -> None:
    """A day after delivery a few shoppers send the order back; the merchant approves the next
    time it looks (the same hour here) and puts the goods back on the shelf."""
    now = clock.now()
    delivered = (
        Order.objects.filter(
            status=OrderStatus.COMPLETED,
            return_request__isnull=True,
            shipment__status="delivered",
            shipment__status_at__lte=now - RETURN_AFTER,
            shipment__status_at__gt=now - RETURN_AFTER - timedelta(hours=1),
        )
        .exclude(shipment__post="")
        .select_related("merchant")
        .order_by("pk")[:limit]
    )
    for order in delivered:
        if rng.random() >= RETURN_SHARE or return_offer(order) is not None:
            continue
        return_request(consumer=order.consumer, order_number=order.number, reason="changed mind")
        outcomes["return_requested"] += 1
    for pending in ReturnRequest.objects.filter(status=ReturnStatus.REQUESTED).select_related(
        "order"
    ):
        try:
            return_approve(
                merchant_id=pending.merchant_id,
                order_number=pending.order.number,
                restock=True,
                actor=f"merchant:{pending.merchant_id}",
            )
            outcomes["return_approved"] += 1
        except ApplicationError as refusal:
            outcomes[f"refused:{refusal.code}"] += 1
