"""The Fresh Food Week simulation on a small demo data set: shoppers buy through the real
services, China orders travel the demo network end to end (waybill, scans, clearance,
delivery), fresh goods go only bonded and cold, and every invariant is checked."""

import random
import statistics
from dataclasses import replace
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from tradelane.customs.models import Declaration, QuotaUse
from tradelane.customs.services.quota import annual_limit_minor
from tradelane.logistics.models import Shipment
from tradelane.orders.models import Order
from tradelane.tools.simulation.campaign import campaign_outcome
from tradelane.tools.simulation.checks import all_checks, paid_orders
from tradelane.tools.simulation.engine import Simulation
from tradelane.tools.simulation.report import orders_chart, render, sparkline
from tradelane.tools.simulation.scenario import FRESH_FOOD_WEEK, poisson

pytestmark = pytest.mark.django_db


def test_a_small_fresh_food_week_runs_end_to_end() -> None:
    """One small simulated campaign day and the drain after it (shared by the checks below,
    since the run is the expensive part)."""
    call_command("load_network", verbosity=0)
    call_command("seed_demo", scale=0.04, stdout=StringIO())
    # South-East Asia's share raised from 6 % so that a day this small pays some of its orders
    mix = {"CN": 0.62, "AU": 0.12, "NZ": 0.06, "SG": 0.12, "MY": 0.08}
    scenario = replace(FRESH_FOOD_WEEK.scaled(visitors_per_day=240, days=1), market_mix=mix)
    # a fixed start (China midnight) makes waybills, and so every partner's draw, repeatable
    run = Simulation(scenario, seed=7, start=datetime(2027, 3, 1, 16, tzinfo=UTC)).go()
    week = (run, *render(run))
    every_invariant_holds(week)
    china_orders_get_a_waybill_scans_clearance_and_delivery(week)
    fresh_goods_went_bonded_on_cold_lanes(week)
    home_market_orders_ship_with_the_posts(week)
    south_east_asia_pays_by_card_and_ships_with_the_posts(week)
    the_report_shows_every_section(week)
    the_week_ran_under_fresh_food_week(week)
    a_broken_invariant_is_reported(week)


def every_invariant_holds(week) -> None:
    _run, report, checks = week
    assert [c.name for c in checks if not c.ok] == [], report
    assert len(checks) == 6


def china_orders_get_a_waybill_scans_clearance_and_delivery(week) -> None:
    run, _report, _checks = week
    china = paid_orders(run.start, run.window_end).filter(market_id="CN")
    assert china.count() >= 5
    for order in china.select_related("shipment"):
        shipment = order.shipment
        declaration = Declaration.objects.get(order=order)
        if declaration.status == "rejected":
            assert (order.status, shipment.status) == ("refunded", "returned")
            continue
        assert declaration.status == "cleared"
        assert shipment.status == "delivered"
        if shipment.excursion:  # the simulation's operator refunds every cold-chain claim
            assert (order.status, shipment.claim.status) == ("refunded", "refunded")
        else:
            assert order.status == "completed"
        statuses = {e.status for e in shipment.events.all()}
        assert {"picked_up", "in_transit", "out_for_delivery", "delivered"} <= statuses
        assert shipment.events.filter(kind="customs").exists()


def fresh_goods_went_bonded_on_cold_lanes(week) -> None:
    run, _report, _checks = week
    cold = Shipment.objects.filter(created_at__gte=run.start, post="").exclude(
        temperature_class="ambient"
    )
    assert cold.exists(), "the scenario should sell fresh goods into China"
    for shipment in cold:
        assert shipment.customs_mode == "1210"
        for leg in shipment.legs.select_related("lane"):
            assert shipment.temperature_class in leg.lane.temperature_classes


def home_market_orders_ship_with_the_posts(week) -> None:
    """AU and NZ orders are no longer left "with the merchant": each paid one got a post
    parcel (a booked label or the merchant's own lodgement) and arrived; one left unshipped
    is reported stuck."""
    run, report, _checks = week
    home = paid_orders(run.start, run.window_end).filter(market_id__in=("AU", "NZ"))
    assert home.count() >= 3
    for order in home.select_related("shipment"):
        assert order.shipment.post in ("SXPOST", "KIWIPOST")
        assert order.shipment.tracking_number
        assert (order.status, order.shipment.status) in {
            ("completed", "delivered"),
            ("refunded", "delivered"),
        }
    assert run.post_parcels["label_booked"] > 0
    assert "with the merchant" not in report
    assert "national posts" in report
    stuck = home.first()
    Order.objects.filter(pk=stuck.pk).update(status="paid")
    Shipment.objects.filter(order=stuck).update(status="pending")
    checks, where = all_checks(run.start, run.window_end)
    assert where["in flight"] >= 1  # a pending parcel is in flight, not delivered
    Shipment.objects.filter(order=stuck).update(status="returned")
    checks, where = all_checks(run.start, run.window_end)
    assert where["stuck"] == 1
    assert not {c.name: c.ok for c in checks}["every paid order delivered, in flight or refunded"]
    Order.objects.filter(pk=stuck.pk).update(status="completed")
    Shipment.objects.filter(order=stuck).update(status="delivered")


def south_east_asia_pays_by_card_and_ships_with_the_posts(week) -> None:
    """No wallet holds SGD or MYR: Singapore and Malaysia shoppers pay by card through the
    simulated acquirer (some after a 3-D Secure challenge), and their parcels go abroad with
    the posts and arrive, like every other paid order."""
    run, report, _checks = week
    sea = paid_orders(run.start, run.window_end).filter(market_id__in=("SG", "MY"))
    assert sea.count() >= 2
    for order in sea.select_related("shipment", "checkout"):
        assert order.checkout.payments.get(status="succeeded").method == "card"
        assert order.shipment.post in ("SXPOST", "KIWIPOST")
        assert (order.status, order.shipment.status) in {
            ("completed", "delivered"),
            ("refunded", "delivered"),
        }
    cards = [v for v in run.visits if v.method == "card"]
    assert {v.market for v in cards} <= {"SG", "MY"}
    assert "paid by card:" in report
    assert not [v for v in run.visits if v.market in ("SG", "MY") and v.method == "wallet"]


def the_report_shows_every_section(week) -> None:
    _run, report, _checks = week
    for heading in ("Orders and GMV", "Customs", "Delivery", "Cold chain", "Payouts", "Traffic"):
        assert heading in report
    assert "CN¥" in report


def the_week_ran_under_fresh_food_week(week) -> None:
    """Opted-in sellers' fresh goods were bought at the campaign price, recorded on the line
    with what it took off the list price; everything else at the list price."""
    run, report, _checks = week
    outcome = campaign_outcome(run.campaign)
    assert run.campaign.code == "fresh-food-week-2027"
    assert outcome.merchants > 0
    assert 0 < outcome.campaign_lines < outcome.lines
    assert outcome.discount_minor > 0
    assert "China lines at the campaign price" in report


def a_broken_invariant_is_reported(week) -> None:
    """The checks read the database (oversold stock cannot even be written: a CHECK constraint
    refuses it), so a quota pushed over the limit must show up as a failure."""
    run, _report, _checks = week
    QuotaUse.objects.create(identity_index="x" * 64, year=2026, used_minor=annual_limit_minor() + 1)
    checks, _ = all_checks(run.start, run.window_end)
    assert not {c.name: c.ok for c in checks}["no identity over the CBEC annual limit"]


def test_arrivals_follow_the_scenario_curve() -> None:
    scenario = FRESH_FOOD_WEEK
    day_total = [sum(scenario.expected_visitors(d, h) for h in range(24)) for d in range(7)]
    assert sum(day_total) == pytest.approx(scenario.visitors_per_day * scenario.days)
    assert day_total[0] == max(day_total)  # the launch peak
    assert scenario.expected_visitors(7, 20) == 0
    rng = random.Random(3)
    assert statistics.mean(poisson(rng, 4.0) for _ in range(4000)) == pytest.approx(4.0, rel=0.05)
    assert statistics.mean(poisson(rng, 400.0) for _ in range(400)) == pytest.approx(400, rel=0.02)


def test_the_chart_scales_to_the_busiest_hour() -> None:
    assert sparkline([0, 4, 8], 8) == " ▄█"
    lines = orders_chart([1] * 24 + [2] * 24)
    assert len(lines) == 3
    assert lines[2].endswith("48")
