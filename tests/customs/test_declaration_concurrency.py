"""The declarations answer batch posts the cleared ones' tax journal and a rejection's refund
journal in one transaction. Each journal locks its accounts in id order, but two journals lock in
two rounds; another transaction locking in id order must still never deadlock with the batch."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction

from tests import factories
from tests.customs.test_declarations import paid_order
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs import declarations
from tradelane.customs.declarations import declarations_answer, declarations_run
from tradelane.customs.identity import identity_register
from tradelane.customs.models import Declaration
from tradelane.payments.accounts import system_account
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import AccountKind, LedgerAccount, Transfer


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
