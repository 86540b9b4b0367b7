"""100 threads spend from one wallet at once: it never goes below zero, and what succeeded is
exactly what left the wallet."""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.payments.ledger_helpers import acct
from tradelane.payments.errors import InsufficientFunds
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import LedgerAccount
from tradelane.payments.services.ledger import TransferSpec, journal_post


@pytest.mark.django_db(transaction=True)
def test_hundred_threads_never_overdraw_one_wallet(on_postgres: None) -> None:
    bank, wallet, shop = acct("CNY"), acct("CNY", protected=True), acct("CNY")
    journal_post(
        journal_id="fund",
        kind="topup",
        transfers=[TransferSpec("fund", bank.pk, wallet.pk, 10_000, "topup")],
    )
    amounts = [random.Random(n).randint(50, 250) for n in range(100)]  # asks for about 15,000

    def spend(n: int) -> int:
        try:
            journal_post(
                journal_id=f"spend-{n}",
                kind="pay",
                transfers=[TransferSpec(f"spend-{n}", wallet.pk, shop.pk, amounts[n], "pay")],
            )
            return amounts[n]
        except InsufficientFunds:
            return 0
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=100) as pool:
        spent = sum(pool.map(spend, range(100)))
    wallet = LedgerAccount.objects.get(pk=wallet.pk)
    assert wallet.credit_balance >= 0
    assert wallet.debits_posted == spent
    assert LedgerAccount.objects.get(pk=shop.pk).credits_posted == spent
    assert spent > 9_750  # refusals only once the wallet could not cover another spend
    assert ledger_invariant().ok


@pytest.mark.django_db(transaction=True)
def test_journals_sharing_accounts_in_any_order_never_deadlock(on_postgres: None) -> None:
    """Captures credit the same merchants and platform accounts, each listing them in its own
    order. Accounts are locked in id order first, so the balance UPDATEs never meet in a cycle."""
    x, y, c, d = acct("AUD"), acct("AUD"), acct("AUD"), acct("AUD")

    def post(n: int) -> None:
        legs = [
            TransferSpec(f"j{n}:x", x.pk, c.pk, 100, "goods"),
            TransferSpec(f"j{n}:y", y.pk, d.pk, 10, "fee"),
        ]
        try:
            with connection.cursor() as cursor:
                # the plan production used (a nested loop over the VALUES, rows locked in the
                # journal's order); a tiny test table would otherwise get a hash join
                cursor.execute("SET enable_hashjoin = off; SET enable_mergejoin = off")
            journal_post(journal_id=f"j{n}", kind="capture", transfers=legs[:: 1 - 2 * (n % 2)])
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(post, range(200)))  # a deadlock would raise here
    assert LedgerAccount.objects.get(pk=c.pk).credits_posted == 200 * 100
    assert LedgerAccount.objects.get(pk=y.pk).debits_posted == 200 * 10
    assert ledger_invariant().ok
