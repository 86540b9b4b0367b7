"""The declarations answer batch posts the cleared ones' tax journal and a rejection's refund
journal in one transaction. Each journal locks its accounts in id order, but two journals lock in
two rounds; another transaction locking in id order must still never deadlock with the batch."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction

from tests import factories
from tests.customs.test_declaration_failures import merchant_refunds
from tests.customs.test_declarations import paid_order
from tests.payments.test_money_concurrency import _someone_waits_on_a_lock
from tradelane.clearance import documents
from tradelane.clearance.services import declarations
from tradelane.clearance.services.declarations import (
    declarations_answer,
    declarations_open,
    declarations_run,
    declarations_submit,
)
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.models import Declaration
from tradelane.customs.services.identity import identity_register
from tradelane.orders.models import Order
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import AccountKind, LedgerAccount, OrderPayment, Refund, Transfer
from tradelane.payments.services.accounts import system_account
from tradelane.payments.services.instore import payment_code_issue


@pytest.fixture(autouse=True)
def no_random_inspection(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")


@pytest.mark.django_db(transaction=True)
def test_a_batch_clearing_and_rejecting_never_deadlocks_with_a_journal_in_id_order(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an account only the refund touches, opened first so its id is below the tax accounts'
    logistics = system_account(AccountKind.LOGISTICS_PAYABLE, "CNY")
    cleared = paid_order()
    buyer = factories.consumer("CN")
    rejected = paid_order(buyer)
    declarations_run()
    identity_register(consumer=buyer, real_name="李娜", id_number=factories.identity_number(9, 7))
    tax_payable = system_account(AccountKind.TAX_PAYABLE, "CNY")
    bank = system_account(AccountKind.BANK, "CNY")
    low, high = logistics.pk, max(tax_payable.pk, bank.pk)
    assert low < high

    # The batch pauses right after its tax journal, holding the tax accounts.
    tax_posted, go_on = threading.Event(), threading.Event()
    post = declarations.journal_post

    def post_then_pause(**kwargs):
        journal = post(**kwargs)
        tax_posted.set()
        go_on.wait(10)
        return journal

    monkeypatch.setattr(declarations, "journal_post", post_then_pause)
    failures: list[BaseException] = []

    def batch() -> None:
        try:
            declarations_answer()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    def other_journal() -> None:
        """Any journal touching the refund's account and a tax account, locking in id order
        as `journal_post` does."""
        try:
            with transaction.atomic():
                rows = LedgerAccount.objects.select_for_update().filter(pk__in=[low, high])
                list(rows.order_by("pk"))
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    # the clock is the platform's, shared by threads: moved once, here
    with use_clock(ManualClock(clock.now() + timedelta(seconds=21))):
        answering = threading.Thread(target=batch)
        answering.start()
        assert tax_posted.wait(10)
        other = threading.Thread(target=other_journal)
        other.start()
        time.sleep(1.0)  # the other transaction is now waiting on a lock
        go_on.set()
        answering.join(30)
        other.join(30)
    assert failures == []  # a deadlock aborts one of the two
    assert Declaration.objects.get(order=cleared).status == "cleared"
    assert Declaration.objects.get(order=rejected).status == "rejected"
    refund_legs = Transfer.objects.filter(
        journal__kind="refund", journal__reference=rejected.number
    )
    assert (
        refund_legs.filter(credit_account_id=low).exists()
        or refund_legs.filter(debit_account_id=low).exists()
    )  # the refund did need the low account
    assert ledger_invariant().ok


def _run(target, failures: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _wait_for(condition, seconds: float = 3.0) -> None:
    """Under the 5 s lock timeout, so a waiter is still waiting when the test goes on."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)


def _rejected_by_customs() -> Order:
    """An order customs will reject (its payer registered an identity after submission)."""
    buyer = factories.consumer("CN")
    order = paid_order(buyer)
    declarations_run()
    identity_register(consumer=buyer, real_name="李娜", id_number=factories.identity_number(9, 7))
    return order


def _hold_rows(queryset_of, locked: threading.Event, release: threading.Event):
    """A session that locks rows and then sits idle in its transaction."""

    def hold() -> None:
        with transaction.atomic():
            list(queryset_of())
            locked.set()
            release.wait(20)

    return hold


def _later(seconds: int = 21):
    return use_clock(ManualClock(clock.now() + timedelta(seconds=seconds)))


@pytest.mark.django_db(transaction=True)
def test_the_answer_step_and_a_full_refund_of_an_order_in_its_batch_do_not_deadlock(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refund locks the order's payment row, its ledger accounts (the shared tax account among
    them), then writes to the order. The answer step held the order rows from its first query
    (and across its calls to customs) and then wanted the tax account: a cycle. Here the merchant
    refunds while the step is talking to customs about the order, every time."""
    order = paid_order()
    declarations_run()
    asked, go_on = threading.Event(), threading.Event()
    ask = declarations._ask

    def ask_then_pause(*args, **kwargs):
        verdict = ask(*args, **kwargs)
        asked.set()
        go_on.wait(10)
        return verdict

    monkeypatch.setattr(declarations, "_ask", ask_then_pause)
    failures: list[BaseException] = []
    with _later():
        answering = _run(declarations_answer, failures)
        assert asked.wait(10)
        refunding = _run(lambda: merchant_refunds(order), failures)
        _wait_for(lambda: not refunding.is_alive() or _someone_waits_on_a_lock())
        go_on.set()
        answering.join(30)
        refunding.join(30)
    assert failures == []  # a deadlock aborts one of the two
    declaration = Declaration.objects.get(order=order)
    assert (declaration.status, declaration.tax_minor, declaration.tax_journal_id) == (
        "cleared",
        0,  # refunded in full before customs' answer was applied: no tax remitted
        None,
    )
    assert Refund.objects.filter(order=order).count() == 1
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_the_answer_step_and_a_till_charge_on_the_rejected_orders_wallet_do_not_deadlock(
    on_postgres: None,
) -> None:
    """A till charge locks the wallet's ledger account, then writes a row pointing at the wallet
    (FOR KEY SHARE on the wallet row). The answer step locked the wallet row FOR UPDATE (joined
    to the order payment it locked) before the ledger accounts of the rejection's refund."""
    order = _rejected_by_customs()
    buyer = order.consumer
    wallet = buyer.wallets.get()
    locked, failures = threading.Event(), list[BaseException]()

    def charge() -> None:
        with transaction.atomic():
            LedgerAccount.objects.select_for_update().get(pk=wallet.account_id)
            locked.set()
            _wait_for(_someone_waits_on_a_lock)
            payment_code_issue(consumer=buyer)  # a row pointing at the wallet

    with _later():
        charging = _run(charge, failures)
        assert locked.wait(10)
        answering = _run(declarations_answer, failures)
        charging.join(30)
        answering.join(30)
    assert failures == []
    assert Declaration.objects.get(order=order).status == "rejected"
    assert Refund.objects.filter(order=order, reason="customs_rejected").count() == 1
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_a_full_refund_racing_the_submit_step_waits_for_it(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Submit read the order's status unlocked: a refund committed between that read and the
    submission left a refunded order declared (and its tax remitted when customs cleared it).
    It now locks the orders' payment rows first, as a refund does, so the refund waits."""
    order = paid_order()
    declarations_open()
    sending, go_on = threading.Event(), threading.Event()
    window = declarations.single_window

    class PausingWindow:
        def __init__(self) -> None:
            self.inner = window()

        def submit(self, message, *, now):
            sending.set()
            go_on.wait(10)
            return self.inner.submit(message, now=now)

        def status(self, message, **kwargs):
            return self.inner.status(message, **kwargs)

    monkeypatch.setattr(declarations, "single_window", PausingWindow)
    failures: list[BaseException] = []
    submitting = _run(declarations_submit, failures)
    assert sending.wait(10)
    refunding = _run(lambda: merchant_refunds(order), failures)
    _wait_for(lambda: not refunding.is_alive() or _someone_waits_on_a_lock())
    refunded_meanwhile = Refund.objects.filter(order=order).exists()
    go_on.set()
    submitting.join(30)
    refunding.join(30)
    assert failures == []
    assert not refunded_meanwhile  # the refund waited for the submission to commit
    declaration = Declaration.objects.get(order=order)
    assert declaration.status == "submitted"
    tax_before = LedgerAccount.objects.get(code="tax_payable:CNY").credit_balance
    with _later():
        assert declarations_answer()["declarations_cleared"] == 1
    declaration.refresh_from_db()
    assert (declaration.tax_minor, declaration.tax_journal_id) == (0, None)
    assert LedgerAccount.objects.get(code="tax_payable:CNY").credit_balance == tax_before
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_submit_defers_an_order_whose_payment_row_is_busy(on_postgres: None) -> None:
    """A refund in progress holds the order's payment row: submit leaves the declaration for
    the next run (no failure counted) instead of declaring an order that may be refunded."""
    order = paid_order()
    declarations_open()
    locked, release = threading.Event(), threading.Event()
    busy = OrderPayment.objects.select_for_update(of=("self",)).filter(order=order)
    failures: list[BaseException] = []
    holder = _run(_hold_rows(lambda: busy, locked, release), failures)
    try:
        assert locked.wait(10)
        done = declarations_submit()
    finally:
        release.set()
        holder.join(30)
    assert done == {"declarations_submitted": 0, "declarations_cancelled": 0}
    declaration = Declaration.objects.get(order=order)
    assert (declaration.status, declaration.failed_attempts) == ("pending", 0)
    merchant_refunds(order)
    assert declarations_submit()["declarations_cancelled"] == 1
    assert failures == []


@pytest.mark.django_db(transaction=True)
def test_an_order_payment_held_by_an_idle_session_defers_only_its_declaration(
    on_postgres: None,
) -> None:
    stuck = _rejected_by_customs()
    healthy = paid_order()
    declarations_run()
    locked, release = threading.Event(), threading.Event()
    busy = OrderPayment.objects.select_for_update(of=("self",)).filter(order=stuck)
    failures: list[BaseException] = []
    holder = _run(_hold_rows(lambda: busy, locked, release), failures)
    try:
        assert locked.wait(10)
        with _later():
            done = declarations_answer()
    finally:
        release.set()
        holder.join(30)
    assert done == {"declarations_cleared": 1, "declarations_rejected": 0}
    assert Declaration.objects.get(order=healthy).status == "cleared"
    deferred = Declaration.objects.get(order=stuck)
    assert (deferred.status, deferred.failed_attempts) == ("submitted", 0)
    with _later():
        assert declarations_answer()["declarations_rejected"] == 1
    assert failures == []
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_a_wallet_account_held_by_an_idle_session_sets_aside_only_its_declaration(
    on_postgres: None,
) -> None:
    """The rejection's refund needs the buyer's wallet account, which a stuck session holds: the
    batch times out on the lock, its rows are retried alone, and only that row is counted."""
    stuck = _rejected_by_customs()
    healthy = paid_order()
    declarations_run()
    wallet = stuck.consumer.wallets.get()
    locked, release = threading.Event(), threading.Event()
    busy = LedgerAccount.objects.select_for_update().filter(pk=wallet.account_id)
    failures: list[BaseException] = []
    holder = _run(_hold_rows(lambda: busy, locked, release), failures)
    try:
        assert locked.wait(10)
        with _later():
            done = declarations_answer()
    finally:
        release.set()
        holder.join(30)
    assert done == {"declarations_cleared": 1, "declarations_rejected": 0}
    assert Declaration.objects.get(order=healthy).status == "cleared"
    set_aside = Declaration.objects.get(order=stuck)
    assert (set_aside.status, set_aside.failed_attempts) == ("submitted", 1)
    assert "lock timeout" in set_aside.last_error
    assert Refund.objects.filter(order=stuck).count() == 0
    assert failures == []
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_a_database_error_in_one_rows_work_does_not_fail_the_whole_batch(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A DatabaseError caught for one row left the batch's transaction aborted: every later
    statement failed and the whole batch was retried row by row. Each row now has a savepoint."""
    bad, good = paid_order(), paid_order()
    declarations_open()
    identities = documents.identities

    def identities_failing_for_one(order, *args, **kwargs):
        if order.pk == bad.pk:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")
        return identities(order, *args, **kwargs)

    monkeypatch.setattr(documents, "identities", identities_failing_for_one)
    with caplog.at_level(logging.ERROR):
        assert declarations_submit()["declarations_submitted"] == 1
    assert not [r for r in caplog.records if "one by one" in r.getMessage()]
    assert Declaration.objects.get(order=good).status == "submitted"
    failed = Declaration.objects.get(order=bad)
    assert (failed.status, failed.failed_attempts) == ("pending", 1)
    assert "DataError" in failed.last_error
