"""Over HTTP: fund the wallet, pay the checkout once despite retries, read the money."""

import pytest

from tests import factories
from tests.api.client import Api, assert_error
from tests.payments.test_online import placed
from tradelane.core.money import Money
from tradelane.payments.models import Transfer

pytestmark = pytest.mark.django_db


def test_wallet_top_up_and_checkout_payment_over_http() -> None:
    buyer, checkout, *_ = placed()
    api = Api(factories.token(buyer))
    status, topup = api.post(
        "/wallet/topups",
        {"amount": "2000.00", "currency": "CNY", "funding_source": "card_4242"},
        headers={"Idempotency-Key": "t1"},
    )
    assert (status, topup["status"]) == (201, "succeeded")
    assert (
        api.post(
            "/wallet/topups",
            {"amount": "2000.00", "currency": "CNY", "funding_source": "card_4242"},
            headers={"Idempotency-Key": "t1"},
        )[1]
        == topup
    )
    assert api.get("/wallet")[1]["balance"] == {"amount": "2000.00", "currency": "CNY"}

    status, payment = api.post("/payments", {"checkout_id": checkout.pk})
    assert (status, payment["status"]) == (201, "requires_confirmation")
    status, paid = api.post(f"/payments/{payment['id']}/confirm", headers={"Idempotency-Key": "c1"})
    assert (status, paid["status"]) == (200, "succeeded")
    transfers = Transfer.objects.count()
    assert api.post(f"/payments/{payment['id']}/confirm", headers={"Idempotency-Key": "c1"}) == (
        status,
        paid,
    )
    assert Transfer.objects.count() == transfers
    assert api.get(f"/payments/{payment['id']}")[1]["status"] == "succeeded"
    assert {o["status"] for o in api.get("/orders")[1]} == {"paid"}

    entries = api.get("/wallet/history")[1]
    assert entries[-1]["code"] == "topup"
    assert sum(float(e["amount"]["amount"]) for e in entries) == pytest.approx(
        2000 - checkout.total_minor / 100
    )
    csv = api.client.get(
        "/api/v1/wallet/statement.csv?start=2000-01-01T00:00:00Z&end=2100-01-01T00:00:00Z",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[-1].startswith("2100-01-01")


def test_declined_top_up_and_unknown_payment() -> None:
    buyer = factories.consumer("CN")
    api = Api(factories.token(buyer))
    status, topup = api.post(
        "/wallet/topups",
        {"amount": "10.00", "currency": "CNY", "funding_source": "card_0002"},
        headers={"Idempotency-Key": "d1"},
    )
    assert (status, topup["status"], topup["failure_code"]) == (201, "failed", "card_declined")
    assert api.get("/wallet")[1]["balance"]["amount"] == "0.00"
    assert_error(*api.get("/payments/pay_nope"), 404, "payment_not_found")
    assert_error(
        *api.post(
            "/wallet/topups", {"amount": "10.00", "currency": "CNY", "funding_source": "card_4242"}
        ),
        422,
    )


def test_operator_reads_the_invariant() -> None:
    operator = factories.operator()
    token = Api().post("/auth/token", {"email": operator.email, "password": factories.PASSWORD})[1][
        "token"
    ]
    status, report = Api(token).get("/operator/ledger/invariant")
    assert (status, report["ok"]) == (200, True)
    assert_error(*Api(factories.token(factories.consumer())).get("/operator/ledger/invariant"), 401)


def test_merchant_refunds_part_of_its_own_order_over_http() -> None:
    from tests.payments.test_refunds import paid
    from tradelane.merchants.services import api_key_create

    _buyer, _checkout, order, _honey = paid()
    key, _ = api_key_create(merchant=order.merchant, name="k", created_by=factories.operator())
    api = Api(key)
    body = {"amount": "10.00", "reason": "customer_request"}
    status, refund = api.post(
        f"/merchant/orders/{order.number}/refunds", body, headers={"Idempotency-Key": "rf1"}
    )
    assert (status, refund["amount"]) == (201, {"amount": "10.00", "currency": "CNY"})
    assert (
        api.post(
            f"/merchant/orders/{order.number}/refunds", body, headers={"Idempotency-Key": "rf1"}
        )[1]
        == refund
    )
    too_much = {"amount": str(order.total_minor / 100), "reason": "customer_request"}
    assert_error(
        *api.post(
            f"/merchant/orders/{order.number}/refunds", too_much, headers={"Idempotency-Key": "rf2"}
        ),
        422,
        "refund_exceeds_paid",
    )
    other, _ = api_key_create(
        merchant=factories.merchant(), name="k", created_by=factories.operator()
    )
    assert_error(
        *Api(other).post(
            f"/merchant/orders/{order.number}/refunds", body, headers={"Idempotency-Key": "rf3"}
        ),
        404,
        "order_not_found",
    )


def test_till_journey_over_http() -> None:
    from tradelane.merchants.services import api_key_create, shop_create

    merchant = factories.merchant("AU")
    owner = Api(
        Api().post(
            "/auth/token", {"email": merchant.contact_email, "password": factories.PASSWORD}
        )[1]["token"]
    )
    shop = shop_create(
        merchant=merchant, name="Harbour Gifts", address="1 George St", city="Sydney"
    )
    status, key = owner.post(f"/merchants/shops/{shop.pk}/api-keys", {"name": "till 1"})
    assert status == 201
    assert key["secret"].startswith("tls_")
    till = Api(key["secret"])
    assert_error(*till.get("/merchant/products"), 401)  # a till key is not a merchant key
    merchant_key, _ = api_key_create(merchant=merchant, name="k", created_by=factories.operator())
    assert_error(
        *Api(merchant_key).post("/till/qr", {"amount": "1.00"}, headers={"Idempotency-Key": "x"}),
        401,
    )

    visitor = factories.consumer("CN")
    wallet = Api(factories.token(visitor))
    wallet.post(
        "/wallet/topups",
        {"amount": "1000.00", "currency": "CNY", "funding_source": "card_4242"},
        headers={"Idempotency-Key": "f"},
    )
    status, code = wallet.post("/wallet/codes")
    assert status == 201
    assert len(code["code"]) == 18
    status, sale = till.post(
        "/till/payments",
        {"code": code["code"], "amount": "88.00"},
        headers={"Idempotency-Key": "sale-1"},
    )
    assert (
        status,
        sale["status"],
        sale["amount"]["currency"],
        sale["wallet_amount"]["currency"],
    ) == (201, "succeeded", "AUD", "CNY")
    status, back = till.post(
        f"/till/payments/{sale['id']}/refunds",
        {"amount": "44.00"},
        headers={"Idempotency-Key": "r-1"},
    )
    assert (status, back["amount"]["amount"]) == (201, "44.00")
    assert till.get(f"/till/payments/{sale['id']}")[1]["refunded"]["amount"] == "44.00"
    balance = float(wallet.get("/wallet")[1]["balance"]["amount"])
    assert balance == pytest.approx(
        1000 - float(sale["wallet_amount"]["amount"]) + float(back["wallet_amount"]["amount"])
    )

    status, qr = till.post("/till/qr", {"amount": "10.00"}, headers={"Idempotency-Key": "qr-1"})
    token = qr["qr"].rsplit("/", 1)[1]
    assert wallet.get(f"/wallet/qr/{token}")[1]["amount"]["amount"] == "10.00"
    assert wallet.post(f"/wallet/qr/{token}/pay")[1]["status"] == "succeeded"
    assert till.get(f"/till/payments/{qr['payment']['id']}")[1]["status"] == "succeeded"
    from tradelane.payments.invariant import ledger_invariant

    assert ledger_invariant().ok


def test_the_payment_record_customs_needs() -> None:
    from tests.payments.test_refunds import paid
    from tradelane.customs.services.identity import identity_register

    buyer, checkout, order, _honey = paid()
    identity = identity_register(consumer=buyer, real_name="王芳", id_number="11010519491231002X")
    payment = checkout.payments.get()
    operator = factories.operator()
    token = Api().post("/auth/token", {"email": operator.email, "password": factories.PASSWORD})[1][
        "token"
    ]
    status, records = Api(token).get(f"/operator/payments/{payment.pk}/customs-records")
    assert status == 200, records
    assert len(records) == 2  # one per merchant's order
    mine = next(r for r in records if r["order"] == order.number)
    assert mine["amount"]["currency"] == "CNY"
    assert Money.of(mine["amount"]["amount"], "CNY").minor == order.total_minor
    assert mine["payer_identity"] == {
        "reference": identity.pk,
        "name": "王*",
        "id_number": "110105********002X",
    }
    assert mine["payment_id"] == payment.pk
    assert mine["paid_at"]
    assert_error(*Api(token).get("/operator/payments/pay_nope/customs-records"), 404)
    assert_error(
        *Api(factories.token(buyer)).get(f"/operator/payments/{payment.pk}/customs-records"), 401
    )


@pytest.mark.parametrize(
    "query",
    [
        "start=0652-05-25T07:45:42%2B16:01&end=2026-01-01T00:00:00Z",  # offset PostgreSQL refuses
        "start=0001-01-01T00:00:00%2B14:00&end=2026-01-01T00:00:00Z",  # before year 1 in UTC
    ],
)
def test_statement_periods_out_of_range_are_refused(query: str) -> None:
    api = Api(factories.token(factories.consumer("CN")))
    assert_error(*api.get(f"/wallet/statement?{query}"), 422)
    assert api.get("/wallet")[0] == 200  # and the connection is still usable


def test_statement_period_offsets_are_converted_to_utc() -> None:
    api = Api(factories.token(factories.consumer("CN")))
    status, body = api.get("/wallet/statement?start=2026-11-01T08:00:00%2B08:00&end=2026-11-02")
    assert status == 200, body
    assert body["start"].startswith("2026-11-01T00:00:00")
