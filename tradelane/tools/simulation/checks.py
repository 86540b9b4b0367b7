"""What must hold after a simulated campaign, checked against the database itself: money
balanced, no stock or quota overdrawn, every paid order accounted for, cold goods kept cold and
bonded, every delivered parcel's journey complete and its provenance chain intact."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q

from tradelane.customs.models import QuotaUse
from tradelane.customs.services.quota import annual_limit_minor
from tradelane.fulfilment.services.tracking import chain_verification
from tradelane.inventory.models import StockItem
from tradelane.logistics.models import Shipment
from tradelane.orders.models import Order, OrderStatus
from tradelane.payments.invariant import ledger_invariant

UNPAID = (OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELED, OrderStatus.EXPIRED)
ARRIVED = (OrderStatus.DELIVERED, OrderStatus.COMPLETED)
JOURNEY = ("packed", "picked_up", "customs", "delivered")
POST_JOURNEY = ("packed", "picked_up", "delivered")  # a national post's parcel: no China customs


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def paid_orders(start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    return Order.objects.filter(created_at__gte=start, created_at__lt=end).exclude(
        status__in=UNPAID
    )


def ledger_balanced() -> Check:
    report = ledger_invariant()
    return Check(
        "ledger balanced per currency",
        report.ok,
        f"{report.transfers} transfers over {report.accounts} accounts; "
        f"unbalanced: {report.unbalanced_currencies or 'none'}",
    )


def no_oversell() -> Check:
    bad = StockItem.objects.filter(
        Q(on_hand__lt=0) | Q(reserved__lt=0) | Q(reserved__gt=F("on_hand"))
    ).count()
    return Check("no oversell", bad == 0, f"{bad} stock items below zero or over-reserved")


def no_over_quota() -> Check:
    limit = annual_limit_minor()
    over = QuotaUse.objects.filter(used_minor__gt=limit).count()
    top = QuotaUse.objects.order_by("-used_minor").values_list("used_minor", flat=True).first()
    return Check(
        "no identity over the CBEC annual limit",
        over == 0,
        f"{over} over; highest use {(top or 0) / 100:,.2f} of {limit / 100:,.0f} CNY",
    )


def orders_accounted(start: datetime, end: datetime) -> tuple[Check, Counter[str]]:
    """Every paid order, of every market, is delivered, in flight (its parcel still moving,
    with the network or with a national post; or a return on its way back) or refunded;
    anything else is stuck."""
    where: Counter[str] = Counter()
    for order in paid_orders(start, end).select_related("shipment"):
        where[_whereabouts(order)] += 1
    stuck = where["stuck"]
    return (
        Check(
            "every paid order delivered, in flight or refunded",
            stuck == 0,
            ", ".join(f"{n} {k}" for k, n in sorted(where.items())),
        ),
        where,
    )


def _whereabouts(order: Order) -> str:
    if order.status in ARRIVED:
        return "delivered"
    if order.status == OrderStatus.REFUNDED:
        return "refunded"
    if order.status in (OrderStatus.RETURN_REQUESTED, OrderStatus.RETURN_IN_TRANSIT):
        return "returning"  # delivered, on its way back to a refund
    shipment = getattr(order, "shipment", None)
    if shipment is not None and shipment.status not in ("delivered", "returned"):
        return "in flight"
    return "stuck"


def cold_goods_cold_and_bonded(start: datetime, end: datetime) -> Check:
    # China's import rules: bonded and cold lanes. A parcel at home or abroad with a post has neither.
    cold = Shipment.objects.filter(
        created_at__gte=start, created_at__lt=end, post="", order__lines__variant__product__temperature_class__in=("chilled", "frozen")
    ).distinct()  # fmt: skip
    wrong = 0
    for shipment in cold.prefetch_related("legs__lane"):
        cold_lanes = all(
            shipment.temperature_class in leg.lane.temperature_classes
            for leg in shipment.legs.all()
        )
        bonded_cold = shipment.customs_mode == "1210" and shipment.temperature_class != "ambient"
        wrong += not (bonded_cold and cold_lanes)
    return Check(
        "fresh goods only via bonded import, only on cold-chain lanes",
        wrong == 0,
        f"{cold.count()} parcels with fresh goods; {wrong} off the cold chain or not bonded",
    )


def journeys_complete(start: datetime, end: datetime) -> Check:
    delivered = Shipment.objects.filter(
        created_at__gte=start, created_at__lt=end, status="delivered"
    )
    incomplete = broken = 0
    for shipment in delivered.prefetch_related("events"):
        kinds = {e.kind for e in shipment.events.all()} | {e.status for e in shipment.events.all()}
        if not all(step in kinds for step in (POST_JOURNEY if shipment.post else JOURNEY)):
            incomplete += 1
        if chain_verification(shipment) is not None:
            broken += 1
    total = delivered.count()
    return Check(
        "delivered parcels: packed, picked up, cleared (China), delivered; chain verifies",
        incomplete == 0 and broken == 0,
        f"{total} delivered; {incomplete} with a missing step; {broken} broken chains",
    )


def all_checks(start: datetime, end: datetime) -> tuple[list[Check], Counter[str]]:
    accounted, where = orders_accounted(start, end)
    return [
        ledger_balanced(),
        no_oversell(),
        no_over_quota(),
        accounted,
        cold_goods_cold_and_bonded(start, end),
        journeys_complete(start, end),
    ], where
