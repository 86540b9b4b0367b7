"""One idempotency discipline for every money endpoint: a key is matched on the whole request
and on who sent it; a repeat replays the first answer, byte for byte; another request under the
same key is a 409 that changes nothing. A payment code refused too often is void."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories
from tests.api.client import Api, assert_error
from tests.payments.test_instore import balance, setup
from tests.payments.test_refunds import paid
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.merchants.models import Shop
from tradelane.merchants.services import api_key_create
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import (
    InStorePayment,
    InStoreRefund,
    Journal,
    PaymentCode,
    Refund,
    Transfer,
)
from tradelane.payments.services import instore
from tradelane.payments.services.instore import payment_code_issue, till_charge_code
from tradelane.payments.services.refunds import refund_order
from tradelane.payments.services.wallets import topup_create, wallet_for

pytestmark = pytest.mark.django_db
REFUSALS = getattr(instore, "MAX_CODE_REFUSALS", 5)


def till_api(shop: Shop) -> Api:
    key, _ = api_key_create(
        merchant=shop.merchant, name="till", created_by=factories.operator(), shop=shop
    )
    return Api(key)


def operator_token() -> str:
    operator = factories.operator()
    status, body = Api().post(
        "/auth/token", {"email": operator.email, "password": factories.PASSWORD}
    )
    assert status == 200, body
    return str(body["token"])


def wallet_balance(consumer: Any) -> int:
    return balance(wallet_for(consumer).account.code)


def test_another_customers_code_with_the_same_amount_is_a_409_not_a_replay() -> None:
    _merchant, shop, first = setup()
    second = factories.consumer("CN")
    topup_create(
        consumer=second, amount=Money.of("1000", "CNY"), funding_source="card_4242", request_id="f"
    )
    till = till_api(shop)
    code, _ = payment_code_issue(consumer=first)
    status, _sale = till.post(
        "/till/payments", {"code": code, "amount": "20.00"}, headers={"Idempotency-Key": "k"}
    )
    assert status == 201
    other, _ = payment_code_issue(consumer=second)
    before, transfers = wallet_balance(second), Transfer.objects.count()
    assert_error(
        *till.post(
            "/till/payments", {"code": other, "amount": "20.00"}, headers={"Idempotency-Key": "k"}
        ),
        409,
        "idempotency_key_reused",
    )
    assert wallet_balance(second) == before
    assert Transfer.objects.count() == transfers
    assert InStorePayment.objects.count() == 1
    # the second customer's code was not spent by the refusal
    assert not PaymentCode.objects.get(wallet__consumer=second).used_at


def test_a_till_charge_replays_its_first_answer_even_after_a_refund() -> None:
    _merchant, shop, visitor = setup()
    till = till_api(shop)
    code, _ = payment_code_issue(consumer=visitor)
    body = {"code": code, "amount": "20.00"}
    first = till.post("/till/payments", body, headers={"Idempotency-Key": "sale"})
    assert first[0] == 201
    refunded = till.post(
        f"/till/payments/{first[1]['id']}/refunds",
        {"amount": "5.00"},
        headers={"Idempotency-Key": "back"},
    )
    assert refunded[0] == 201
    assert till.post("/till/payments", body, headers={"Idempotency-Key": "sale"}) == first
    assert (
        till.post(
            f"/till/payments/{first[1]['id']}/refunds",
            {"amount": "5.00"},
            headers={"Idempotency-Key": "back"},
        )
        == refunded
    )
    assert (InStorePayment.objects.count(), InStoreRefund.objects.count()) == (1, 1)


def test_a_till_refund_key_reused_for_another_amount_is_a_409() -> None:
    _merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    sale = till_charge_code(shop=shop, code=code, amount=Money.of("20", "AUD"), request_id="s")
    till = till_api(shop)
    path = f"/till/payments/{sale.pk}/refunds"
    assert till.post(path, {"amount": "5.00"}, headers={"Idempotency-Key": "r"})[0] == 201
    before = wallet_balance(visitor)
    assert_error(
        *till.post(path, {"amount": "6.00"}, headers={"Idempotency-Key": "r"}),
        409,
        "idempotency_key_reused",
    )
    assert wallet_balance(visitor) == before
    assert InStoreRefund.objects.count() == 1


def test_a_full_refund_after_a_partial_one_under_the_same_key_is_not_a_replay() -> None:
    _buyer, _checkout, order, _honey = paid()
    partial = refund_order(
        order=order,
        amount=Money.from_minor(1000, order.currency),
        reason="customer_request",
        request_id="k",
        actor="operator:1",
    )
    journals = Journal.objects.count()
    with pytest.raises(ApplicationError) as reused:
        refund_order(
            order=order, amount=None, reason="customer_request", request_id="k", actor="operator:1"
        )
    assert (reused.value.code, reused.value.http_status) == ("idempotency_key_reused", 409)
    assert list(Refund.objects.values_list("pk", flat=True)) == [partial.pk]
    assert Journal.objects.count() == journals
    # the honest retry of the partial refund replays it
    again = refund_order(
        order=order,
        amount=Money.from_minor(1000, order.currency),
        reason="customer_request",
        request_id="k",
        actor="operator:1",
    )
    assert again.pk == partial.pk


def test_operator_and_merchant_keys_are_independent() -> None:
    _buyer, _checkout, order, _honey = paid()
    merchant_key, _ = api_key_create(
        merchant=order.merchant, name="k", created_by=factories.operator()
    )
    body = {"amount": "10.00", "reason": "customer_request"}
    path = f"/orders/{order.number}/refunds"
    by_merchant = Api(merchant_key).post(
        f"/merchant{path}", body, headers={"Idempotency-Key": "same"}
    )
    by_operator = Api(operator_token()).post(
        f"/operator{path}", body, headers={"Idempotency-Key": "same"}
    )
    assert (by_merchant[0], by_operator[0]) == (201, 201)
    assert by_merchant[1]["id"] != by_operator[1]["id"]
    assert Refund.objects.filter(order=order).count() == 2
    assert sum(Refund.objects.values_list("amount_minor", flat=True)) == 2000
    assert ledger_invariant().ok


def test_an_order_refund_over_http_replays_byte_for_byte() -> None:
    _buyer, _checkout, order, _honey = paid()
    merchant_key, _ = api_key_create(
        merchant=order.merchant, name="k", created_by=factories.operator()
    )
    api = Api(merchant_key)
    path = f"/merchant/orders/{order.number}/refunds"
    first = api.post(path, {"reason": "customer_request"}, headers={"Idempotency-Key": "all"})
    assert first[0] == 201
    assert api.post(path, {"reason": "customer_request"}, headers={"Idempotency-Key": "all"}) == (
        first
    )
    assert_error(
        *api.post(
            path,
            {"reason": "customer_request", "amount": "1.00"},
            headers={"Idempotency-Key": "all"},
        ),
        409,
        "idempotency_key_reused",
    )
    assert Refund.objects.count() == 1


def test_a_code_refused_too_often_is_void_and_the_wallet_untouched() -> None:
    _merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    till = till_api(shop)
    before, transfers = wallet_balance(visitor), Transfer.objects.count()
    answers = [
        till.post(
            "/till/payments",
            {"code": code, "amount": f"{900 - n}.00"},
            headers={"Idempotency-Key": f"try-{n}"},
        )
        for n in range(REFUSALS)
    ]
    assert [a[0] for a in answers] == [422] * REFUSALS
    assert [a[1]["error"]["code"] for a in answers[:-1]] == ["insufficient_funds"] * (REFUSALS - 1)
    assert_error(*answers[-1], 422, "payment_code_void")
    # now even an amount the wallet covers is refused: the code is void
    assert_error(
        *till.post(
            "/till/payments", {"code": code, "amount": "1.00"}, headers={"Idempotency-Key": "low"}
        ),
        422,
        "payment_code_void",
    )
    assert wallet_balance(visitor) == before
    assert Transfer.objects.count() == transfers
    assert not InStorePayment.objects.exists()
    # a fresh code works
    fresh, _ = payment_code_issue(consumer=visitor)
    assert (
        till.post(
            "/till/payments", {"code": fresh, "amount": "1.00"}, headers={"Idempotency-Key": "ok"}
        )[0]
        == 201
    )


def test_a_till_never_sees_wallet_ids() -> None:
    _merchant, shop, visitor = setup()
    code, _ = payment_code_issue(consumer=visitor)
    till = till_api(shop)
    status, body = till.post(
        "/till/payments", {"code": code, "amount": "900.00"}, headers={"Idempotency-Key": "big"}
    )
    assert (status, body["error"]["code"]) == (422, "insufficient_funds")
    text = str(body)
    assert "wallet:" not in text
    assert wallet_for(visitor).account.code not in text
    assert "transfer" not in body["error"].get("extra", {})
