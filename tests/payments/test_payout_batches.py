"""Payout runs write one bank file per currency, record it, and pay each payout once, even when
two runs race (PostgreSQL)."""

from __future__ import annotations

import hashlib
import threading
from datetime import date

import pytest
from django.db import connection

from tests.payments.test_refunds import paid
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Journal, Payout, PayoutBatch, PayoutBatchLine
from tradelane.payments.services.payout_batches import bank_files_storage, batch_file
from tradelane.payments.services.settlement import settlement_run

DAY = date(2026, 11, 21)


@pytest.mark.django_db
def test_a_run_writes_one_recorded_file_per_currency_then_marks_payouts_sent() -> None:
    _buyer, _checkout, _order, _honey = paid()
    payouts = settlement_run(business_date=DAY)
    assert {p.currency for p in payouts} == {"AUD", "NZD"}
    batches = {b.currency: b for b in PayoutBatch.objects.all()}
    assert set(batches) == {"AUD", "NZD"}
    aud, nzd = batches["AUD"], batches["NZD"]
    assert (aud.file_format, nzd.file_format) == ("aba", "ib4b")
    assert aud.status == nzd.status == "accepted"
    for batch in (aud, nzd):
        content = batch_file(batch)
        assert bank_files_storage().exists(batch.file_name)
        assert hashlib.sha256(content).hexdigest() == batch.file_sha256
        paid_here = [p for p in payouts if p.currency == batch.currency]
        assert batch.payment_count == len(paid_here) == batch.lines.count()
        assert batch.total_minor == sum(p.amount_minor for p in paid_here)
    aba = batch_file(aud).decode().split("\r\n")[:-1]
    [detail] = [r for r in aba if r[0] == "1"]
    [au_payout] = [p for p in payouts if p.currency == "AUD"]
    assert detail[20:30] == f"{au_payout.amount_minor:010d}"
    assert detail[1:8] == "062-000"
    assert all(p.status == "instructed" and p.journal_id for p in payouts)
    assert ledger_invariant().ok
    # the next run finds nothing to file
    assert settlement_run(business_date=DAY) == []
    assert PayoutBatch.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_file_and_pay_each_payout_once(on_postgres: None) -> None:
    _buyer, _checkout, _order, _honey = paid()
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait(10)
            settlement_run(business_date=DAY)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    payouts = list(Payout.objects.all())
    assert len(payouts) == 2
    assert all(p.status == "instructed" for p in payouts)
    assert PayoutBatchLine.objects.count() == 2  # each payout on one file line
    assert PayoutBatch.objects.filter(status="accepted").count() == 2
    assert Journal.objects.filter(kind="payout").count() == 2  # paid once each
    assert ledger_invariant().ok
