"""PostgreSQL connections carry a lock timeout and a statement timeout (settings, from
DB_LOCK_TIMEOUT_MS / DB_STATEMENT_TIMEOUT_MS): a transaction that holds a lock too long makes
the statements waiting on it fail with a clear error, and the job step fails, not hangs."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection, transaction

from tests.customs.test_declarations import paid_order
from tradelane.clearance.services.declarations import declarations_run
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.models import Declaration
from tradelane.logistics.models import Shipment
from tradelane.ops.jobs import run_due_jobs
from tradelane.ops.models import JobStep
from tradelane.payments.models import AccountKind, LedgerAccount
from tradelane.payments.services.accounts import system_account


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")


@pytest.mark.django_db
def test_postgres_connections_have_a_lock_and_a_statement_timeout(on_postgres: None) -> None:
    assert (settings.DB_LOCK_TIMEOUT_MS, settings.DB_STATEMENT_TIMEOUT_MS) == (5000, 30000)
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone() == ("5s",)
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("30s",)


def _hold_lock(account_id: int, locked: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic():
            list(LedgerAccount.objects.select_for_update().filter(pk=account_id))
            locked.set()
            release.wait(20)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_held_lock_fails_the_waiting_statement_fast_with_a_clear_error(
    on_postgres: None,
) -> None:
    account = system_account(AccountKind.TAX_PAYABLE, "CNY")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(account.pk, locked, release))
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            list(LedgerAccount.objects.select_for_update().filter(pk=account.pk))
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join(30)
    assert 4.5 < waited < 10  # the configured 5 s, not until the holder lets go (20 s)


@pytest.mark.django_db(transaction=True)
def test_a_job_step_stuck_behind_a_lock_fails_and_the_other_steps_run(on_postgres: None) -> None:
    """Customs cleared a declaration, but another transaction holds the tax account its tax
    journal must lock: the answer step fails after the lock timeout with the error named, the
    declaration waits for the next run, and the steps after it still run."""
    call_command("load_network", verbosity=0)
    declared = paid_order()
    declarations_run()
    waiting = paid_order()  # its shipment is opened by the run below
    tax = system_account(AccountKind.TAX_PAYABLE, "CNY")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(tax.pk, locked, release))
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        with use_clock(ManualClock(clock.now() + timedelta(seconds=21))):
            done = run_due_jobs()
        took = time.monotonic() - started
    finally:
        release.set()
        holder.join(30)
    assert took < 15
    assert done["failed:declarations_answer"] == 1
    assert "lock timeout" in JobStep.objects.get(name="declarations_answer").last_error
    assert Shipment.objects.filter(order=waiting).exists()
    declaration = Declaration.objects.get(order=declared)
    assert (declaration.status, declaration.failed_attempts) == ("submitted", 0)  # no row's fault
    with use_clock(ManualClock(clock.now() + timedelta(seconds=21))):
        assert run_due_jobs()["declarations_cleared"] == 1


def test_the_timeout_settings_exist_whatever_the_database() -> None:
    assert (
        settings.DB_LOCK_TIMEOUT_MS,
        settings.DB_STATEMENT_TIMEOUT_MS,
        settings.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    ) == (5000, 30000, 60000)


@pytest.mark.django_db
def test_a_session_idle_in_its_transaction_is_ended_after_a_minute(on_postgres: None) -> None:
    """A session that took row locks and then went quiet (a stalled worker, a debugging shell)
    would otherwise hold them until someone kills it: every job step needing one row waits."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        assert cursor.fetchone() == ("1min",)


@pytest.mark.django_db
def test_platform_prepare_migrates_without_a_statement_timeout(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` and `simulate` migrate through platform_prepare, in a process whose connections
    have the 30 s statement timeout: a long data migration must not be cancelled half-way."""
    from tradelane.ops import setup

    seen: dict[str, str] = {}

    def command(name: str, *args, **kwargs) -> None:
        if name == "migrate":
            with connection.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                seen["during"] = cursor.fetchone()[0]

    monkeypatch.setattr(setup, "call_command", command)
    setup.platform_prepare(None, demo=False)
    assert seen == {"during": "0"}
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("30s",)  # the other work after it keeps the timeout
