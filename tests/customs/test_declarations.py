"""The declaration journey: paid -> declared -> cleared -> tax remitted; and the ways customs
says no: documents that do not match, an identity it cannot verify, a failed inspection."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from tests import factories
from tests.payments.test_online import fund
from tradelane.clearance.services.declarations import (
    declaration_hold,
    declaration_release,
    declarations_open,
    declarations_run,
)
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.models import Declaration, QuotaEntry, QuotaUse
from tradelane.customs.services.identity import identity_register
from tradelane.inventory.models import StockItem
from tradelane.markets.selectors import market_get
from tradelane.orders.models import Order
from tradelane.orders.services import cart_set_line, checkout_place, checkout_quote
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import LedgerAccount, Transfer
from tradelane.payments.services.online import payment_confirm, payment_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_random_inspection(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CUSTOMS_ANSWER_SECONDS", "20")


def paid_order(buyer=None) -> Order:
    merchant = factories.merchant()
    honey = factories.listed(merchant, fixed="300.00", stock=10)
    buyer = buyer or factories.consumer("CN")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=honey.pk, quantity=2)
    quote = checkout_quote(consumer=buyer, market=market_get("CN"))
    checkout = checkout_place(
        consumer=buyer, quote_id=quote.pk, address_id=factories.address(buyer).pk
    )
    fund(buyer, "2000")
    payment = payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    assert payment.status == "succeeded", payment.failure_code
    return checkout.orders.get()


def balance(code: str) -> int:
    return LedgerAccount.objects.get(code=code).credit_balance


def answer_after(seconds: int) -> dict:
    with use_clock(ManualClock(clock.now() + timedelta(seconds=seconds))):
        return declarations_run()


def test_a_paid_order_is_declared_cleared_and_its_tax_remitted() -> None:
    order = paid_order()
    tax_before = balance("tax_payable:CNY")
    assert declarations_run()["declarations_submitted"] == 1
    declaration = Declaration.objects.get(order=order)
    assert declaration.status == "submitted"
    assert declaration.reference.startswith("CEB")
    docs = declaration.documents
    assert docs["order"]["total"] == docs["payment"]["amount"]
    assert docs["order"]["buyer"]["id_number"].count("*") == 8  # masked at rest
    assert docs["waybill"]["waybill_no"].endswith("AU")
    assert declarations_run()["declarations_cleared"] == 0  # customs has not answered yet
    assert answer_after(21)["declarations_cleared"] == 1
    declaration.refresh_from_db()
    assert declaration.status == "cleared"
    assert balance("tax_payable:CNY") == tax_before - order.tax_minor
    assert [h.to_status for h in declaration.history.all()] == ["submitted", "cleared"]
    assert ledger_invariant().ok


def test_a_payer_who_is_not_the_buyer_is_rejected_and_refunded_in_full() -> None:
    buyer = factories.consumer("CN")
    order = paid_order(buyer)
    taken = QuotaEntry.objects.get(order=order, kind="taken")
    used = QuotaUse.objects.get(identity_index=taken.identity_index)
    assert used.used_minor == taken.amount_minor > 0
    # the account's identity is replaced by someone else's after paying
    identity_register(consumer=buyer, real_name="李娜", id_number=factories.identity_number(9, 7))
    declarations_run()
    assert answer_after(21)["declarations_rejected"] == 1
    declaration = Declaration.objects.get(order=order)
    assert (declaration.status, declaration.reason_code) == ("rejected", "documents_mismatch")
    assert "payer is not the buyer" in declaration.reason
    order.refresh_from_db()
    assert order.status == "refunded"
    used.refresh_from_db()
    assert used.used_minor == 0  # quota given back
    stock = StockItem.objects.get(variant=order.lines.get().variant)
    assert (stock.on_hand, stock.reserved) == (10, 0)  # stock back on the shelf
    assert order.payment_part.refunded_minor == order.total_minor
    assert ledger_invariant().ok


def test_an_identity_customs_cannot_verify_is_rejected() -> None:
    buyer = factories.consumer("CN", identity=False)
    identity_register(consumer=buyer, real_name="王芳", id_number=factories.identity_number(3, 999))
    order = paid_order(buyer)
    declarations_run()
    answer_after(21)
    declaration = Declaration.objects.get(order=order)
    assert (declaration.status, declaration.reason_code) == ("rejected", "identity_unverified")


def test_inspection_holds_then_clears(monkeypatch) -> None:
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "1000")
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_FAIL_PERMILLE", "0")
    order = paid_order()
    declarations_run()
    answer_after(21)
    declaration = Declaration.objects.get(order=order)
    assert declaration.status == "held"
    answer_after(21 + 121)
    declaration.refresh_from_db()
    assert declaration.status == "cleared"


def test_an_operator_hold_pauses_the_declaration_until_released() -> None:
    order = paid_order()
    declarations_run()
    declaration = Declaration.objects.get(order=order)
    declaration_hold(declaration, actor="operator:1", reason="checking the buyer")
    answer_after(60)
    declaration.refresh_from_db()
    assert (declaration.status, declaration.on_hold) == ("submitted", True)
    declaration_release(declaration, actor="operator:1")
    answer_after(60)
    declaration.refresh_from_db()
    assert declaration.status == "cleared"
    assert [h.reason for h in declaration.history.all()][1:3] == [
        "checking the buyer",
        "released by an operator",
    ]


def test_a_decided_declaration_cannot_be_held() -> None:
    from tradelane.clearance.errors import IllegalDeclarationTransition

    order = paid_order()
    declarations_run()
    answer_after(21)
    declaration = Declaration.objects.get(order=order)
    assert declaration.status == "cleared"
    with pytest.raises(IllegalDeclarationTransition):
        declaration_hold(declaration, actor="operator:1", reason="too late")
    declaration.refresh_from_db()
    assert declaration.on_hold is False
    assert declaration.history.count() == 2


def test_a_hold_clicked_on_a_page_customs_has_since_answered_is_refused() -> None:
    """The operator's page was loaded while the declaration was submitted; customs cleared it
    before the click. The hold must test the row as it is now, not the copy in hand."""
    from tradelane.clearance.errors import IllegalDeclarationTransition

    order = paid_order()
    declarations_run()
    on_the_page = Declaration.objects.get(order=order)
    assert on_the_page.status == "submitted"
    answer_after(21)
    with pytest.raises(IllegalDeclarationTransition):
        declaration_hold(on_the_page, actor="operator:1", reason="stale page")
    fresh = Declaration.objects.get(order=order)
    assert (fresh.status, fresh.on_hold) == ("cleared", False)
    assert fresh.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_job_declare_and_remit_each_order_once(on_postgres: None) -> None:
    """The job locks its batch with skip-locked: two workers split the queue, never submit or
    clear a declaration twice, and the tax of each is remitted exactly once."""
    orders = [paid_order() for _ in range(12)]
    tax_before = balance("tax_payable:CNY")
    assert declarations_open(limit=100) == 12  # then 4 runs of 3 must take exactly 3 each

    def worker(limit: int) -> dict:
        try:
            return declarations_run(limit=limit)
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        submitted = list(pool.map(lambda _: worker(3), range(4)))
    assert sum(r["declarations_submitted"] for r in submitted) == 12
    # the clock is the platform's, shared by threads: moved once, here, for both workers
    with use_clock(ManualClock(clock.now() + timedelta(seconds=21))), ThreadPoolExecutor(2) as pool:
        answered = list(pool.map(lambda _: worker(3), range(4)))
    assert sum(r["declarations_cleared"] for r in answered) == 12
    for order in orders:
        history = [h.to_status for h in Declaration.objects.get(order=order).history.all()]
        assert history == ["submitted", "cleared"]
    assert Transfer.objects.filter(code="tax_remitted").count() == 12
    assert balance("tax_payable:CNY") == tax_before - sum(o.tax_minor for o in orders)
    assert ledger_invariant().ok
