"""The settlement run decides a payout under the merchant's row lock and records it before the
bank is called: a suspension being made meanwhile holds the payout, and a crash after the bank
call is finished with the amount the bank was sent, never paid twice or posted differently."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction

from tests.payments.test_money_concurrency import _someone_waits_on_a_lock
from tests.payments.test_refunds import paid
from tradelane.core.money import Money
from tradelane.merchants.models import Merchant
from tradelane.merchants.services import merchant_set_status
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Journal, LedgerAccount, Payout, PayoutBatchLine
from tradelane.payments.services import settlement
from tradelane.payments.services.reconciliation import reconcile
from tradelane.payments.services.refunds import refund_order

DAY = date(2026, 11, 21)


def _payable(merchant_id: int) -> LedgerAccount:
    return LedgerAccount.objects.get(code=f"merchant_payable:{merchant_id}:AUD")


class _Bank:
    """The simulated bank, recording what it was sent; `crash` fails the caller after the bank
    accepted, as a process killed before recording the answer."""

    def __init__(self, inner: Any, *, crash: bool = False) -> None:
        self.inner, self.crash = inner, crash
        self.sent: list[tuple[str, int]] = []
        self.name = getattr(inner, "name", "bank")

    def payout_file(self, request: Any, *, now: Any) -> Any:
        """Payouts now reach the bank as a batch file: what it was sent is each of the file's
        payouts with the amount its line carries."""
        batch_id = int(request.reference.removeprefix("batch:"))
        for line in PayoutBatchLine.objects.filter(batch_id=batch_id).select_related("payout"):
            self.sent.append((line.payout_id, line.payout.amount_minor))
        result = self.inner.payout_file(request, now=now)
        if self.crash:
            raise RuntimeError("killed after the bank call")
        return result


@pytest.mark.django_db
def test_a_crash_after_the_bank_call_is_finished_with_what_the_bank_was_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _buyer, _checkout, order, _honey = paid()
    real = settlement.bank()
    crashing = _Bank(real, crash=True)
    monkeypatch.setattr(settlement, "bank", lambda: crashing)
    account = _payable(order.merchant_id)
    with pytest.raises(RuntimeError):
        settlement.settle_merchant(account, DAY)
    [(reference, sent)] = crashing.sent
    # the payout was claimed before the bank was called, with the amount sent
    claimed = Payout.objects.get(pk=reference)
    assert claimed.amount_minor == sent
    assert not Journal.objects.filter(kind="payout").exists()
    # the payable changes before the next run (a refund); the bank keeps what it was told
    refund_order(
        order=order,
        amount=Money.of("10", "CNY"),
        reason="customer_request",
        request_id="late",
        actor="t",
    )
    steady = _Bank(real)
    monkeypatch.setattr(settlement, "bank", lambda: steady)
    payout = settlement.settle_merchant(_payable(order.merchant_id), DAY)
    assert payout is not None
    assert (payout.status, payout.amount_minor) == ("instructed", sent)
    assert steady.sent == [(reference, sent)]  # the same reference: the bank de-duplicates it
    journal = Journal.objects.get(kind="payout")
    assert sum(t.amount for t in journal.transfers.all()) == payout.gross_minor
    # a third run finds it done and calls nobody
    assert settlement.settle_merchant(_payable(order.merchant_id), DAY) == payout
    assert steady.sent == [(reference, sent)]
    assert ledger_invariant().ok
    assert reconcile().ok


@pytest.mark.django_db(transaction=True)
def test_a_suspension_being_made_during_the_run_holds_the_payout(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _buyer, _checkout, order, _honey = paid()
    merchant_id = order.merchant_id
    owed = _payable(merchant_id).credit_balance
    watching = _Bank(settlement.bank())
    monkeypatch.setattr(settlement, "bank", lambda: watching)
    locked, errors = threading.Event(), []

    def suspend() -> None:  # a reviewer's suspension, slow to commit
        try:
            with transaction.atomic():
                merchant_set_status(
                    merchant=Merchant.objects.get(pk=merchant_id),
                    to_status="suspended",
                    actor=None,
                    reason="fraud review",
                )
                locked.set()
                deadline = time.monotonic() + 2  # under the lock timeout
                while time.monotonic() < deadline and not _someone_waits_on_a_lock():
                    time.sleep(0.05)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    reviewer = threading.Thread(target=suspend)
    reviewer.start()
    try:
        assert locked.wait(10)
        account = LedgerAccount.objects.select_related("merchant").get(pk=_payable(merchant_id).pk)
        result = settlement.settle_merchant(account, DAY)
    finally:
        reviewer.join(20)
    assert errors == []
    assert result is None
    assert [ref for ref, _ in watching.sent if f":{merchant_id}:" in ref] == []
    assert not Payout.objects.filter(merchant_id=merchant_id).exists()
    assert _payable(merchant_id).credit_balance == owed
    assert ledger_invariant().ok
