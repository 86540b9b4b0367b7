"""Only an active merchant takes money: an applied or suspended merchant cannot issue keys, its
keys and till pages are refused, and its payouts are held (the balance stays, nothing is paid)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests import factories
from tests.api.client import Api, assert_error
from tests.payments.test_refunds import paid
from tradelane.accounts.models import Consumer
from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.merchants.models import ApiKey, Merchant, Shop
from tradelane.merchants.services import api_key_create, merchant_set_status, shop_create
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import InStorePayment, LedgerAccount, Payout, Transfer
from tradelane.payments.services.instore import payment_code_issue, qr_pay, till_create_qr
from tradelane.payments.services.settlement import payouts_held, settlement_run
from tradelane.payments.services.wallets import topup_create, wallet_for

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 21)


def owner_token(merchant: Merchant) -> str:
    status, body = Api().post(
        "/auth/token", {"email": merchant.contact_email, "password": factories.PASSWORD}
    )
    assert status == 200, body
    return str(body["token"])


def suspend(merchant: Merchant) -> Merchant:
    return merchant_set_status(
        merchant=merchant, to_status="suspended", actor=factories.operator(), reason="fraud check"
    )


def a_shop(merchant: Merchant) -> Shop:
    return shop_create(merchant=merchant, name="Harbour", address="1 George St", city="Sydney")


def shopper() -> Consumer:
    visitor = factories.consumer("CN")
    topup_create(
        consumer=visitor, amount=Money.of("2000", "CNY"), funding_source="card_4242", request_id="t"
    )
    return visitor


def wallet_minor(consumer: Consumer) -> int:
    account = wallet_for(consumer).account
    account.refresh_from_db()
    return account.credits_posted - account.debits_posted


@pytest.mark.parametrize("status", ["applied", "in_review"])
def test_a_merchant_not_yet_active_cannot_issue_keys(status: str) -> None:
    merchant = factories.merchant("AU", active=False)
    if status == "in_review":
        merchant = merchant_set_status(merchant=merchant, to_status="in_review", actor=None)
    shop = a_shop(merchant)
    api = Api(owner_token(merchant))
    assert_error(*api.post("/merchants/api-keys", {"name": "k"}), 403, "merchant_not_active")
    assert_error(
        *api.post(f"/merchants/shops/{shop.pk}/api-keys", {"name": "t"}), 403, "merchant_not_active"
    )
    assert not ApiKey.objects.filter(merchant=merchant).exists()


def test_a_suspended_merchants_keys_are_refused_and_work_again_once_reinstated() -> None:
    merchant = factories.merchant("AU")
    owner = merchant.staff.get().user
    key, _ = api_key_create(merchant=merchant, name="k", created_by=owner)
    assert Api(key).get("/merchant")[0] == 200
    suspend(merchant)
    assert_error(*Api(key).get("/merchant"), 403, "merchant_not_active")
    assert_error(
        *Api(owner_token(merchant)).post("/merchants/api-keys", {"name": "k2"}),
        403,
        "merchant_not_active",
    )
    assert ApiKey.objects.filter(merchant=merchant).count() == 1
    merchant_set_status(merchant=merchant, to_status="active", actor=None)
    assert Api(key).get("/merchant")[0] == 200


def test_a_suspended_merchants_till_key_cannot_charge_a_wallet() -> None:
    merchant = factories.merchant("AU")
    shop = a_shop(merchant)
    till, _ = api_key_create(
        merchant=merchant, name="t", created_by=merchant.staff.get().user, shop=shop
    )
    visitor = shopper()
    code, _ = payment_code_issue(consumer=visitor)
    suspend(merchant)
    transfers, before = Transfer.objects.count(), wallet_minor(visitor)
    status, body = Api(till).post(
        "/till/payments", {"amount": "10.00", "code": code}, headers={"Idempotency-Key": "s1"}
    )
    assert_error(status, body, 403, "merchant_not_active")
    assert (Transfer.objects.count(), wallet_minor(visitor)) == (transfers, before)
    assert not InStorePayment.objects.filter(shop=shop).exists()


def test_a_suspended_merchants_till_pages_refuse_to_charge() -> None:
    merchant = factories.merchant("AU")
    shop = a_shop(merchant)
    visitor = shopper()
    code, _ = payment_code_issue(consumer=visitor)
    client = Client(HTTP_ACCEPT_LANGUAGE="en-AU")
    assert client.login(username=merchant.contact_email, password=factories.PASSWORD)
    assert client.get(f"/till/{shop.pk}/").status_code == 200
    suspend(merchant)
    transfers, before = Transfer.objects.count(), wallet_minor(visitor)
    page = client.post(
        f"/till/{shop.pk}/charge/", {"amount": "10.00", "code": code, "request_id": "w1"}
    )
    assert page.status_code == 403
    assert "not active" in page.content.decode()
    assert (
        client.post(f"/till/{shop.pk}/qr/", {"amount": "5", "request_id": "q"}).status_code == 403
    )
    assert (Transfer.objects.count(), wallet_minor(visitor)) == (transfers, before)
    assert not InStorePayment.objects.filter(shop=shop).exists()


def test_a_qr_shown_before_a_suspension_cannot_be_paid_after_it() -> None:
    merchant = factories.merchant("AU")
    shop = a_shop(merchant)
    link, _payment = till_create_qr(shop=shop, amount=Money.of("5", "AUD"), request_id="q1")
    visitor = shopper()
    suspend(merchant)
    transfers, before = Transfer.objects.count(), wallet_minor(visitor)
    with pytest.raises(ApplicationError) as refused:
        qr_pay(consumer=visitor, token=link.rsplit("/", 1)[1])
    assert refused.value.code == "merchant_not_active"
    assert (Transfer.objects.count(), wallet_minor(visitor)) == (transfers, before)
    assert InStorePayment.objects.get(shop=shop).status == "awaiting_customer"
    assert ledger_invariant().ok


def payable(merchant_id: int, currency: str) -> LedgerAccount:
    return LedgerAccount.objects.get(code=f"merchant_payable:{merchant_id}:{currency}")


def test_a_suspended_merchants_payout_is_held_with_its_balance_and_paid_once_reinstated() -> None:
    _buyer, _checkout, order, _honey = paid()
    au = order.merchant
    owed = payable(au.pk, "AUD").credit_balance
    suspend(au)
    transfers = Transfer.objects.count()
    payouts = settlement_run(business_date=DAY)
    assert {p.currency for p in payouts} == {"NZD"}  # the other, active merchant is paid
    assert not Payout.objects.filter(merchant=au).exists()
    assert payable(au.pk, "AUD").credit_balance == owed
    assert Transfer.objects.count() == transfers + 2  # only the NZ payout and its fee
    [held] = payouts_held()
    assert (held.merchant_id, held.currency, held.amount_minor, held.merchant_status) == (
        au.pk,
        "AUD",
        owed,
        "suspended",
    )
    page = Client()
    page.force_login(au.staff.get().user)
    assert "held" in page.get("/merchant/payouts/").content.decode().lower()
    merchant_set_status(merchant=au, to_status="active", actor=None)
    [payout] = settlement_run(business_date=date(2026, 11, 22))
    assert (payout.merchant_id, payout.gross_minor) == (au.pk, owed)
    assert payouts_held() == []
    assert ledger_invariant().ok
