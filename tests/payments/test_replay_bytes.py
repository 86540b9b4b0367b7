"""A repeat of a money request gets the first answer byte for byte, on PostgreSQL too (its jsonb
keeps an object's keys in its own order, not the order they were written in)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests import factories
from tests.payments.test_instore import setup
from tests.payments.test_refunds import paid
from tradelane.core.models import IdempotencyRecord
from tradelane.merchants.services import api_key_create
from tradelane.payments.services.instore import payment_code_issue, qr_payment

pytestmark = pytest.mark.django_db


def _post(token: str, path: str, body: str, key: str) -> Any:
    return Client().post(
        f"/api/v1{path}",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )


def _twice(token: str, path: str, body: str, key: str, status: int) -> None:
    first = _post(token, path, body, key)
    assert first.status_code == status, first.content
    again = _post(token, path, body, key)
    assert (again.status_code, again.content) == (first.status_code, first.content)


def test_till_answers_replay_byte_for_byte() -> None:
    _merchant, shop, visitor = setup()
    key, _ = api_key_create(
        merchant=shop.merchant, name="till", created_by=factories.operator(), shop=shop
    )
    code, _ = payment_code_issue(consumer=visitor)
    _twice(key, "/till/payments", f'{{"code": "{code}", "amount": "20.00"}}', "sale", 201)
    sale = _post(key, "/till/payments", f'{{"code": "{code}", "amount": "20.00"}}', "sale")
    _twice(key, f"/till/payments/{sale.json()['id']}/refunds", '{"amount": "5.00"}', "back", 201)
    _twice(key, "/till/qr", '{"amount": "12.00"}', "qr", 201)


def test_an_order_refund_replays_byte_for_byte() -> None:
    _buyer, _checkout, order, _honey = paid()
    key, _ = api_key_create(merchant=order.merchant, name="k", created_by=factories.operator())
    path = f"/merchant/orders/{order.number}/refunds"
    _twice(key, path, '{"amount": "10.00", "reason": "customer_request"}', "rf", 201)


def test_a_qr_secret_is_not_kept_in_the_clear_but_a_replay_shows_the_same_qr() -> None:
    _merchant, shop, _visitor = setup()
    key, _ = api_key_create(
        merchant=shop.merchant, name="till", created_by=factories.operator(), shop=shop
    )
    first = _post(key, "/till/qr", '{"amount": "12.00"}', "qr")
    assert first.status_code == 201, first.content
    link = first.json()["qr"]
    assert link.startswith("tradelane://pay/")
    token = link.removeprefix("tradelane://pay/")
    stored = IdempotencyRecord.objects.get(key="qr")
    assert token not in json.dumps(stored.response_body)
    again = _post(key, "/till/qr", '{"amount": "12.00"}', "qr")
    assert (again.status_code, again.content) == (201, first.content)
    assert qr_payment(token).pk == first.json()["payment"]["id"]
