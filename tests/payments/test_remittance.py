"""Tax remitted to its authority per period, and partners paid for delivered legs: each once."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from tests.payments.remittance_helpers import (
    after,
    au_gst_order,
    balance,
    deliver,
    legs_opened,
    moved,
    next_period,
    this_quarter,
)
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.payments import remittance_rules as rules
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import (
    PartnerPayment,
    PartnerPaymentLeg,
    RemittanceRun,
    TaxRemittance,
    Transfer,
)
from tradelane.payments.services.reconciliation import reconcile
from tradelane.payments.services.refunds import refund_order
from tradelane.payments.services.remittance import partners_pay, remittances_due, tax_remit

pytestmark = pytest.mark.django_db


def refund(order, amount: str | None, key: str):
    return refund_order(
        order=order,
        amount=Money.of(amount, "AUD") if amount else None,
        reason="customer_request",
        request_id=key,
        actor="t",
    )


def test_a_quarter_is_remitted_once_net_of_its_refunds() -> None:
    kept, refunded = au_gst_order("30.00"), au_gst_order("50.00")
    refund(refunded, None, "r1")
    quarter = this_quarter()
    remittance, created = tax_remit(
        authority="ATO", period=quarter.label, actor="t", now=after(quarter)
    )
    assert created
    assert remittance.status == "instructed"
    assert (remittance.supplies_count, remittance.refunds_count) == (2, 1)
    assert remittance.supplies_value_minor == sum(
        o.goods_minor + o.shipping_minor for o in (kept, refunded)
    )
    assert remittance.tax_collected_minor == kept.tax_minor + refunded.tax_minor
    assert remittance.refunds_tax_minor == refunded.tax_minor
    assert remittance.amount_minor == remittance.net_minor == kept.tax_minor
    assert balance("tax_payable:AUD") == 0
    assert Transfer.objects.get(pk=f"{remittance.pk}:pay").amount == kept.tax_minor
    before = moved()
    again, created = tax_remit(authority="ATO", period=quarter.label, actor="t", now=after(quarter))
    assert (again.pk, created, moved()) == (remittance.pk, False, before)  # nothing moved twice
    assert ledger_invariant().ok
    assert reconcile().ok


def test_a_late_refund_is_carried_into_the_next_period_as_an_adjustment() -> None:
    order = au_gst_order("40.00")
    quarter = this_quarter()
    first, _ = tax_remit(authority="ATO", period=quarter.label, actor="t", now=after(quarter))
    assert first.amount_minor == order.tax_minor
    with use_clock(ManualClock(after(quarter, days=10))):
        refund(order, None, "late")
    following = next_period(quarter)
    second, _ = tax_remit(authority="ATO", period=following.label, actor="t", now=after(following))
    assert (second.refunds_count, second.adjustments_count) == (0, 1)
    assert second.adjustments_tax_minor == -order.tax_minor
    # the authority owes it back: nothing is paid, the credit goes on to the period after
    assert (second.status, second.amount_minor, second.credit_out_minor) == (
        "nil",
        0,
        order.tax_minor,
    )
    with use_clock(ManualClock(after(following, days=3))):
        sale = au_gst_order("90.00")
    third_period = next_period(following)
    third, _ = tax_remit(
        authority="ATO", period=third_period.label, actor="t", now=after(third_period)
    )
    assert third.credit_in_minor == order.tax_minor
    assert third.amount_minor == sale.tax_minor - order.tax_minor
    assert TaxRemittance.objects.get(pk=second.pk).credit_used_by_id == third.pk
    assert balance("tax_payable:AUD") == 0
    assert ledger_invariant().ok
    assert reconcile().ok


def test_refusals_change_nothing() -> None:
    au_gst_order()
    quarter = this_quarter()
    before = (moved(), TaxRemittance.objects.count())
    cases = [
        ("ATO", quarter.label, after(quarter) - timedelta(days=5), "period_open"),
        ("ATO", "2026-11", after(quarter), "period_kind_mismatch"),
        ("ATO", "2026-Q9", after(quarter), "period_invalid"),
        ("XYZ", quarter.label, after(quarter), "authority_unknown"),
    ]
    for authority, label, now, code in cases:
        with pytest.raises(ApplicationError) as refused:
            tax_remit(authority=authority, period=label, actor="t", now=now)
        assert refused.value.code == code
    assert (moved(), TaxRemittance.objects.count()) == before
    following = next_period(quarter)
    tax_remit(authority="ATO", period=following.label, actor="t", now=after(following))
    with pytest.raises(ApplicationError) as refused:
        tax_remit(authority="ATO", period=quarter.label, actor="t", now=after(following))
    assert refused.value.code == "period_superseded"


def test_cn_tax_is_not_in_any_return() -> None:
    legs_opened(orders=1)  # a CN order: its tax waits for customs, in CNY
    quarter = this_quarter()
    for code in rules.authorities():
        remittance, _ = tax_remit(
            authority=code, period=quarter.label, actor="t", now=after(quarter)
        )
        assert (remittance.status, remittance.supplies_count) == ("nil", 0)
    assert balance("tax_payable:CNY") > 0


def test_partners_are_paid_for_delivered_legs_only_and_each_leg_once() -> None:
    legs = legs_opened(orders=2)
    month = rules.period_containing(legs[0].shipment.created_at.date(), "month")
    _start, end = month.bounds("UTC")
    delivered = legs[:3]
    for leg in delivered:
        deliver(leg, end - timedelta(hours=1))
    shipping_before = balance("logistics_payable:CNY")
    made = partners_pay(period=month.label, actor="t", now=end + timedelta(days=1))
    assert all(created and p.status == "instructed" for p, created in made)
    paid = PartnerPaymentLeg.objects.all()
    assert {p.leg_id for p in paid} == {leg.pk for leg in delivered}
    for row in paid:
        leg = next(leg for leg in delivered if leg.pk == row.leg_id)
        assert row.amount_minor == rules.leg_cost_minor(
            per_parcel_minor=leg.lane.cost_per_parcel_minor,
            per_kg_minor=leg.lane.cost_per_kg_minor,
            weight_g=leg.shipment.weight_g,
        )
        assert row.waybill == leg.shipment_id
    for payment, _created in made:
        assert payment.amount_minor == sum(
            r.amount_minor for r in paid if r.payment_id == payment.pk
        )
    # the shipping collected in CNY pays them, through liquidity for the AUD legs
    assert balance("logistics_payable:CNY") == shipping_before - sum(r.source_minor for r in paid)
    assert ledger_invariant().ok
    assert reconcile().ok
    before = (moved(), PartnerPayment.objects.count())
    assert all(
        not created
        for _p, created in partners_pay(period=month.label, actor="t", now=end + timedelta(days=1))
    )
    assert (moved(), PartnerPayment.objects.count()) == before
    # a leg delivered in the month but scanned after its run is paid with the next month
    deliver(legs[3], end - timedelta(minutes=5))
    following = next_period(month)
    late = partners_pay(period=following.label, actor="t", now=after(following))
    assert [leg.leg_id for p, _c in late for leg in p.legs.all()] == [legs[3].pk]
    assert PartnerPaymentLeg.objects.count() == 4
    assert ledger_invariant().ok


def test_the_command_remits_records_the_run_and_refuses_bad_periods(capsys) -> None:
    au_gst_order()
    quarter = this_quarter()
    with use_clock(ManualClock(after(quarter))):
        call_command("remit", "--period", quarter.label)
        out = capsys.readouterr().out
        assert f"tax:ATO:{quarter.label}: instructed" in out
        run = RemittanceRun.objects.get()
        assert (run.kind, run.period, run.ledger_balanced) == ("tax", quarter.label, True)
        call_command("remit", "--period", quarter.label)
        assert "already" in capsys.readouterr().out
        from django.core.management.base import CommandError

        with pytest.raises(CommandError):
            call_command("remit", "--period", "2026-Q7")
        assert balance("tax_payable:AUD") == 0


def test_the_job_step_remits_what_is_due_once() -> None:
    au_gst_order()
    quarter = this_quarter()
    with use_clock(ManualClock(after(quarter))):
        first = remittances_due()
        assert first["tax_remittances"] == 4  # every authority files its closed quarter
        before = moved()
        assert remittances_due() == {"tax_remittances": 0, "partner_payments": 0}
        assert moved() == before
    assert TaxRemittance.objects.get(authority="ATO").status == "instructed"
    assert sorted(RemittanceRun.objects.values_list("kind", flat=True)) == ["partners", "tax"]
