"""A payment code takes at most `MAX_CODE_ATTEMPTS` charges to the wallet, however many a till
sends at once: a till cannot walk the amount down until it finds the balance."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from tests.payments.test_instore import setup
from tests.payments.test_money_idempotency import wallet_balance
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import InStorePayment, PaymentCode
from tradelane.payments.services import instore
from tradelane.payments.services.instore import payment_code_issue, till_charge_code

TRIES = 10
LIMIT = getattr(instore, "MAX_CODE_ATTEMPTS", getattr(instore, "MAX_CODE_REFUSALS", 5))


@pytest.mark.django_db(transaction=True)
def test_concurrent_charges_on_one_code_reach_the_wallet_at_most_five_times(
    on_postgres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _merchant, shop, visitor = setup()  # 1000 CNY, about 215 AUD
    code, _ = payment_code_issue(consumer=visitor)
    reached, lock = [0], threading.Lock()
    real_charge = instore._charge

    def counted_charge(payment: Any, wallet: Any) -> Any:
        with lock:
            reached[0] += 1
        time.sleep(0.2)  # every other charge queues on the code meanwhile
        return real_charge(payment, wallet)

    monkeypatch.setattr(instore, "_charge", counted_charge)
    start = threading.Barrier(TRIES)

    def attempt(n: int) -> str:
        try:
            start.wait()
            till_charge_code(
                shop=shop,
                code=code,
                amount=Money.of(str(900 - 10 * n), "AUD"),  # each more than the wallet has
                request_id=f"try-{n}",
            )
            return "paid"
        except ApplicationError as refused:
            return refused.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=TRIES) as pool:
        answers = list(pool.map(attempt, range(TRIES)))
    assert reached[0] <= LIMIT, answers
    assert set(answers) <= {"insufficient_funds", "payment_code_void"}, answers
    assert answers.count("insufficient_funds") <= LIMIT
    assert not InStorePayment.objects.exists()
    assert PaymentCode.objects.get().voided_at is not None
    assert wallet_balance(visitor) == 100000
    assert ledger_invariant().ok
