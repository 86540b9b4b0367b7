"""A repeat that waits on the first request's idempotency record longer than the database's lock
timeout is told to come back (409 idempotency_in_progress, Retry-After), not a 500, and nothing
moved."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from tests import factories
from tests.payments.test_instore import setup
from tests.payments.test_money_idempotency import wallet_balance
from tradelane.core import clock
from tradelane.core.models import IdempotencyRecord
from tradelane.merchants.services import api_key_create
from tradelane.payments.models import InStorePayment, PaymentCode, Transfer
from tradelane.payments.services.instore import payment_code_issue


@pytest.mark.django_db(transaction=True)
def test_a_repeat_waiting_past_the_lock_timeout_is_told_in_progress(on_postgres: None) -> None:
    _merchant, shop, visitor = setup()
    key, _ = api_key_create(
        merchant=shop.merchant, name="till", created_by=factories.operator(), shop=shop
    )
    code, _ = payment_code_issue(consumer=visitor)
    holding, release = threading.Event(), threading.Event()

    def first_request() -> None:  # holds the key's record, uncommitted, like a slow first try
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    scope=f"shop:{shop.pk}", key="sale", fingerprint="first", created_at=clock.now()
                )
                holding.set()
                release.wait(20)
                transaction.set_rollback(True)
        finally:
            connection.close()

    holder = threading.Thread(target=first_request)
    holder.start()
    try:
        assert holding.wait(10)
        before, transfers = wallet_balance(visitor), Transfer.objects.count()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        response = Client().post(
            "/api/v1/till/payments",
            data={"code": code, "amount": "20.00"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "sale"},
        )
    finally:
        release.set()
        holder.join(20)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "idempotency_in_progress"
    assert int(response["Retry-After"]) >= 1
    assert wallet_balance(visitor) == before
    assert Transfer.objects.count() == transfers
    assert not InStorePayment.objects.exists()
    assert PaymentCode.objects.get().used_at is None
