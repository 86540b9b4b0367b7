"""Concurrent runs of one period, on PostgreSQL: the money moves once, each leg is paid once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection

from tests.payments.remittance_helpers import (
    after,
    au_gst_order,
    balance,
    deliver,
    legs_opened,
    this_quarter,
)
from tradelane.core.errors import ApplicationError
from tradelane.payments import remittance_rules as rules
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import (
    Journal,
    PartnerPayment,
    PartnerPaymentLeg,
    TaxRemittance,
    TaxRemittanceItem,
)
from tradelane.payments.services.reconciliation import reconcile
from tradelane.payments.services.remittance import partners_pay, tax_remit

THREADS = 6


def _all_at_once(call: Any) -> list[Any]:
    start = threading.Barrier(THREADS)

    def attempt(_: int) -> Any:
        try:
            start.wait()
            return call()
        except ApplicationError as refused:  # a busy answer is allowed, a double payment not
            return refused.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(attempt, range(THREADS)))


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_of_one_quarter_remit_once(on_postgres: None) -> None:
    orders = [au_gst_order("30.00"), au_gst_order("45.00")]
    quarter = this_quarter()
    results = _all_at_once(
        lambda: tax_remit(authority="ATO", period=quarter.label, actor="t", now=after(quarter))
    )
    made = [r for r in results if isinstance(r, tuple) and r[1]]
    assert len(made) == 1
    assert all(isinstance(r, tuple) and r[0].pk == made[0][0].pk for r in results)
    assert TaxRemittance.objects.get().amount_minor == sum(o.tax_minor for o in orders)
    assert Journal.objects.filter(kind="tax_remittance").count() == 1
    assert TaxRemittanceItem.objects.count() == 2
    assert balance("tax_payable:AUD") == 0
    assert ledger_invariant().ok
    assert reconcile().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_partner_runs_pay_each_leg_once(on_postgres: None) -> None:
    legs = legs_opened(orders=2)
    month = rules.period_containing(legs[0].shipment.created_at.date(), "month")
    end = month.bounds("UTC")[1]
    for leg in legs:
        deliver(leg, end - timedelta(hours=2))
    _all_at_once(lambda: partners_pay(period=month.label, actor="t", now=end + timedelta(days=1)))
    assert PartnerPaymentLeg.objects.count() == len(legs)
    assert PartnerPayment.objects.exclude(status="instructed").count() == 0
    assert Journal.objects.filter(kind="partner_payment").count() == PartnerPayment.objects.count()
    assert ledger_invariant().ok
