"""The operator dashboard's figures, computed from data whose answers are known."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests import factories
from tests.customs.test_declarations import answer_after, no_random_inspection, paid_order
from tradelane.analytics.operator import (
    Window,
    cold_chain,
    customs_outcomes,
    gmv_by_market,
    ledger_status,
    on_time_delivery,
    operator_queues,
    orders_per_day,
    percentiles,
)
from tradelane.clearance.services.declarations import declaration_hold, declarations_run
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.logistics.models import (
    ClaimStatus,
    ColdChainClaim,
    LogisticsPartner,
    Node,
    Shipment,
)
from tradelane.markets.selectors import fx_mid_rate
from tradelane.orders.models import Order

pytestmark = pytest.mark.django_db
__all__ = ["no_random_inspection"]  # the customs fixture, autouse here too


def window() -> Window:
    return Window.last_days(30)


def test_percentiles_are_nearest_rank() -> None:
    result = percentiles([float(h) for h in range(10, 0, -1)])
    assert (result.count, result.p50_hours, result.p90_hours) == (10, 5.0, 9.0)
    assert percentiles([]).p50_hours is None
    assert percentiles([2.25]).p90_hours == 2.2  # rounded to 0.1 h, half-even


def test_gmv_is_per_market_currency_with_an_aud_equivalent() -> None:
    order = paid_order()
    report = gmv_by_market(window())
    [row] = report.rows
    assert (row.market, row.orders) == ("CN", 1)
    assert row.gmv == Money.from_minor(order.total_minor, "CNY")
    rate = fx_mid_rate("CNY", "AUD", window().end).rate
    expected = Money.of(row.gmv.amount * rate, "AUD")
    assert row.in_reporting == expected
    assert report.total == expected
    assert report.unconverted == []


def test_unpaid_orders_are_not_gmv() -> None:
    order = paid_order()
    Order.objects.filter(pk=order.pk).update(status="awaiting_payment")
    report = gmv_by_market(window())
    assert report.rows == []
    assert report.total == Money.zero("AUD")


def test_customs_outcomes_count_statuses_holds_and_clearance_time() -> None:
    cleared, held = paid_order(), paid_order()
    declarations_run()
    declaration_hold(held.declaration, actor="operator:1", reason="checking")
    answer_after(21)  # customs answers after 20 s; the held one is not asked
    report = customs_outcomes(window())
    assert report.by_status["cleared"] == 1
    assert report.by_status["submitted"] == 1
    assert report.on_hold == 1
    assert report.total == 2
    assert report.clearance.count == 1
    assert report.clearance.p50_hours == 0.0  # 20 s after submission
    assert cleared.declaration.status == "cleared"
    queues = operator_queues()
    assert queues.declarations_held == 1


def _shipment(order: Order, *, hours: int, mode: str, cold: bool = False) -> Shipment:
    if not Node.objects.exists():
        call_command("load_network", verbosity=0)
    now = clock.now()
    origin, destination = Node.objects.order_by("pk")[:2]
    return Shipment.objects.create(
        waybill=f"TL{order.pk:09d}AU",
        order=order,
        merchant=order.merchant,
        customs_mode=mode,
        temperature_class="chilled" if cold else "ambient",
        weight_g=650,
        origin=origin,
        destination=destination,
        status="delivered" if hours else "in_transit",
        status_at=now if hours else None,
        cost_minor=1000,
        created_at=now - timedelta(hours=hours or 1),
    )


def test_on_time_delivery_is_measured_against_the_modes_promise() -> None:
    _shipment(paid_order(), hours=90, mode="1210")  # promise 96 h: on time
    _shipment(paid_order(), hours=100, mode="1210")  # late
    _shipment(paid_order(), hours=200, mode="9610")  # promise 240 h: on time
    _shipment(paid_order(), hours=0, mode="9610")  # still travelling
    report = on_time_delivery(window())
    assert (report.delivered, report.on_time, report.in_flight) == (3, 2, 1)
    assert report.on_time_share == pytest.approx(2 / 3)


def test_cold_chain_counts_excursions_and_claims_by_partner() -> None:
    chilled = _shipment(paid_order(), hours=50, mode="1210", cold=True)
    _shipment(paid_order(), hours=50, mode="1210", cold=True)
    Shipment.objects.filter(pk=chilled.pk).update(excursion=True)
    partner = LogisticsPartner.objects.order_by("code").first()
    assert partner is not None
    ColdChainClaim.objects.create(
        shipment=chilled,
        partner=partner,
        started_at=clock.now(),
        minutes=45,
        worst_celsius=Decimal("9.5"),
        reason="above 8 °C for 45 min",
        status=ClaimStatus.OPEN,
        created_at=clock.now(),
    )
    report = cold_chain(window())
    assert (report.cold_parcels, report.excursions, report.claims_open) == (2, 1, 1)
    assert [(p.partner_code, p.open, p.refunded) for p in report.by_partner] == [
        (partner.code, 1, 0)
    ]
    assert operator_queues().claims_open == 1


def test_orders_per_day_has_every_day_and_todays_order() -> None:
    paid_order()
    days = orders_per_day(14)
    assert len(days) == 14
    assert days[-1].day == clock.now().date()
    assert [d.orders for d in days] == [0] * 13 + [1]


def test_ledger_status_reports_balanced_books() -> None:
    paid_order()
    status = ledger_status()
    assert status.balanced
    assert "CNY" in status.currencies
    assert "AUD" in status.currencies
    assert status.transfers > 0
    assert status.unbalanced_currencies == []
    assert status.mismatched_accounts == 0


def test_merchants_awaiting_approval_are_queued() -> None:
    factories.merchant(active=False)
    factories.merchant()
    assert operator_queues().merchants_applied == 1
