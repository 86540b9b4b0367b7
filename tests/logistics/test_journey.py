"""A China order's parcel end to end over the demo network: waybill, legs, customs, scans,
delivery completing the order; the provenance chain verifies and catches tampering."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests import factories
from tests.customs.test_declarations import paid_order
from tradelane.clearance.services.declarations import declarations_run
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.services.identity import identity_register
from tradelane.fulfilment.errors import UnknownScanCode
from tradelane.fulfilment.services.carrier_sync import carriers_sync
from tradelane.fulfilment.services.shipments import shipments_open
from tradelane.fulfilment.services.tracking import (
    chain_verification,
    claim_refund,
    journey,
    partner_events_ingest,
    readings_record,
)
from tradelane.logistics.models import ColdChainClaim, LogisticsPartner, Shipment, TrackingEvent
from tradelane.logistics.partners.carrier.mapper import RawEvent
from tradelane.logistics.rules import s10_check_digit
from tradelane.payments.invariant import ledger_invariant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_MISSED_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_REFUSAL_PERMILLE", "0")
    call_command("load_network", verbosity=0)


def later(hours: float):
    return use_clock(ManualClock(clock.now() + timedelta(hours=hours)))


def test_a_parcel_travels_from_the_producer_to_the_buyer() -> None:
    order = paid_order()
    assert shipments_open() == 1
    shipment = Shipment.objects.get(order=order)
    assert shipment.waybill[10] == s10_check_digit(shipment.waybill[2:10])
    legs = [leg.lane.code for leg in shipment.legs.order_by("sequence")]
    assert legs[0].startswith("AU-NSW>SYD") or legs[0].startswith("AU-")
    assert shipment.customs_mode == "9610"
    order.refresh_from_db()
    assert order.status == "in_fulfilment"
    declarations_run()
    with later(1):
        declarations_run()  # cleared
    with later(24 * 12):
        carriers_sync()
    shipment.refresh_from_db()
    order.refresh_from_db()
    assert shipment.status == "delivered"
    assert order.status == "completed"
    kinds = [e.kind for e in journey(shipment)]
    assert kinds[0] == "packed"
    assert "customs" in kinds
    statuses = [e.status for e in journey(shipment) if e.status]
    assert statuses[-1] == "delivered"
    assert chain_verification(shipment) is None


def test_a_parcel_customs_refuses_is_returned_from_the_gateway() -> None:
    buyer = factories.consumer("CN", identity=False)
    identity_register(consumer=buyer, real_name="王芳", id_number=factories.identity_number(3, 999))
    order = paid_order(buyer)
    shipments_open()
    shipment = Shipment.objects.get(order=order)
    declarations_run()
    with later(1):
        assert declarations_run()["declarations_rejected"] == 1
    with later(24 * 12):
        carriers_sync()
    shipment.refresh_from_db()
    order.refresh_from_db()
    assert (shipment.status, order.status) == ("returned", "refunded")
    steps = [(e.kind, e.status) for e in journey(shipment)]
    assert ("scan", "customs") in steps
    assert steps[-1] == ("scan", "returned")
    assert any("refused by China customs" in e.description for e in journey(shipment))
    assert ("scan", "delivered") not in steps
    assert chain_verification(shipment) is None
    assert ledger_invariant().ok


def test_tampering_with_one_event_is_caught_at_that_event() -> None:
    order = paid_order()
    shipments_open()
    shipment = Shipment.objects.get(order=order)
    with later(24 * 12):
        declarations_run()
        carriers_sync()
    events = list(shipment.events.order_by("pk"))
    target = events[2]
    TrackingEvent.objects.filter(pk=target.pk).update(location="SOMEWHERE-ELSE")
    assert chain_verification(shipment) == 2


def test_duplicate_and_out_of_order_scans_leave_one_journey() -> None:
    order = paid_order()
    shipments_open()
    shipment = Shipment.objects.get(order=order)
    first_partner = shipment.legs.get(sequence=1).partner.code
    now = clock.now()
    delivered = RawEvent(f"{shipment.pk}:x:DLV", shipment.pk, "DLV", now + timedelta(days=5))
    picked = RawEvent(f"{shipment.pk}:x:PU", shipment.pk, "PU", now + timedelta(hours=1))
    partner_events_ingest(first_partner, [delivered])
    partner_events_ingest(first_partner, [picked, picked, delivered])  # late and repeated
    shipment.refresh_from_db()
    assert shipment.status == "delivered"  # the older scan does not move it back
    assert shipment.events.filter(source=first_partner).count() == 2
    with pytest.raises(UnknownScanCode):
        partner_events_ingest(first_partner, [RawEvent("zz", shipment.pk, "LOST", now)])
    assert shipment.events.count() == 3  # packed + the two scans


def test_a_cold_chain_excursion_opens_a_claim_and_can_refund_the_buyer() -> None:
    order = paid_order()
    shipments_open()
    shipment = Shipment.objects.get(order=order)
    Shipment.objects.filter(pk=shipment.pk).update(temperature_class="chilled")
    leg = shipment.legs.get(sequence=1)
    start = clock.now()
    leg.started_at = start
    leg.save()
    partner = LogisticsPartner.objects.get(pk=leg.partner_id)
    readings = [(start + timedelta(minutes=15 * i), Decimal("2.5")) for i in range(4)]
    readings += [(start + timedelta(minutes=60 + 15 * i), Decimal("9.0")) for i in range(4)]
    claim = readings_record(partner=partner, waybill=shipment.pk, readings=readings)
    assert claim is not None
    assert (claim.partner_id, claim.minutes, claim.worst_celsius) == (partner.pk, 45, Decimal("9"))
    shipment.refresh_from_db()
    assert shipment.excursion
    assert readings_record(partner=partner, waybill=shipment.pk, readings=readings) == claim
    assert ColdChainClaim.objects.count() == 1
    claim = claim_refund(claim, actor="operator:1")
    order.refresh_from_db()
    assert (claim.status, order.status) == ("refunded", "refunded")
    assert order.payment_part.refunded_minor == order.total_minor
    assert ledger_invariant().ok


def test_fresh_goods_travel_bonded_on_cold_lanes_only() -> None:
    from tests.customs.helpers import bonded_warehouse
    from tests.payments.test_online import fund
    from tradelane.customs.models import ExportPermit
    from tradelane.inventory.services import stock_set
    from tradelane.markets.selectors import market_get
    from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
    from tradelane.payments.services.online import payment_confirm, payment_create

    merchant = factories.merchant()
    ExportPermit.objects.create(
        merchant=merchant, category="dairy", authority="DAFF", number="P1",
        valid_until=clock.today() + timedelta(days=9), created_at=clock.now(),
    )  # fmt: skip
    milk = factories.listed(
        merchant,
        fixed="60.00",
        hs_code="04012000",
        category="dairy",
        temperature_class="chilled",
        stock=0,
    )
    stock_set(
        merchant=merchant, variant=milk.variant, on_hand=5, location_code=bonded_warehouse().code
    )
    buyer = factories.consumer("CN")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=milk.pk, quantity=1)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    fund(buyer, "500")
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    shipments_open()
    shipment = Shipment.objects.get(order=checkout.orders.get())
    assert (shipment.customs_mode, shipment.temperature_class) == ("1210", "chilled")
    assert shipment.origin.kind == "bonded_zone"
    for leg in shipment.legs.all():
        assert "chilled" in leg.lane.temperature_classes
        assert leg.lane.customs_mode in ("1210", "any")


def test_a_full_lane_makes_the_partner_refuse_and_the_parcel_is_re_planned() -> None:
    from tradelane.logistics.models import Lane

    first = paid_order()
    shipments_open()
    cheapest = [leg.lane for leg in Shipment.objects.get(order=first).legs.order_by("sequence")]
    air = next(lane for lane in cheapest if lane.mode == "air")
    Lane.objects.filter(pk=air.pk).update(capacity_parcels=1)  # that one parcel filled it
    second = paid_order()
    assert shipments_open() == 1
    legs = [leg.lane.code for leg in Shipment.objects.get(order=second).legs.all()]
    assert air.code not in legs


def test_the_batch_run_re_plans_waiting_parcels_around_capacity() -> None:
    from django.core.management import call_command as run

    from tradelane.fulfilment.services.shipments import shipments_replan
    from tradelane.logistics.models import Lane

    orders = [paid_order() for _ in range(3)]
    shipments_open()
    first_air = next(
        leg.lane
        for leg in Shipment.objects.get(order=orders[0]).legs.all()
        if leg.lane.mode == "air"
    )
    Lane.objects.filter(pk=first_air.pk).update(capacity_parcels=1)
    plan = shipments_replan()
    assert len(plan.assignments) == 3
    on_that_lane = [
        s
        for s in Shipment.objects.filter(order__in=orders)
        if s.legs.filter(lane=first_air).exists()
    ]
    assert len(on_that_lane) == 1
    assert plan.lane_parcels[first_air.code] == 1
    run("plan_day")
