"""100 threads spend from one wallet at once: it never goes below zero, and what succeeded is
exactly what left the wallet."""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.payments.ledger_helpers import acct
from tradelane.payments.errors import InsufficientFunds
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.ledger import TransferSpec, journal_post
from tradelane.payments.models import LedgerAccount


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
