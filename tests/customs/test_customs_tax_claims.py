"""A refund after China customs cleared the order: the tax in it was already paid to customs, so
it is claimed back from customs (`customs_tax_receivable:CNY`) instead of being taken from
`tax_payable:CNY` a second time; customs repays a claim within the CBEC return window once, and
refuses a later one, which the platform then bears (`customs_tax_unrecovered:CNY`)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from tests.customs.test_declarations import answer_after, balance, paid_order
from tradelane.clearance.services.declarations import declarations_open, declarations_run
from tradelane.clearance.services.tax_claims import tax_claims_settle
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.money import Money
from tradelane.customs.models import Declaration
from tradelane.ops.jobs import run_due_jobs
from tradelane.orders.models import Order
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import LedgerAccount, Transfer
from tradelane.payments.payment_rules import customs_tax_claim
from tradelane.payments.services.reconciliation import reconcile
from tradelane.payments.services.refunds import refund_order

pytestmark = pytest.mark.django_db

RECEIVABLE = "customs_tax_receivable:CNY"
UNRECOVERED = "customs_tax_unrecovered:CNY"


@pytest.fixture(autouse=True)
def no_random_inspection(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")


def owed(code: str) -> int:
    """A debit-normal account's balance (what others owe the platform, or what it spent)."""
    account = LedgerAccount.objects.filter(code=code).first()
    return 0 if account is None else account.debits_posted - account.credits_posted


def cleared_order() -> Order:
    order = paid_order()
    declarations_run()
    assert answer_after(21)["declarations_cleared"] == 1
    assert Declaration.objects.get(order=order).tax_minor == order.tax_minor > 0
    return order


def refund(order: Order, minor: int | None, key: str) -> None:
    amount = None if minor is None else Money.from_minor(minor, order.currency)
    refund_order(
        order=order, amount=amount, reason="customer_request", request_id=key, actor="merchant:1"
    )


def test_a_full_refund_after_clearance_claims_the_tax_from_customs() -> None:
    order = cleared_order()
    payable_after_clearance = balance("tax_payable:CNY")
    refund(order, None, "r1")
    assert balance("tax_payable:CNY") == payable_after_clearance >= 0
    assert owed(RECEIVABLE) == order.tax_minor
    assert ledger_invariant().ok
    assert reconcile().ok


def test_partial_refunds_add_up_to_the_tax_remitted_and_never_more() -> None:
    order = cleared_order()
    payable_after_clearance = balance("tax_payable:CNY")
    refund(order, order.total_minor // 3, "r1")
    first = owed(RECEIVABLE)
    assert 0 < first < order.tax_minor
    refund(order, order.total_minor // 3, "r2")
    refund(order, None, "r3")
    assert owed(RECEIVABLE) == order.tax_minor
    assert balance("tax_payable:CNY") == payable_after_clearance
    assert ledger_invariant().ok
    assert reconcile().ok


def test_a_refund_before_clearance_still_gives_back_tax_payable() -> None:
    order = paid_order()
    declarations_open()
    payable_before = balance("tax_payable:CNY")
    refund(order, None, "r1")
    assert balance("tax_payable:CNY") == payable_before - order.tax_minor
    assert owed(RECEIVABLE) == 0
    declarations_run()  # refunded in full: the declaration is cancelled, no tax remitted
    assert Declaration.objects.get(order=order).status == "cancelled"
    assert balance("tax_payable:CNY") == payable_before - order.tax_minor
    assert ledger_invariant().ok


def test_customs_repays_a_claim_once() -> None:
    order = cleared_order()
    bank_before = owed("bank:CNY")
    refund(order, order.total_minor // 2, "r1")
    refund(order, None, "r2")
    claimed = owed(RECEIVABLE)
    assert tax_claims_settle() == {"tax_claims_repaid": 2, "tax_claims_refused": 0}
    assert tax_claims_settle() == {"tax_claims_repaid": 0, "tax_claims_refused": 0}
    assert owed(RECEIVABLE) == 0
    assert owed("bank:CNY") == bank_before + claimed == bank_before + order.tax_minor
    assert Transfer.objects.filter(code="customs_tax_repaid").count() == 2
    assert ledger_invariant().ok
    assert reconcile().ok


def test_a_claim_after_the_return_window_is_refused_and_borne_by_the_platform() -> None:
    order = cleared_order()
    with use_clock(ManualClock(clock.now() + timedelta(days=31))):
        refund(order, None, "late")
        assert tax_claims_settle() == {"tax_claims_repaid": 0, "tax_claims_refused": 1}
        assert tax_claims_settle() == {"tax_claims_repaid": 0, "tax_claims_refused": 0}
    assert owed(RECEIVABLE) == 0
    assert owed(UNRECOVERED) == order.tax_minor
    assert balance("tax_payable:CNY") >= 0
    assert ledger_invariant().ok


def test_the_background_job_settles_claims() -> None:
    order = cleared_order()
    refund(order, None, "r1")
    done = run_due_jobs()
    assert done["tax_claims_repaid"] == 1
    assert "failed:customs_tax_claims" not in done
    assert owed(RECEIVABLE) == 0
    assert ledger_invariant().ok


@pytest.mark.parametrize(
    ("refund_tax", "remitted", "claimed_before", "claim"),
    [
        (637, 6370, 0, 637),  # a part of the tax, all of it remitted
        (6370, 6370, 6000, 370),  # only what earlier refunds left unclaimed
        (500, 6370, 6370, 0),  # all claimed already
        (6370, 0, 0, 0),  # not cleared: nothing remitted, all from tax payable
        (100, 6370, 6400, 0),  # never negative
    ],
)
def test_the_claim_never_exceeds_the_tax_remitted_and_unclaimed(
    refund_tax: int, remitted: int, claimed_before: int, claim: int
) -> None:
    assert (
        customs_tax_claim(refund_tax=refund_tax, remitted=remitted, claimed_before=claimed_before)
        == claim
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_settle_each_claim_once(on_postgres: None) -> None:
    orders = [cleared_order() for _ in range(4)]
    for i, order in enumerate(orders):
        refund(order, None, f"r{i}")

    def worker(_: int) -> dict:
        try:
            return tax_claims_settle(limit=1)
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(worker, range(6)))
    assert sum(r["tax_claims_repaid"] for r in results) == 4
    assert Transfer.objects.filter(code="customs_tax_repaid").count() == 4
    assert owed(RECEIVABLE) == 0
    assert ledger_invariant().ok
