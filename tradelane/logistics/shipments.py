"""Shipments: one parcel per paid China order, routed by the planner's fast path over the
partner network, with an S10 waybill, partner legs, a label, and the first provenance link
(packed by the producer)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count

from tradelane.core import clock
from tradelane.logistics import rules
from tradelane.logistics.models import Lane, Node, Shipment, ShipmentLeg
from tradelane.logistics.network import planning_network
from tradelane.logistics.partners.registry import carrier
from tradelane.logistics.planner import (
    Network,
    ParcelSpec,
    Plan,
    Route,
    cheapest_route,
    plan_batch,
)
from tradelane.logistics.tracking import event_record
from tradelane.orders.models import Order, OrderLine, OrderStatus
from tradelane.orders.services import order_set_status

logger = logging.getLogger(__name__)

PROMISE_HOURS = {"9610": 240, "1210": 96}


def _origin(order: Order, lines: list[OrderLine]) -> str:
    if order.customs_mode == "1210":
        city = lines[0].reservation.stock_item.location.city if lines[0].reservation else ""
        return rules.bonded_node(city)
    return rules.pickup_region(order.merchant.country, order.merchant.region)


def parcel_for(order: Order) -> ParcelSpec:
    lines = list(
        order.lines.select_related("variant__product", "reservation__stock_item__location")
    )
    temperature = rules.coldest([ln.variant.product.temperature_class for ln in lines])
    province = order.shipping_address["province"]
    destination = (
        Node.objects.filter(kind="last_mile", region=province)
        .values_list("code", flat=True)
        .first()
        or ""
    )
    mode = order.customs_mode or "9610"
    return ParcelSpec(
        id=order.number,
        origin=_origin(order, lines),
        destination=destination,
        weight_g=sum(ln.variant.weight_g * ln.quantity for ln in lines),
        temperature_class=temperature,
        promise_hours=PROMISE_HOURS[mode],
        customs_mode=mode,
    )


def shipment_open(order: Order, network: Network | None = None) -> Shipment | None:
    """Route the order's parcel and hand it to the first partner; None if no route exists."""
    parcel = parcel_for(order)
    route = _accepted_route(network or planning_network(), parcel)
    if route is None:
        logger.warning("order %s has no route: %s", order.number, parcel)
        return None
    try:
        with transaction.atomic():
            shipment = _create(order, parcel, route)
    except IntegrityError:  # another worker opened it
        return Shipment.objects.filter(order=order).first()
    event_record(
        waybill=shipment.pk,
        source=f"merchant:{order.merchant_id}",
        source_event_id="packed",
        kind="packed",
        occurred_at=shipment.created_at,
        location=parcel.origin,
        description=f"packed by {order.merchant.trading_name}",
    )
    return shipment


def _accepted_route(network: Network, parcel: ParcelSpec, attempts: int = 4) -> Route | None:
    """Plan, offer each leg to its partner, and re-plan around any lane that refuses."""
    refused: set[str] = set()
    start = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    for _ in range(attempts):
        route = cheapest_route(network, parcel, frozenset(refused))
        if route is None:
            return None
        booked = dict(
            ShipmentLeg.objects.filter(lane__code__in=route.codes, shipment__created_at__gte=start)
            .values_list("lane__code")
            .annotate(n=Count("pk"))
        )
        no = [
            lane.code
            for lane in route.lanes
            if not carrier(lane.partner).accept(
                lane.code,
                parcel.id,
                day=start.date(),
                booked_today=booked.get(lane.code, 0),
                capacity=lane.capacity_parcels,
            )
        ]
        if not no:
            return route
        logger.info("partners refused %s for %s; re-planning", no, parcel.id)
        refused.update(no)
    return None


def _create(order: Order, parcel: ParcelSpec, route: Route) -> Shipment:
    now = clock.now()
    lanes = {lane.code: lane for lane in Lane.objects.filter(code__in=route.codes)}
    shipment = Shipment.objects.create(
        waybill=rules.waybill_number(order.pk, order.merchant.country),
        order=order,
        merchant_id=order.merchant_id,
        customs_mode=parcel.customs_mode,
        temperature_class=parcel.temperature_class,
        weight_g=parcel.weight_g,
        origin=Node.objects.get(code=parcel.origin),
        destination=Node.objects.get(code=parcel.destination),
        cost_minor=int(route.cost(parcel.weight_g).quantize(Decimal(1))),
        eta=now + timedelta(hours=route.mean_hours),
        created_at=now,
    )
    ShipmentLeg.objects.bulk_create(
        [
            ShipmentLeg(
                shipment=shipment,
                sequence=i,
                lane=lanes[code],
                partner_id=lanes[code].partner_id,
            )
            for i, code in enumerate(route.codes, start=1)
        ]
    )
    order_set_status(
        order_id=order.pk,
        to_status=OrderStatus.IN_FULFILMENT,
        actor="system:logistics",
        reason=f"waybill {shipment.pk}",
    )
    return shipment


def shipments_open(*, limit: int = 200) -> int:
    """Open a shipment for each paid China order without one."""
    orders = list(
        Order.objects.filter(market_id="CN", status=OrderStatus.PAID, shipment__isnull=True)
        .select_related("merchant")
        .order_by("pk")[:limit]
    )
    if not orders:
        return 0
    network = planning_network()
    return sum(1 for order in orders if shipment_open(order, network) is not None)


def shipments_replan() -> Plan:
    """The batch run: re-plan every parcel not yet picked up, together, against lane capacity;
    parcels whose best route changed get their new legs."""
    waiting = list(Shipment.objects.filter(status="pending").select_related("order__merchant"))
    network = planning_network()
    parcels = {s.pk: parcel_for(s.order) for s in waiting}
    plan = plan_batch(network, [replace(p, id=waybill) for waybill, p in parcels.items()])
    lanes = {lane.code: lane for lane in Lane.objects.filter(code__in=network.lanes)}
    for shipment in waiting:
        route = plan.assignments.get(shipment.pk)
        current = tuple(shipment.legs.order_by("sequence").values_list("lane__code", flat=True))
        if route is None or route.codes == current:
            continue
        with transaction.atomic():
            shipment.legs.all().delete()
            ShipmentLeg.objects.bulk_create(
                [
                    ShipmentLeg(
                        shipment=shipment, sequence=i, lane=lanes[c], partner_id=lanes[c].partner_id
                    )
                    for i, c in enumerate(route.codes, start=1)
                ]
            )
            Shipment.objects.filter(pk=shipment.pk).update(
                cost_minor=int(route.cost(shipment.weight_g).quantize(Decimal(1)))
            )
    return plan
