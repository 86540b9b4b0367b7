"""`tradelane serve` carries a paid China order to the buyer's door with nobody typing a command.

The live loop (`JobLoop`) calls `run_due_jobs` every `interval` seconds of wall time. These
tests call that same function on the same schedule, with the platform clock moved by the loop's
interval per run, so a run here is exactly a run of the live loop (no step is called on its own,
nothing is called that the loop does not call). The simulated partners run at the demo time
factor `serve` sets; without it (tests, production) the same minutes leave the parcel packed.
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from tests import factories
from tests.customs.test_declarations import paid_order
from tests.payments.test_online import fund
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.models import Declaration
from tradelane.fulfilment.services.tracking import chain_verification, journey
from tradelane.logistics.models import Shipment, TemperatureReading
from tradelane.ops.jobs import JobLoop, run_due_jobs
from tradelane.orders.models import Order
from tradelane.payments.invariant import ledger_invariant
from tradelane.tools.demo import live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(monkeypatch: pytest.MonkeyPatch) -> None:
    # The partners as the demo runs them, bar the rare refusals and missed connections that
    # would make the time a parcel takes a matter of luck.
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_MISSED_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_REFUSAL_PERMILLE", "0")
    monkeypatch.delenv("DEMO_TIME_FACTOR", raising=False)
    call_command("load_network", verbosity=0)


@pytest.fixture
def demo_speed(monkeypatch: pytest.MonkeyPatch) -> float:
    """What `tradelane serve` (without --production) does to the process's environment."""
    environ: dict[str, str] = {}
    factor = live.demo_time_enable(environ)
    monkeypatch.setenv("DEMO_TIME_FACTOR", environ["DEMO_TIME_FACTOR"])
    return factor


def live_loop_runs(order: Order, *, minutes: float) -> float | None:
    """Run the live loop's work every loop interval for `minutes` of wall time; the minutes it
    took the order to be delivered, or None."""
    loop = JobLoop()
    wall = ManualClock(clock.now())
    started = wall()
    with use_clock(wall):
        while wall() - started < timedelta(minutes=minutes):
            wall.advance(timedelta(seconds=loop.interval))  # the loop waits, then runs
            run_due_jobs()
            order.refresh_from_db()
            if order.status in ("delivered", "completed"):
                return (wall() - started).total_seconds() / 60
    return None


def test_a_paid_china_order_is_delivered_within_minutes_at_demo_speed(demo_speed) -> None:
    order = paid_order()
    took = live_loop_runs(order, minutes=10)
    assert took is not None, f"still {order.status} after 10 minutes of the live loop"
    assert took <= 6
    order.refresh_from_db()
    assert order.status == "completed"
    walked = list(order.history.values_list("to_status", flat=True))
    assert walked[-4:] == ["in_fulfilment", "shipped", "delivered", "completed"]
    shipment = Shipment.objects.get(order=order)
    assert shipment.status == "delivered"
    assert Declaration.objects.get(order=order).status == "cleared"
    # As the buyer reads it: packed, then customs' decision (not at the same moment: customs
    # answers in its own seconds, which demo speed leaves alone), delivered last.
    moments = {event.kind: event.occurred_at for event in journey(shipment)}
    assert next(iter(moments)) == "packed"
    assert moments["packed"] < moments["customs"]
    statuses = set(shipment.events.values_list("status", flat=True))
    assert {"picked_up", "in_transit", "customs", "out_for_delivery", "delivered"} <= statuses
    assert chain_verification(shipment) is None
    # Scans happen in the wall time the loop ran (compressed partner time), never ahead of it.
    last_scan = shipment.events.order_by("-occurred_at").values_list("occurred_at", flat=True)[0]
    completed_at = order.history.values_list("at", flat=True).last()
    assert completed_at is not None
    assert last_scan <= completed_at
    assert ledger_invariant().ok


def test_without_the_demo_factor_the_same_minutes_leave_the_parcel_packed() -> None:
    """What `make run` did before: the simulated carriers kept real hours, so after the live
    loop's first 25 minutes the parcel had not even been picked up (2 hours after handover)."""
    order = paid_order()
    assert live_loop_runs(order, minutes=25) is None
    order.refresh_from_db()
    assert order.status == "in_fulfilment"
    assert Declaration.objects.get(order=order).status == "cleared"  # customs was never the stall


def chilled_bonded_order() -> Order:
    from tests.customs.helpers import bonded_warehouse
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
    return checkout.orders.get()


def test_a_chilled_bonded_order_arrives_with_its_temperature_record(demo_speed) -> None:
    order = chilled_bonded_order()
    took = live_loop_runs(order, minutes=10)
    assert took is not None
    assert took <= 6
    shipment = Shipment.objects.get(order=order)
    assert (shipment.customs_mode, shipment.temperature_class) == ("1210", "chilled")
    readings = list(
        TemperatureReading.objects.filter(shipment=shipment).values_list("recorded_at", "celsius")
    )
    assert len(readings) > 10
    # The recorder logs as often as the partner's, in compressed time.
    times = sorted(at for at, _ in readings)
    assert times[1] - times[0] == timedelta(minutes=15) / demo_speed
    assert all(Decimal(-5) < celsius < Decimal(15) for _, celsius in readings)


def test_the_delivered_order_shows_on_the_shoppers_merchants_and_public_pages(demo_speed) -> None:
    order = paid_order()
    assert live_loop_runs(order, minutes=10) is not None
    shipment = Shipment.objects.get(order=order)

    shopper = Client()
    shopper.force_login(order.consumer.user)
    page = shopper.get(f"/cn/orders/{order.number}/")
    assert page.status_code == 200
    assert "已签收" in page.content.decode() or "Delivered" in page.content.decode()

    staff = Client()
    staff.force_login(order.merchant.staff.get().user)
    page = staff.get(f"/merchant/orders/{order.number}/")
    assert page.status_code == 200
    assert "elivered" in page.content.decode() or "ompleted" in page.content.decode()

    public = Client().get(f"/p/{shipment.public_token}")
    assert public.status_code == 200
    assert "Delivered" in public.content.decode()


def test_serve_turns_demo_speed_on_unless_the_environment_says_otherwise() -> None:
    environ: dict[str, str] = {}
    assert live.demo_time_enable(environ) == live.DEMO_TIME_FACTOR
    assert environ["DEMO_TIME_FACTOR"] == str(live.DEMO_TIME_FACTOR)
    real = {"DEMO_TIME_FACTOR": "1"}
    assert live.demo_time_enable(real) == 1
    assert real == {"DEMO_TIME_FACTOR": "1"}
    assert "DEMO_TIME_FACTOR" not in os.environ  # tests (and production) keep real time
    with pytest.raises(ValueError, match="at least 1"):
        live.demo_time_enable({"DEMO_TIME_FACTOR": "0"})  # serve stops before it starts


def test_the_simulated_single_window_keeps_its_own_seconds_at_demo_speed(monkeypatch) -> None:
    """Its delays are configured in wall seconds already (SIMULATED_CUSTOMS_*_SECONDS): at demo
    speed an answer in milliseconds would put customs' decision before the parcel is packed."""
    from tradelane.customs.partners.single_window.client import SimulatedSingleWindow
    from tradelane.customs.partners.single_window.settings import single_window_settings

    monkeypatch.setenv("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")
    monkeypatch.setenv("DEMO_TIME_FACTOR", "3600")
    now = clock.now()
    receipt = SimulatedSingleWindow(single_window_settings()).submit({}, now=now)
    assert receipt.answer_at == now + timedelta(seconds=20)
