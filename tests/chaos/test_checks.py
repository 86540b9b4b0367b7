"""The chaos run's database checks on a small database made through the services (SQLite and
PostgreSQL): a clean history passes, and each kind of damage is caught by its check."""

from pathlib import Path

import pytest

from tests.payments.test_instore import setup as till_setup
from tests.payments.test_refunds import paid
from tradelane.clearance.services.declarations import declarations_run
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.models import Declaration, DeclarationStatus
from tradelane.payments.models import Payment, TopUp
from tradelane.payments.services.instore import payment_code_issue, till_charge_code, till_refund
from tradelane.payments.services.ledger import TransferSpec, journal_post
from tradelane.payments.services.refunds import refund_order
from tradelane.payments.services.wallets import wallet_for
from tradelane.tools.chaos.checks import (
    Scope,
    check_double_charge,
    check_ledger,
    check_orders_moved_on,
    check_queue,
    check_reconcile,
    load_rows,
    run_checks,
)
from tradelane.tools.chaos.clientlog import OK, Attempt, compare
from tradelane.tools.chaos.run import ChaosOptions, ChaosReport, write_doc

pytestmark = pytest.mark.django_db


def history() -> tuple[Scope, list[Attempt], Payment]:
    """A paid checkout, one of its orders partly refunded by its merchant, and a till payment
    half refunded, each acknowledged to the client."""
    buyer, checkout, order, _honey = paid()
    payment = Payment.objects.get(checkout=checkout)
    refund = refund_order(
        order=order,
        amount=Money.of("1.00", order.currency),
        reason="before_shipping",
        request_id="rk",
        actor=f"merchant:{order.merchant_id}",
    )
    _merchant, shop, visitor = till_setup()
    code, _ = payment_code_issue(consumer=visitor)
    charged = till_charge_code(
        shop=shop, code=code, amount=Money.of("20.00", "AUD"), request_id="tk"
    )
    back = till_refund(
        shop=shop, payment_id=charged.pk, amount=Money.of("10.00", "AUD"), request_id="tr"
    )
    log = [
        Attempt("pay_confirm", "k1", 1, OK, 200, id=payment.pk, result_status="succeeded"),
        Attempt("order_refund", "k2", 1, OK, 201, id=refund.pk, amount_minor=100),
        Attempt(
            "till_charge",
            "k3",
            1,
            OK,
            201,
            id=charged.pk,
            amount_minor=2000,
            result_status="succeeded",
        ),
        Attempt("till_refund", "k4", 1, OK, 201, id=back.pk, amount_minor=1000),
    ]
    scope = Scope(
        consumer_ids=[buyer.pk, visitor.pk],
        shop_ids=[shop.pk],
        topups_before=frozenset(TopUp.objects.values_list("pk", flat=True)),
    )
    return scope, log, payment


def test_a_clean_history_passes_every_money_check() -> None:
    scope, log, _ = history()
    results = {r.name: r for r in run_checks(log, scope)}
    assert set(results) == {
        "ledger invariant",
        "reconcile",
        "no double charge",
        "no acknowledged-but-lost",
        "no unacknowledged-but-done",
        "unknown outcomes settled by replay",
        "every paid order moved on",
    }
    money = {name: r for name, r in results.items() if name != "every paid order moved on"}
    assert all(r.ok for r in money.values()), [r.lines() for r in money.values()]
    assert results["no double charge"].figure.startswith("2 wallets")


def test_a_paid_order_is_stuck_until_its_declaration_is_submitted() -> None:
    scope, _log, _ = history()
    stuck = check_orders_moved_on(scope)
    assert not stuck.ok
    assert "2 still paid" in stuck.figure
    declarations_run()
    moved = check_orders_moved_on(scope)
    assert moved.ok, moved.lines()


def test_money_taken_from_a_wallet_without_a_row_is_a_double_charge() -> None:
    scope, log, payment = history()
    wallet = wallet_for(payment.consumer)
    journal_post(
        journal_id="capture:again",
        kind="capture",
        transfers=[
            TransferSpec("capture:again:1", wallet.account_id, _liquidity(), 500, "capture")
        ],
    )
    assert check_ledger().ok
    assert check_reconcile().ok
    caught = check_double_charge(scope, compare(log, load_rows(scope)))
    assert not caught.ok
    assert "its rows account for" in caught.details[0]


def _liquidity() -> int:
    from tradelane.payments.models import AccountKind
    from tradelane.payments.services.accounts import system_account

    return system_account(AccountKind.LIQUIDITY, "CNY").pk


def test_a_payment_no_client_was_told_of_is_unacknowledged_but_done() -> None:
    scope, log, payment = history()
    without_confirm = [x for x in log if x.op != "pay_confirm"]
    results = {r.name: r for r in run_checks(without_confirm, scope)}
    done = results["no unacknowledged-but-done"]
    assert not done.ok
    assert done.details[0].startswith(f"payment {payment.pk}")


def test_queue_depth_is_bounded_and_must_have_been_sampled() -> None:
    assert check_queue(12, 0, 500, samples=30).ok
    assert not check_queue(501, 0, 500, samples=30).ok
    assert not check_queue(0, 0, 500, samples=0).ok


def test_the_report_lands_in_its_generated_block(tmp_path: Path) -> None:
    doc = tmp_path / "reliability.md"
    doc.write_text("# Reliability\n\nWritten by hand.\n")
    report = ChaosReport(
        ChaosOptions.short(), "short", lines=["first"], seconds_total=clock.now().second
    )
    write_doc(report, doc)
    report.lines = ["second"]
    write_doc(report, doc)
    text = doc.read_text()
    assert "Written by hand." in text
    assert "second" in text
    assert "first" not in text
    assert text.count("<!-- chaos:short -->") == 1


def test_a_pass_that_reports_a_failed_step_is_a_failure_of_the_drain() -> None:
    from tradelane.tools.chaos.run import _failed_steps

    assert _failed_steps({"orders_expired": 3, "topups_settled": 0}) == ""
    assert _failed_steps({"orders_expired": 0, "failed:declarations": 1}) == "declarations: failed"


@pytest.mark.parametrize(
    "damage",
    [
        DeclarationStatus.REJECTED,  # customs refused: the order should have been refunded
        DeclarationStatus.CLEARED,  # cleared: the order should have moved on to fulfilment
        DeclarationStatus.CANCELLED,  # nothing to declare: only for an order refunded in full
        DeclarationStatus.PENDING,
    ],
)
def test_a_paid_order_passes_only_while_customs_has_its_declaration(damage: str) -> None:
    scope, _log, _ = history()
    declarations_run()
    assert check_orders_moved_on(scope).ok  # submitted: waiting on customs is moving on
    Declaration.objects.filter(status=DeclarationStatus.SUBMITTED).update(status=damage)
    stuck = check_orders_moved_on(scope)
    assert not stuck.ok
    assert f"declaration {damage}" in stuck.details[0]


def test_a_held_declaration_keeps_a_paid_order_moving() -> None:
    scope, _log, _ = history()
    declarations_run()
    Declaration.objects.filter(status=DeclarationStatus.SUBMITTED).update(
        status=DeclarationStatus.HELD
    )
    assert check_orders_moved_on(scope).ok


def test_queue_depth_counts_only_samples_that_read_the_queue() -> None:
    """A monitor whose every Redis read failed saw nothing: max 0 is no evidence of a bound."""
    import httpx
    import redis

    from tradelane.tools.chaos.faults import Monitor

    class Down:
        def scan_iter(self, **_: object) -> list[bytes]:
            raise redis.ConnectionError("Connection refused")

    def ok(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200)

    monitor = Monitor("http://platform.test", "redis://127.0.0.1:6379/7", None, lambda: None)  # type: ignore[arg-type]
    with httpx.Client(base_url="http://platform.test", transport=httpx.MockTransport(ok)) as http:
        for _ in range(10):
            monitor.sample(Down(), http)  # type: ignore[arg-type]
    checked = check_queue(
        monitor.max_depth, monitor.last_depth, 500, monitor.depth_samples, len(monitor.errors)
    )
    assert not checked.ok
    assert "10 failed" in checked.figure


def test_queue_depth_fails_when_too_many_samples_failed() -> None:
    assert check_queue(12, 0, 500, 30, 1).ok  # one hiccup among many reads
    assert not check_queue(12, 0, 500, 30, 10).ok
    assert not check_queue(0, 0, 500, 0, 0).ok


def test_the_platform_must_be_ready_again_after_the_faults(tmp_path: Path) -> None:
    """A supervisor that never brings back the jobs worker or the scheduler leaves /readyz at
    503: the drain (which runs the jobs in the harness) would hide it; this check does not."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tradelane.tools.chaos.checks import check_recovered
    from tradelane.tools.chaos.faults import wait_ready

    answers = {"status": 503}

    class Readyz(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(answers["status"] if self.path == "/readyz" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Readyz)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        never = wait_ready(base, seconds=1.0, poll=0.1)
        assert never is None
        failed = check_recovered(never, limit=1.0)
        assert not failed.ok
        assert "not ready" in failed.details[0]
        answers["status"] = 200
        ready = wait_ready(base, seconds=1.0, poll=0.1)
        assert ready is not None
        assert check_recovered(ready, limit=1.0).ok
    finally:
        server.shutdown()
