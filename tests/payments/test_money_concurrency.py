"""Concurrent retries of one money request with one key: the first does the work, every other
waits for it and replays its answer (never "code used", never a 409 or a 500). And a refund
locks only its own rows, so it cannot deadlock with a till charge on the same wallet."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, transaction

from tests import factories
from tests.api.client import Api
from tests.payments.test_instore import setup
from tests.payments.test_refunds import paid
from tradelane.core.money import Money
from tradelane.merchants.services import api_key_create
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import (
    InStorePayment,
    InStoreRefund,
    Journal,
    LedgerAccount,
    OrderPayment,
    Refund,
)
from tradelane.payments.services.instore import payment_code_issue, till_charge_code
from tradelane.payments.services.refunds import refund_order

THREADS = 8


def _all_at_once(call: Any) -> list[tuple[int, Any]]:
    start = threading.Barrier(THREADS)

    def attempt(_: int) -> tuple[int, Any]:
        try:
            start.wait()
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(attempt, range(THREADS)))


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_till_charges_charge_once_and_answer_alike(on_postgres: None) -> None:
    _merchant, shop, visitor = setup()
    key, _ = api_key_create(
        merchant=shop.merchant, name="till", created_by=factories.operator(), shop=shop
    )
    code, _ = payment_code_issue(consumer=visitor)
    body = {"code": code, "amount": "20.00"}
    results = _all_at_once(
        lambda: Api(key).post("/till/payments", body, headers={"Idempotency-Key": "sale"})
    )
    assert all(r == results[0] for r in results), results
    assert results[0][0] == 201
    assert InStorePayment.objects.count() == 1
    assert Journal.objects.filter(kind="instore").count() == 1
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_till_refunds_refund_once_and_answer_alike(on_postgres: None) -> None:
    _merchant, shop, visitor = setup()
    key, _ = api_key_create(
        merchant=shop.merchant, name="till", created_by=factories.operator(), shop=shop
    )
    code, _ = payment_code_issue(consumer=visitor)
    sale = till_charge_code(shop=shop, code=code, amount=Money.of("20", "AUD"), request_id="s")
    path = f"/till/payments/{sale.pk}/refunds"
    results = _all_at_once(
        lambda: Api(key).post(path, {"amount": "5.00"}, headers={"Idempotency-Key": "back"})
    )
    assert all(r == results[0] for r in results), results
    assert results[0][0] == 201
    assert InStoreRefund.objects.count() == 1
    assert InStorePayment.objects.get().refunded_minor == 500
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_order_refunds_refund_once_and_answer_alike(
    on_postgres: None,
) -> None:
    _buyer, _checkout, order, _honey = paid()
    key, _ = api_key_create(merchant=order.merchant, name="k", created_by=factories.operator())
    path = f"/merchant/orders/{order.number}/refunds"
    body = {"amount": "10.00", "reason": "customer_request"}
    results = _all_at_once(lambda: Api(key).post(path, body, headers={"Idempotency-Key": "rf"}))
    assert all(r == results[0] for r in results), results
    assert results[0][0] == 201
    assert Refund.objects.count() == 1
    assert OrderPayment.objects.get(order=order).refunded_minor == 1000
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_a_refund_and_a_till_charge_on_one_wallet_do_not_deadlock(on_postgres: None) -> None:
    """A till charge locks the wallet's ledger account, then writes a row pointing at the wallet
    (FOR KEY SHARE on the wallet row). A refund that also locked the wallet row FOR UPDATE
    before taking the ledger account closed a cycle. Here the charge's two steps are held apart
    so the refund runs in between, every time."""
    buyer, _checkout, order, _honey = paid()
    wallet = buyer.wallets.get()
    locked, errors = threading.Event(), []

    def charge_side() -> None:
        try:
            with transaction.atomic():
                LedgerAccount.objects.select_for_update().get(pk=wallet.account_id)
                locked.set()
                deadline = time.monotonic() + 3  # under the lock timeout
                while time.monotonic() < deadline and not _someone_waits_on_a_lock():
                    time.sleep(0.05)
                payment_code_issue(consumer=buyer)  # a row pointing at the wallet
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    def refund_side() -> None:
        locked.wait(10)
        try:
            refund_order(
                order=order,
                amount=Money.from_minor(1000, order.currency),
                reason="customer_request",
                request_id="rf",
                actor="operator:1",
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=charge_side), threading.Thread(target=refund_side)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert Refund.objects.count() == 1
    assert ledger_invariant().ok


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else one snapshot per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database() AND pid <> pg_backend_pid()"
        )
        return bool(cursor.fetchone()[0])


class _SlowBank:
    """The simulated bank, answering a charge only after a pause, so retries arrive while the
    first request's bank call is in flight."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name

    def charge(self, request: Any, *, now: Any) -> Any:
        time.sleep(0.5)
        return self.inner.charge(request, now=now)


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_top_ups_charge_once_and_answer_alike(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradelane.payments.models import TopUp
    from tradelane.payments.services import wallets

    real_bank = wallets.bank
    monkeypatch.setattr(wallets, "bank", lambda: _SlowBank(real_bank()))
    buyer = factories.consumer("CN")
    token = factories.token(buyer)
    body = {"amount": "300.00", "currency": "CNY", "funding_source": "card_4242"}
    results = _all_at_once(
        lambda: Api(token).post("/wallet/topups", body, headers={"Idempotency-Key": "fund"})
    )
    assert all(r == results[0] for r in results), results
    assert (results[0][0], results[0][1]["status"]) == (201, "succeeded")
    assert TopUp.objects.count() == 1
    assert Journal.objects.filter(kind="topup").count() == 1
    assert ledger_invariant().ok
