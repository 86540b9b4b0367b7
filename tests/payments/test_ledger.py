from datetime import timedelta

import pytest

from tests.payments.ledger_helpers import acct, tid, totals
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.core.errors import ApplicationError, ValidationFailed
from tradelane.payments.errors import InsufficientFunds, JournalConflict, LedgerRefused
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Journal, Transfer
from tradelane.payments.services.ledger import TransferSpec, journal_post, pending_expire

pytestmark = pytest.mark.django_db


def post(debit, credit, amount, **kw):
    journal_id = kw.pop("journal_id", tid())
    return journal_post(
        journal_id=journal_id,
        kind="test",
        transfers=[TransferSpec(tid(), debit.pk, credit.pk, amount, "test", **kw)],
    )


def test_a_posted_transfer_moves_both_sides() -> None:
    bank, wallet = acct(), acct(protected=True)
    post(bank, wallet, 500)
    assert totals(bank) == (0, 500, 0, 0)
    assert totals(wallet) == (0, 0, 0, 500)
    assert ledger_invariant().ok


def test_a_protected_wallet_never_goes_negative_and_nothing_moves() -> None:
    bank, wallet, shop = acct(), acct(protected=True), acct()
    post(bank, wallet, 500)
    with pytest.raises(InsufficientFunds):
        post(wallet, shop, 501)
    assert totals(wallet) == (0, 0, 0, 500)
    assert totals(shop) == (0, 0, 0, 0)
    post(wallet, shop, 500)
    wallet.refresh_from_db()
    assert wallet.credit_balance == 0
    assert ledger_invariant().ok


def test_linked_transfers_succeed_or_fail_together() -> None:
    bank, wallet, a, b = acct(), acct(protected=True), acct(), acct()
    post(bank, wallet, 100)
    journals = Journal.objects.count()
    with pytest.raises(InsufficientFunds):
        journal_post(
            journal_id="linked-1",
            kind="test",
            transfers=[
                TransferSpec("l1", wallet.pk, a.pk, 60, "x"),
                TransferSpec("l2", wallet.pk, b.pk, 60, "x"),
            ],
        )
    assert totals(wallet) == (0, 0, 0, 100)
    assert totals(a) == (0, 0, 0, 0)
    assert Journal.objects.count() == journals
    assert not Transfer.objects.filter(pk__in=["l1", "l2"]).exists()


def test_a_repeated_journal_replays_and_a_changed_one_conflicts() -> None:
    bank, wallet = acct(), acct(protected=True)
    spec = [TransferSpec("once", bank.pk, wallet.pk, 300, "topup")]
    first = journal_post(journal_id="j-once", kind="topup", transfers=spec)
    again = journal_post(journal_id="j-once", kind="topup", transfers=spec)
    assert first.pk == again.pk
    assert totals(wallet) == (0, 0, 0, 300)
    with pytest.raises(JournalConflict):
        journal_post(
            journal_id="j-once",
            kind="topup",
            transfers=[TransferSpec("once", bank.pk, wallet.pk, 301, "topup")],
        )
    with pytest.raises(JournalConflict):
        journal_post(journal_id="j-other", kind="topup", transfers=spec)  # transfer id reused
    assert totals(wallet) == (0, 0, 0, 300)


def test_pending_then_partial_post_releases_the_rest() -> None:
    bank, wallet, shop = acct(), acct(protected=True), acct()
    post(bank, wallet, 1000)
    journal_post(
        journal_id="hold",
        kind="test",
        transfers=[TransferSpec("h1", wallet.pk, shop.pk, 700, "hold", kind="pending")],
    )
    assert totals(wallet) == (700, 0, 0, 1000)
    with pytest.raises(InsufficientFunds):  # the hold counts against the balance
        post(wallet, shop, 301)
    journal_post(
        journal_id="post",
        kind="test",
        transfers=[TransferSpec("p1", 0, 0, 400, "capture", kind="post_pending", pending_id="h1")],
    )
    assert totals(wallet) == (0, 400, 0, 1000)
    assert totals(shop) == (0, 0, 0, 400)
    with pytest.raises(LedgerRefused) as twice:
        journal_post(
            journal_id="post-2",
            kind="test",
            transfers=[
                TransferSpec("p2", 0, 0, None, "capture", kind="post_pending", pending_id="h1")
            ],
        )
    assert twice.value.code == "pending_already_resolved"
    assert ledger_invariant().ok


def test_void_and_post_more_than_held() -> None:
    bank, wallet, shop = acct(), acct(protected=True), acct()
    post(bank, wallet, 100)
    journal_post(
        journal_id="h",
        kind="t",
        transfers=[TransferSpec("h2", wallet.pk, shop.pk, 80, "hold", kind="pending")],
    )
    with pytest.raises(LedgerRefused) as over:
        journal_post(
            journal_id="o",
            kind="t",
            transfers=[TransferSpec("o1", 0, 0, 81, "c", kind="post_pending", pending_id="h2")],
        )
    assert over.value.code == "post_exceeds_pending"
    journal_post(
        journal_id="v",
        kind="t",
        transfers=[TransferSpec("v1", 0, 0, None, "void", kind="void_pending", pending_id="h2")],
    )
    assert totals(wallet) == (0, 0, 0, 100)
    assert ledger_invariant().ok


def test_pending_transfers_time_out() -> None:
    bank, wallet, shop = acct(), acct(protected=True), acct()
    post(bank, wallet, 100)
    journal_post(
        journal_id="t",
        kind="t",
        transfers=[
            TransferSpec("to1", wallet.pk, shop.pk, 50, "hold", kind="pending", timeout_seconds=60)
        ],
    )
    with use_clock(ManualClock(clock.now() + timedelta(seconds=61))):
        with pytest.raises(LedgerRefused) as late:
            journal_post(
                journal_id="late",
                kind="t",
                transfers=[
                    TransferSpec("late1", 0, 0, None, "c", kind="post_pending", pending_id="to1")
                ],
            )
        assert late.value.code == "pending_expired"
        assert pending_expire() == 1
        assert pending_expire() == 0
    assert totals(wallet) == (0, 0, 0, 100)
    assert ledger_invariant().ok


def test_currencies_never_mix_in_one_transfer() -> None:
    with pytest.raises(LedgerRefused) as mixed:
        post(acct("AUD"), acct("CNY"), 100)
    assert mixed.value.code == "currency_mismatch"


def test_bad_specs_are_refused_before_anything() -> None:
    a, b = acct(), acct()
    for bad in (
        [],
        [TransferSpec("x", a.pk, b.pk, 0, "c")],
        [TransferSpec("y", a.pk, a.pk, 5, "c")],
        [TransferSpec("z", a.pk, b.pk, 5, "c"), TransferSpec("z", a.pk, b.pk, 5, "c")],
    ):
        with pytest.raises(ValidationFailed):
            journal_post(journal_id=tid(), kind="t", transfers=bad)
    assert not Transfer.objects.exists()


def test_the_invariant_detects_a_tampered_balance() -> None:
    a, b = acct(), acct()
    post(a, b, 100)
    from tradelane.payments.models import LedgerAccount

    LedgerAccount.objects.filter(pk=b.pk).update(credits_posted=101)
    report = ledger_invariant()
    assert not report.ok
    assert report.unbalanced_currencies == ["AUD"]
    assert report.mismatched_accounts[0]["account"] == b.code


def test_ledger_check_command_exit_codes() -> None:
    from django.core.management import call_command

    a, b = acct(), acct()
    post(a, b, 100)
    call_command("ledger_check")
    from tradelane.payments.models import LedgerAccount

    LedgerAccount.objects.filter(pk=a.pk).update(debits_posted=99)
    with pytest.raises(SystemExit) as failed:
        call_command("ledger_check")
    assert failed.value.code == 1


def test_errors_are_application_errors() -> None:
    assert issubclass(LedgerRefused, ApplicationError)
