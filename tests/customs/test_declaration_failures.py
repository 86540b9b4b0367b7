"""The declarations job when an order changed under it or a row cannot be processed: a refund
before submission, a refund before customs' rejection, and a declaration that raises."""

from __future__ import annotations

import logging

import psycopg
import pytest
from django.db import OperationalError

from tests import factories
from tests.customs.test_declarations import answer_after, paid_order
from tradelane.clearance.services import declarations
from tradelane.clearance.services.declarations import (
    MAX_FAILED_ATTEMPTS,
    declaration_release,
    declarations_open,
    declarations_run,
)
from tradelane.core.money import Money
from tradelane.customs.models import Declaration
from tradelane.customs.services.identity import identity_register
from tradelane.orders.models import Order
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import LedgerAccount, Refund, Transfer
from tradelane.payments.services.refunds import refund_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_random_inspection(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")


def merchant_refunds(order: Order, amount: str | None = None) -> None:
    refund_order(
        order=order,
        amount=Money.of(amount, order.currency) if amount else None,
        reason="customer_request",
        request_id=f"merchant:{amount}",
        actor="merchant:1",
    )


def corrupt_identity(order: Order) -> None:
    """The buyer's identity snapshot can no longer be decrypted (a key rotation gone wrong):
    building this declaration's message raises, every time."""
    snapshot = {**(order.buyer_identity or {}), "name_encrypted": "not-a-fernet-token"}
    Order.objects.filter(pk=order.pk).update(buyer_identity=snapshot)


def test_a_full_refund_between_open_and_submit_cancels_the_declaration() -> None:
    order = paid_order()
    assert declarations_open() == 1
    merchant_refunds(order)
    assert declarations_run()["declarations_submitted"] == 0
    declaration = Declaration.objects.get(order=order)
    assert (declaration.status, declaration.reference, declaration.submitted_at) == (
        "cancelled",
        "",
        None,
    )
    assert [(h.from_status, h.to_status) for h in declaration.history.all()] == [
        ("pending", "cancelled")
    ]
    assert "refunded" in declaration.history.get().reason
    answered = answer_after(21)  # nothing was sent, so there is nothing to answer
    assert (answered["declarations_rejected"], answered["declarations_cleared"]) == (0, 0)
    assert Refund.objects.filter(order=order).count() == 1
    assert declaration.failed_attempts == 0
    assert ledger_invariant().ok


def test_a_partial_refund_before_submission_declares_what_was_paid() -> None:
    order = paid_order()
    declarations_open()
    merchant_refunds(order, "100.00")
    assert declarations_run()["declarations_submitted"] == 1
    declaration = Declaration.objects.get(order=order)
    docs = declaration.documents
    assert docs["payment"]["amount"] == docs["order"]["total"]  # captured, not total - refunded
    assert answer_after(21)["declarations_cleared"] == 1
    declaration.refresh_from_db()
    assert declaration.status == "cleared"
    assert list(Refund.objects.filter(order=order).values_list("amount_minor", flat=True)) == [
        10000
    ]
    assert ledger_invariant().ok


def test_customs_rejecting_an_order_refunded_in_full_since_submission_refunds_nothing_more() -> (
    None
):
    buyer = factories.consumer("CN")
    order = paid_order(buyer)
    declarations_run()
    identity_register(consumer=buyer, real_name="李娜", id_number=factories.identity_number(9, 7))
    merchant_refunds(order)  # after submission: customs still sees the declaration as paid
    assert answer_after(21)["declarations_rejected"] == 1
    declaration = Declaration.objects.get(order=order)
    assert (declaration.status, declaration.failed_attempts) == ("rejected", 0)
    assert Refund.objects.filter(order=order).count() == 1  # the merchant's, nothing more
    order.refresh_from_db()
    assert order.status == "refunded"
    assert ledger_invariant().ok


def test_customs_rejecting_a_partly_refunded_order_refunds_the_rest() -> None:
    buyer = factories.consumer("CN")
    order = paid_order(buyer)
    declarations_run()
    identity_register(consumer=buyer, real_name="李娜", id_number=factories.identity_number(9, 7))
    merchant_refunds(order, "100.00")
    assert answer_after(21)["declarations_rejected"] == 1
    refunds = sorted(Refund.objects.filter(order=order).values_list("reason", "amount_minor"))
    assert refunds == [
        ("customer_request", 10000),
        ("customs_rejected", order.total_minor - 10000),
    ]
    order.refresh_from_db()
    assert order.status == "refunded"
    assert ledger_invariant().ok


def test_a_declaration_that_cannot_be_submitted_is_set_aside_and_the_others_go_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    poisoned, healthy = paid_order(), paid_order()
    corrupt_identity(poisoned)
    with caplog.at_level(logging.ERROR):
        assert declarations_run()["declarations_submitted"] == 1
    assert Declaration.objects.get(order=healthy).status == "submitted"
    bad = Declaration.objects.get(order=poisoned)
    assert (bad.status, bad.failed_attempts, bad.on_hold) == ("pending", 1, False)
    assert "DecryptionFailed" in bad.last_error
    assert any(bad.pk in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        declarations_run()
    bad.refresh_from_db()
    assert (bad.status, bad.failed_attempts, bad.on_hold) == (
        "pending",
        MAX_FAILED_ATTEMPTS,
        True,
    )
    paused = bad.history.get()
    assert (paused.actor, paused.to_status) == ("system:customs", "pending")
    assert "DecryptionFailed" in paused.reason
    declarations_run()  # paused: the job no longer tries it
    bad.refresh_from_db()
    assert bad.failed_attempts == MAX_FAILED_ATTEMPTS
    # the operator mends the row and releases it: the job takes it up again with fresh attempts
    Order.objects.filter(pk=poisoned.pk).update(
        buyer_identity=Order.objects.get(pk=healthy.pk).buyer_identity
    )
    declaration_release(bad, actor="operator:1")
    bad.refresh_from_db()
    assert (bad.on_hold, bad.failed_attempts, bad.last_error) == (False, 0, "")
    declarations_run()
    bad.refresh_from_db()
    assert bad.status == "submitted"


def test_a_declaration_that_cannot_be_answered_does_not_hold_back_the_others() -> None:
    poisoned, healthy = paid_order(), paid_order()
    assert declarations_run()["declarations_submitted"] == 2
    corrupt_identity(poisoned)
    answered = answer_after(21)
    assert answered["declarations_cleared"] == 1
    assert Declaration.objects.get(order=healthy).status == "cleared"
    bad = Declaration.objects.get(order=poisoned)
    assert (bad.status, bad.failed_attempts) == ("submitted", 1)
    assert ledger_invariant().ok


def test_a_batch_that_fails_as_a_whole_is_retried_row_by_row(monkeypatch) -> None:
    """A failure in the batch's shared write (here the one tax journal) rolls the batch back;
    the job then retries each row alone, so only the row that fails alone is set aside."""
    poisoned, healthy = paid_order(), paid_order()
    declarations_run()
    bad_pk = Declaration.objects.get(order=poisoned).pk
    remit = declarations._remit_tax

    def remit_refusing_one(batch):
        if any(d.pk == bad_pk for d in batch):
            raise RuntimeError("ledger refused")
        return remit(batch)

    monkeypatch.setattr(declarations, "_remit_tax", remit_refusing_one)
    assert answer_after(21)["declarations_cleared"] == 1
    assert Declaration.objects.get(order=healthy).status == "cleared"
    bad = Declaration.objects.get(pk=bad_pk)
    assert (bad.status, bad.failed_attempts, bad.last_error) == (
        "submitted",
        1,
        "RuntimeError: ledger refused",
    )
    assert ledger_invariant().ok


def test_operators_find_the_declarations_the_job_fails_on() -> None:
    from tests.customs.test_admin import operator_client

    poisoned, healthy = paid_order(), paid_order()
    corrupt_identity(poisoned)
    declarations_run()
    bad, good = (Declaration.objects.get(order=o) for o in (poisoned, healthy))
    page = operator_client().get("/admin/customs/declaration/?attention=failing")
    body = page.content.decode()
    assert page.status_code == 200
    assert bad.pk in body
    assert good.pk not in body
    assert "failing (1)" in body


def test_customs_clearing_an_order_refunded_in_full_since_submission_remits_no_tax() -> None:
    """The refund gave the order's tax back to the buyer: clearing must not remit it again."""
    order = paid_order()
    declarations_run()
    merchant_refunds(order)  # after submission: customs still sees the declaration as paid
    tax_before = LedgerAccount.objects.get(code="tax_payable:CNY").credit_balance
    assert answer_after(21)["declarations_cleared"] == 1
    declaration = Declaration.objects.get(order=order)
    assert (declaration.status, declaration.tax_minor, declaration.tax_journal_id) == (
        "cleared",
        0,
        None,
    )
    assert declaration.failed_attempts == 0
    assert not Transfer.objects.filter(pk=f"customs_tax:{declaration.pk}").exists()
    assert LedgerAccount.objects.get(code="tax_payable:CNY").credit_balance == tax_before
    assert ledger_invariant().ok


def lock_timeout() -> OperationalError:
    """What Django raises on PostgreSQL when a statement waited longer than lock_timeout."""
    error = OperationalError("canceling statement due to lock timeout")
    error.__cause__ = psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")
    return error


def test_a_row_that_times_out_on_a_lock_alone_is_counted_and_the_others_go_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lock timeout (or a statement timeout, or a deadlock) fails the batch; retried alone, the
    row that still cannot get its lock is set aside like any failing row, so one row locked by
    a stuck session does not stop the step on every run."""
    stuck, healthy = paid_order(), paid_order()
    declarations_run()
    stuck_pk = Declaration.objects.get(order=stuck).pk
    clear = declarations._clear

    def clear_waiting_on_one(batch, *args):
        if any(d.pk == stuck_pk for d in batch):
            raise lock_timeout()
        return clear(batch, *args)

    monkeypatch.setattr(declarations, "_clear", clear_waiting_on_one)
    assert answer_after(21)["declarations_cleared"] == 1
    assert Declaration.objects.get(order=healthy).status == "cleared"
    bad = Declaration.objects.get(pk=stuck_pk)
    assert (bad.status, bad.failed_attempts) == ("submitted", 1)
    assert "lock timeout" in bad.last_error
    assert ledger_invariant().ok


def test_a_lost_connection_still_fails_the_step_and_counts_against_no_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order = paid_order()
    declarations_run()

    def connection_lost(batch, *args):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(declarations, "_clear", connection_lost)
    with pytest.raises(OperationalError):
        answer_after(21)
    declaration = Declaration.objects.get(order=order)
    assert (declaration.status, declaration.failed_attempts) == ("submitted", 0)
