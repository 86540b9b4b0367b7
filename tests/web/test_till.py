"""The till: charging a wallet code, a QR for the amount, receipts and refunds. Refusals answer
422 with the reason on the page and leave every balance as it was."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests import factories
from tradelane.accounts.models import Consumer
from tradelane.core.money import Money
from tradelane.merchants.models import Merchant, Shop
from tradelane.merchants.services import shop_create
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import InStorePayment, InStoreRefund, Transfer
from tradelane.payments.services.instore import payment_code_issue, qr_pay, till_charge_code
from tradelane.payments.services.wallets import topup_create, wallet_for

pytestmark = pytest.mark.django_db


def till_of(merchant: Merchant) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-AU")
    assert client.login(username=merchant.contact_email, password=factories.PASSWORD)
    return client


def a_shop() -> Shop:
    return shop_create(
        merchant=factories.merchant("AU"),
        name="Harbour Gifts",
        address="1 George St",
        city="Sydney",
    )


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


def test_the_till_lists_only_the_merchants_own_shops() -> None:
    shop = a_shop()
    other = a_shop()
    page = till_of(shop.merchant).get("/till/")
    assert f"/till/{shop.pk}/" in page.content.decode()
    assert f"/till/{other.pk}/" not in page.content.decode()
    assert till_of(shop.merchant).get(f"/till/{other.pk}/").status_code == 404


def test_charging_a_code_gives_a_receipt_with_the_rate() -> None:
    shop, visitor = a_shop(), shopper()
    code, _ = payment_code_issue(consumer=visitor)
    till = till_of(shop.merchant)
    charged = till.post(
        f"/till/{shop.pk}/charge/", {"amount": "88.00", "code": code, "request_id": "s1"}
    )
    assert charged.status_code == 302
    receipt = till.get(charged["Location"]).content.decode()
    assert "$88.00" in receipt
    assert "Exchange rate" in receipt
    assert "CNY" in receipt
    again = till.post(
        f"/till/{shop.pk}/charge/", {"amount": "88.00", "code": code, "request_id": "s1"}
    )
    assert again["Location"] == charged["Location"]  # a double submit charges once
    assert InStorePayment.objects.filter(shop=shop).count() == 1


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", None),
        ("-3", None),
        ("abc", None),
        ("1.005", None),
        ("25000", None),
        ("10", "281234567890123456"),
        ("10", "12"),
    ],
)
def test_a_refused_charge_is_422_and_moves_nothing(amount: str, code: str | None) -> None:
    shop, visitor = a_shop(), shopper()
    real, _ = payment_code_issue(consumer=visitor)
    transfers, before = Transfer.objects.count(), wallet_minor(visitor)
    page = till_of(shop.merchant).post(
        f"/till/{shop.pk}/charge/", {"amount": amount, "code": code or real, "request_id": "x"}
    )
    assert page.status_code == 422
    assert Transfer.objects.count() == transfers
    assert wallet_minor(visitor) == before
    assert not InStorePayment.objects.filter(shop=shop).exists()


def test_a_used_code_is_refused_with_the_reason() -> None:
    shop, visitor = a_shop(), shopper()
    code, _ = payment_code_issue(consumer=visitor)
    till_charge_code(shop=shop, code=code, amount=Money.of("5", "AUD"), request_id="first")
    before = wallet_minor(visitor)
    page = till_of(shop.merchant).post(
        f"/till/{shop.pk}/charge/", {"amount": "5", "code": code, "request_id": "second"}
    )
    assert page.status_code == 422
    assert "expired or was already used" in page.content.decode()
    assert wallet_minor(visitor) == before


def test_a_charge_over_the_balance_names_no_wallet_and_the_fifth_voids_the_code() -> None:
    shop, visitor = a_shop(), shopper()  # 2,000 CNY: about 430 AUD
    code, _ = payment_code_issue(consumer=visitor)
    till = till_of(shop.merchant)
    before, transfers = wallet_minor(visitor), Transfer.objects.count()
    pages = [
        till.post(
            f"/till/{shop.pk}/charge/",
            {"amount": str(900 - n), "code": code, "request_id": f"try-{n}"},
        )
        for n in range(5)
    ]
    assert [p.status_code for p in pages] == [422] * 5
    first = pages[0].content.decode()
    assert "cannot cover this amount" in first
    assert "wallet:" not in first
    assert wallet_for(visitor).account.code not in first
    assert "no longer works" in pages[-1].content.decode()
    again = till.post(f"/till/{shop.pk}/charge/", {"amount": "1", "code": code, "request_id": "z"})
    assert again.status_code == 422
    assert "no longer works" in again.content.decode()
    assert wallet_minor(visitor) == before
    assert Transfer.objects.count() == transfers
    assert not InStorePayment.objects.filter(shop=shop).exists()


def test_a_qr_for_the_amount_is_shown_then_the_receipt_once_paid() -> None:
    shop, visitor = a_shop(), shopper()
    till = till_of(shop.merchant)
    made = till.post(f"/till/{shop.pk}/qr/", {"amount": "12.50", "request_id": "q1"})
    assert made.status_code == 302
    page = till.get(made["Location"]).content.decode()
    link = re.search(r'data-pay-url="([^"]+)"', page)
    assert link is not None
    assert 'class="qr"' in page
    status_url = made["Location"] + "status/"
    assert 'data-state="waiting"' in till.get(status_url).content.decode()
    qr_pay(consumer=visitor, token=link.group(1).rstrip("/").rsplit("/", 1)[-1])
    paid = till.get(status_url, HTTP_HX_REQUEST="true")
    assert paid["HX-Redirect"].startswith(f"/till/{shop.pk}/payments/")
    assert till.get(made["Location"]).status_code == 302  # the QR page moves on to the receipt


def test_a_partial_refund_then_a_refund_over_what_is_left() -> None:
    shop, visitor = a_shop(), shopper()
    code, _ = payment_code_issue(consumer=visitor)
    paid = till_charge_code(shop=shop, code=code, amount=Money.of("88", "AUD"), request_id="p")
    till = till_of(shop.merchant)
    url = f"/till/{shop.pk}/payments/{paid.pk}/"
    done = till.post(url + "refund/", {"amount": "20.00", "request_id": "r1"})
    assert done.status_code == 302
    receipt = till.get(url).content.decode()
    assert "Refunded" in receipt
    assert "$68.00" in receipt
    before, transfers = wallet_minor(visitor), Transfer.objects.count()
    over = till.post(url + "refund/", {"amount": "70.00", "request_id": "r2"})
    assert over.status_code == 422
    assert "more than is left to refund" in over.content.decode()
    assert wallet_minor(visitor) == before
    assert Transfer.objects.count() == transfers
    assert InStoreRefund.objects.filter(payment=paid).count() == 1
    assert till.post(url + "refund/", {"amount": "-1", "request_id": "r3"}).status_code == 422
    assert ledger_invariant().ok


def test_a_shopper_without_a_shop_sees_no_till() -> None:
    client = Client()
    visitor = shopper()
    assert client.login(username=visitor.user.email, password=factories.PASSWORD)
    assert "no shops" in client.get("/till/").content.decode()
