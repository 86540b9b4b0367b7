"""Parcels outside China: an order on the AU, NZ, SG or MY storefront travels with the
merchant's national post (Southern Cross Post in Australia, Kiwi Post in New Zealand), either
on a label the platform books through the post's parcel API, or lodged by the merchant who
then enters the post's tracking number. Either way the parcel gets a waybill and is tracked
through the post to the door, which moves the order to delivered."""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tradelane.core import clock
from tradelane.core.errors import NotFound
from tradelane.fulfilment.errors import (
    OrderNotShippable,
    PostRefused,
    TrackingNumberInvalid,
    TrackingNumberUsed,
)
from tradelane.fulfilment.services.tracking import event_record
from tradelane.logistics import rules
from tradelane.logistics.models import Node, Shipment, TrackingEvent
from tradelane.logistics.partners.auspost import mapper
from tradelane.logistics.partners.carrier.settings import demo_time_factor
from tradelane.logistics.partners.registry import post
from tradelane.markets.selectors import fx_mid_rate
from tradelane.orders.models import Order, OrderLine, OrderStatus
from tradelane.orders.services import order_set_status

logger = logging.getLogger(__name__)

DONE = ("delivered", "returned")
POLL_EVERY = timedelta(hours=2)


def poll_every() -> timedelta:
    # At demo speed the posts' journey takes minutes, so asking every two real hours would
    # show none of it; the poll keeps the same share of the post's time as in real life.
    return POLL_EVERY / demo_time_factor(os.environ)


TRANSIT_HOURS = {"domestic": 72, "international": 168}
PLATFORM, MERCHANT = "platform", "merchant"


def _merchant_order(merchant_id: int, number: str) -> Order:
    order = (
        Order.objects.filter(merchant_id=merchant_id, number=number)
        .select_related("merchant")
        .first()
    )
    if order is None:  # someone else's order looks exactly like one that does not exist
        raise NotFound(_("No such order."), code="order_not_found")
    return order


def _check_shippable(order: Order) -> None:
    if order.market_id == "CN":
        raise OrderNotShippable(
            _(
                "China orders travel through the platform's network; their parcel is booked once paid."
            )
        )
    if order.status != OrderStatus.PAID or Shipment.objects.filter(order=order).exists():
        raise OrderNotShippable(
            _("Order %(n)s is %(s)s: only a paid order without a parcel can be shipped.")
            % {"n": order.number, "s": order.get_status_display().lower()},
            extra={"status": order.status},
        )


def _lines(order: Order) -> list[OrderLine]:
    return list(order.lines.select_related("variant__product"))


def parcel_request(order: Order, lines: list[OrderLine], partner: str) -> mapper.ShipmentRequest:
    address, merchant = order.shipping_address, order.merchant
    international = address["country"] != merchant.country
    settings = post(partner).settings
    length, width, height = rules.parcel_box(
        [
            (ln.variant.length_mm, ln.variant.width_mm, ln.variant.height_mm, ln.quantity)
            for ln in lines
        ]
    )
    return mapper.ShipmentRequest(
        reference=order.number,
        # Merchants keep no street address here: they lodge at the post's counter in their
        # region, which is what the sender block names.
        sender=mapper.PostAddress(
            name=merchant.trading_name[:40],
            lines=(f"Lodged at {rules.pickup_region(merchant.country, merchant.region)}",),
            suburb=merchant.region or merchant.country,
            state=merchant.region,
            postcode="",
            country=merchant.country,
        ),
        receiver=mapper.PostAddress(
            name=address.get("recipient", "")[:40],
            lines=tuple(x for x in (address.get("line1", ""), address.get("district", "")) if x),
            suburb=address.get("city", ""),
            state=address.get("province", ""),
            postcode=address.get("postcode", ""),
            country=address["country"],
            phone=address.get("phone", ""),
        ),
        parcel=mapper.Parcel(
            length, width, height, sum(ln.variant.weight_g * ln.quantity for ln in lines)
        ),
        product_id=settings.international_product if international else settings.domestic_product,
    )


def label_book(*, merchant_id: int, order_number: str, actor: str) -> Shipment:
    """Book the parcel with the merchant's national post and open its shipment. A refusal
    (say, a postcode that is not in the buyer's state) comes back as the post's message and
    changes nothing."""
    order = _merchant_order(merchant_id, order_number)
    _check_shippable(order)
    partner = rules.POST_OF_COUNTRY[order.merchant.country]
    lines = _lines(order)
    request = parcel_request(order, lines, partner)
    status, body = post(partner).create_shipments(mapper.shipment_body(request))
    answer = mapper.booked_or_refused(status, body)
    if isinstance(answer, mapper.Refused):
        raise PostRefused(
            _("The post refused the parcel: %(m)s") % {"m": answer.message},
            fields={"shipping_address": [answer.message]},
            extra={"post_error": answer.code},
        )
    currency = "AUD" if order.merchant.country == "AU" else "NZD"
    cost = answer.cost * fx_mid_rate(currency, "AUD", clock.now()).rate
    return _open(
        order,
        lines,
        partner,
        answer.article_id,
        shipped_by=PLATFORM,
        cost_minor=int((cost * 100).quantize(Decimal(1))),
        actor=actor,
    )


def mark_shipped(
    *, merchant_id: int, order_number: str, carrier: str, tracking_number: str, actor: str
) -> Shipment:
    """The merchant lodged the parcel itself: its tracking number must be one the post would
    issue (checked before anything is written); the parcel is then tracked like a booked one."""
    number = tracking_number.strip().upper().replace(" ", "")
    problem = rules.tracking_number_problem(carrier, number)
    if problem is not None:
        raise TrackingNumberInvalid(
            _("That is not a tracking number of this carrier: %(p)s.") % {"p": problem},
            fields={"tracking_number": [problem]},
        )
    order = _merchant_order(merchant_id, order_number)
    _check_shippable(order)
    if rules.POST_OF_COUNTRY.get(order.merchant.country) != carrier:
        raise TrackingNumberInvalid(
            _("Parcels from %(c)s are tracked with %(p)s.")
            % {"c": order.merchant.country, "p": rules.POST_OF_COUNTRY[order.merchant.country]},
            fields={"carrier": [carrier]},
        )
    return _open(
        order, _lines(order), carrier, number, shipped_by=MERCHANT, cost_minor=0, actor=actor
    )


def _open(
    order: Order,
    lines: list[OrderLine],
    partner: str,
    article: str,
    *,
    shipped_by: str,
    cost_minor: int,
    actor: str,
) -> Shipment:
    """One transaction: the order is locked and checked again (a concurrent booking or a
    refund wins), the shipment and its first links written, the order moved on."""
    address = order.shipping_address
    international = address["country"] != order.merchant.country
    now = clock.now()
    try:
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            _check_shippable(locked)
            origin = rules.pickup_region(order.merchant.country, order.merchant.region)
            zone = rules.delivery_zone(address["country"], address.get("province", ""))
            shipment = Shipment.objects.create(
                waybill=rules.waybill_number(order.pk, order.merchant.country),
                order=order,
                merchant_id=order.merchant_id,
                customs_mode="",
                temperature_class=rules.coldest(
                    [ln.variant.product.temperature_class for ln in lines]
                ),
                weight_g=sum(ln.variant.weight_g * ln.quantity for ln in lines),
                origin=Node.objects.get(code=origin),
                destination=Node.objects.get(code=zone),
                cost_minor=cost_minor,
                eta=now
                + timedelta(hours=TRANSIT_HOURS["international" if international else "domestic"]),
                created_at=now,
                post=partner,
                tracking_number=article,
                shipped_by=shipped_by,
            )
            event_record(
                waybill=shipment.pk,
                source=f"merchant:{order.merchant_id}",
                source_event_id="packed",
                kind="packed",
                location=origin,
                description=f"packed by {order.merchant.trading_name}"[:200],
                occurred_at=now,
            )
            order_set_status(
                order_id=order.pk,
                to_status=OrderStatus.IN_FULFILMENT,
                actor=actor,
                reason=f"{partner} {article}",
            )
            if shipped_by == MERCHANT:  # handed over already: the order is shipped
                event_record(
                    waybill=shipment.pk,
                    source=f"merchant:{order.merchant_id}",
                    source_event_id="lodged",
                    kind="scan",
                    status="picked_up",
                    location=origin,
                    description=f"lodged with {partner} by the merchant, tracking {article}",
                    occurred_at=now,
                )
    except IntegrityError as clash:
        raise TrackingNumberUsed(
            _("This tracking number is already on another parcel."),
            fields={"tracking_number": [article]},
        ) from clash
    return shipment


def domestic_shipments_sync(*, limit: int = 500) -> int:
    """Ask the posts about each parcel they carry at most every POLL_EVERY, least recently
    asked first; new events extend the provenance chain and move the order along. Returns
    the number of parcels that moved."""
    now = clock.now()
    batch = list(
        Shipment.objects.exclude(post="")
        .exclude(status__in=DONE)
        .filter(Q(synced_at__isnull=True) | Q(synced_at__lte=now - poll_every()))
        .order_by(F("synced_at").asc(nulls_first=True), "created_at")[:limit]
    )
    if not batch:
        return 0
    recorded: dict[str, set[str]] = defaultdict(set)
    for waybill, event_id in TrackingEvent.objects.filter(
        shipment__in=batch, source__in={s.post for s in batch}
    ).values_list("shipment_id", "source_event_id"):
        recorded[waybill].add(event_id)
    by_post: dict[str, list[Shipment]] = defaultdict(list)
    for shipment in batch:
        by_post[shipment.post].append(shipment)
    moved: set[str] = set()
    for partner, shipments in by_post.items():
        waybill_of = {s.tracking_number: s.pk for s in shipments}
        body = post(partner).track(
            list(waybill_of), lodged={s.tracking_number: s.created_at for s in shipments}, now=now
        )
        events, errors = mapper.tracking_events(body)
        for article, error in errors.items():
            logger.warning("%s does not know article %s: %s", partner, article, error)
        for e in events:
            status = mapper.status_of(e.description)
            event_id = f"{e.article_id}:{e.occurred_at.isoformat()}:{e.description}"[:80]
            waybill = waybill_of[e.article_id]
            if status is None or event_id in recorded[waybill]:
                continue
            event_record(
                waybill=waybill,
                source=partner,
                source_event_id=event_id,
                kind="scan",
                status=status,
                location=e.location,
                description=e.description,
                occurred_at=e.occurred_at,
            )
            moved.add(waybill)
    Shipment.objects.filter(pk__in=[s.pk for s in batch]).update(synced_at=now)
    return len(moved)
