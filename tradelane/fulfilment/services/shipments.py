"""Shipments: one parcel per paid China order, routed by the planner's fast path over the
partner network, with an S10 waybill, partner legs, a label, and the first provenance link
(packed by the producer)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from tradelane.core import clock

# The hash must cover exactly the fields `event_record` hashes; one definition for both.
from tradelane.fulfilment.services.tracking import _fields as provenance_fields
from tradelane.logistics import rules
from tradelane.logistics.models import Lane, Node, Shipment, ShipmentLeg, TrackingEvent
from tradelane.logistics.partners.registry import carrier
from tradelane.logistics.planner import (
    Network,
    ParcelSpec,
    Plan,
    Route,
    cheapest_route,
    plan_batch,
)
from tradelane.logistics.selectors import planning_network
from tradelane.orders.models import Order, OrderLine, OrderStatus
from tradelane.orders.services.status import orders_set_status

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
    province = order.shipping_address["province"]
    destination = (
        Node.objects.filter(kind="last_mile", region=province)
        .values_list("code", flat=True)
        .first()
        or ""
    )
    return _parcel(order, lines, {province: destination})


def _parcel(order: Order, lines: list[OrderLine], last_mile: dict[str, str]) -> ParcelSpec:
    temperature = rules.coldest([ln.variant.product.temperature_class for ln in lines])
    mode = order.customs_mode or "9610"
    return ParcelSpec(
        id=order.number,
        origin=_origin(order, lines),
        destination=last_mile.get(order.shipping_address["province"], ""),
        weight_g=sum(ln.variant.weight_g * ln.quantity for ln in lines),
        temperature_class=temperature,
        promise_hours=PROMISE_HOURS[mode],
        customs_mode=mode,
    )


def _today_start() -> datetime:
    return clock.now().replace(hour=0, minute=0, second=0, microsecond=0)


def _accepted_route(
    network: Network, parcel: ParcelSpec, booked: dict[str, int], attempts: int = 4
) -> Route | None:
    """Plan, offer each leg to its partner, and re-plan around any lane that refuses."""
    refused: set[str] = set()
    day = _today_start().date()
    for _ in range(attempts):
        route = cheapest_route(network, parcel, frozenset(refused))
        if route is None:
            return None
        no = [
            lane.code
            for lane in route.lanes
            if not carrier(lane.partner).accept(
                lane.code,
                parcel.id,
                day=day,
                booked_today=booked.get(lane.code, 0),
                capacity=lane.capacity_parcels,
            )
        ]
        if not no:
            return route
        logger.info("partners refused %s for %s; re-planning", no, parcel.id)
        refused.update(no)
    return None


def shipments_open(*, limit: int = 200) -> int:
    """Open a shipment for each paid China order without one, as a batch: the orders' lines,
    the nodes, lanes and today's booked legs are read once; routes are planned and offered
    outside any transaction; then one short transaction writes every shipment, its legs and
    its first provenance link, and moves the orders on."""
    orders = list(
        Order.objects.filter(market_id="CN", status=OrderStatus.PAID, shipment__isnull=True)
        .select_related("merchant")
        .order_by("pk")[:limit]
    )
    if not orders:
        return 0
    network = planning_network()
    reference = _BatchReference.read(network)
    lines = _lines_by_order([order.pk for order in orders])
    planned = []
    for order in orders:
        parcel = _parcel(order, lines.get(order.pk, []), reference.last_mile)
        route = _accepted_route(network, parcel, reference.booked)
        if route is None:
            logger.warning("order %s has no route: %s", order.number, parcel)
            continue
        for code in route.codes:
            reference.booked[code] = reference.booked.get(code, 0) + 1
        planned.append((order, parcel, route))
    return _create_batch(planned, reference)


@dataclass
class _BatchReference:
    """What every parcel of a batch needs from the database, read once per batch."""

    nodes: dict[str, Node]
    last_mile: dict[str, str]  # province -> the first last-mile node's code
    lanes: dict[str, Lane]
    booked: dict[str, int]  # legs booked today per lane, grown as this batch books

    @classmethod
    def read(cls, network: Network) -> _BatchReference:
        nodes = {node.code: node for node in Node.objects.all()}
        last_mile: dict[str, str] = {}
        for code in sorted(nodes):
            if nodes[code].kind == "last_mile":
                last_mile.setdefault(nodes[code].region, code)
        booked = dict(
            ShipmentLeg.objects.filter(shipment__created_at__gte=_today_start())
            .values_list("lane__code")
            .annotate(n=Count("pk"))
        )
        lanes = {lane.code: lane for lane in Lane.objects.filter(code__in=network.lanes)}
        return cls(nodes, last_mile, lanes, booked)


def _lines_by_order(order_ids: list[int]) -> dict[int, list[OrderLine]]:
    found: dict[int, list[OrderLine]] = {}
    for line in OrderLine.objects.filter(order_id__in=order_ids).select_related(
        "variant__product", "reservation__stock_item__location"
    ):
        found.setdefault(line.order_id, []).append(line)
    return found


def _create_batch(planned: list[tuple[Order, ParcelSpec, Route]], ref: _BatchReference) -> int:
    """Write the planned shipments of the orders still paid and unshipped: locked first (a
    concurrent run skips them and finds them shipped once this commits)."""
    if not planned:
        return 0
    with transaction.atomic():
        still = set(
            Order.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                pk__in=[order.pk for order, _p, _r in planned],
                status=OrderStatus.PAID,
                shipment__isnull=True,
            )
            .values_list("pk", flat=True)
        )
        now, todo = clock.now(), [plan for plan in planned if plan[0].pk in still]
        shipments, legs, packed = [], [], []
        for order, parcel, route in todo:
            shipment = _shipment(order, parcel, route, ref, now)
            packed.append(_packed(shipment, order, parcel))  # sets the chain head
            shipments.append(shipment)
            legs += _legs(shipment, route, ref)
        Shipment.objects.bulk_create(shipments)
        ShipmentLeg.objects.bulk_create(legs)
        TrackingEvent.objects.bulk_create(packed)
        orders_set_status(
            order_ids=[order.pk for order, _p, _r in todo],
            to_status=OrderStatus.IN_FULFILMENT,
            actor="system:logistics",
            reasons={shipment.order_id: f"waybill {shipment.pk}" for shipment in shipments},
        )
    return len(todo)


def _shipment(
    order: Order, parcel: ParcelSpec, route: Route, ref: _BatchReference, now: datetime
) -> Shipment:
    # The ETA as the first event computes it: creation plus every remaining leg's mean transit.
    hours = sum(ref.lanes[code].transit_mean_hours for code in route.codes)
    return Shipment(
        waybill=rules.waybill_number(order.pk, order.merchant.country),
        order=order,
        merchant_id=order.merchant_id,
        customs_mode=parcel.customs_mode,
        temperature_class=parcel.temperature_class,
        weight_g=parcel.weight_g,
        origin=ref.nodes[parcel.origin],
        destination=ref.nodes[parcel.destination],
        cost_minor=int(route.cost(parcel.weight_g).quantize(Decimal(1))),
        eta=now + timedelta(hours=hours),
        created_at=now,
    )


def _legs(shipment: Shipment, route: Route, ref: _BatchReference) -> list[ShipmentLeg]:
    return [
        ShipmentLeg(
            shipment=shipment,
            sequence=i,
            lane=ref.lanes[code],
            partner_id=ref.lanes[code].partner_id,
        )
        for i, code in enumerate(route.codes, start=1)
    ]


def _packed(shipment: Shipment, order: Order, parcel: ParcelSpec) -> TrackingEvent:
    """The first provenance link, as `event_record` writes it for a parcel with no events."""
    event = TrackingEvent(
        shipment=shipment,
        source=f"merchant:{order.merchant_id}",
        source_event_id="packed",
        kind="packed",
        location=parcel.origin[:60],
        description=f"packed by {order.merchant.trading_name}"[:200],
        occurred_at=shipment.created_at,
        received_at=clock.now(),
        previous_hash=rules.GENESIS,
    )
    event.hash = rules.chain_hash(event.previous_hash, provenance_fields(event))
    shipment.chain_head = event.hash
    return event


def shipments_replan() -> Plan:
    """The batch run: re-plan every parcel not yet picked up, together, against lane capacity;
    parcels whose best route changed get their new legs."""
    waiting = list(
        Shipment.objects.filter(status="pending", post="").select_related("order__merchant")
    )
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
