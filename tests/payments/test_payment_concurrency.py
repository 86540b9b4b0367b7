"""Twenty concurrent retries of one payment confirmation with one key charge once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests import factories
from tests.api.client import Api
from tests.payments.test_online import fund, placed
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Journal, Payment


@pytest.mark.django_db(transaction=True)
def test_twenty_retries_charge_once(on_postgres: None) -> None:
    buyer, checkout, *_ = placed()
    fund(buyer, "2000")
    token = factories.token(buyer)
    payment_id = Api(token).post("/payments", {"checkout_id": checkout.pk})[1]["id"]

    def confirm(_: int) -> tuple[int, object]:
        try:
            return Api(token).post(
                f"/payments/{payment_id}/confirm", headers={"Idempotency-Key": "pay-once"}
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(confirm, range(20)))
    succeeded = [r for r in results if r[0] == 200]
    assert succeeded
    assert all(r[1]["status"] == "succeeded" for r in succeeded)  # type: ignore[index]
    assert all(r[0] in (200, 409) for r in results)
    assert Journal.objects.filter(kind="capture").count() == 1
    assert Payment.objects.get(pk=payment_id).status == "succeeded"
    wallet = buyer.wallets.get().account
    wallet.refresh_from_db()
    assert wallet.credit_balance == 200000 - checkout.total_minor
    assert ledger_invariant().ok
