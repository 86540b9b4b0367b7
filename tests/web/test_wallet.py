"""Wallet pages: balances, top-up (and its refusals), the payment code, paying a shop's QR,
history. Every refused form answers 422 in the page's language and moves no money."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from tests import factories
from tradelane.accounts.models import Consumer
from tradelane.core.clock import ManualClock, now, use_clock
from tradelane.core.money import Money
from tradelane.merchants.models import Shop
from tradelane.merchants.services import shop_create
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import InStorePayment, TopUp, Transfer
from tradelane.payments.services.instore import QR_TTL, till_create_qr
from tradelane.payments.services.wallets import topup_create, wallet_for

pytestmark = pytest.mark.django_db


def signed_in(consumer: Consumer, language: str = "zh-CN") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    assert client.login(username=consumer.user.email, password=factories.PASSWORD)
    return client


def funded_cn_shopper(amount: str = "1000") -> Consumer:
    shopper = factories.consumer("CN")
    topup_create(
        consumer=shopper, amount=Money.of(amount, "CNY"), funding_source="card_4242", request_id="t"
    )
    return shopper


def balance_minor(consumer: Consumer, currency: str = "CNY") -> int:
    account = wallet_for(consumer, currency).account
    account.refresh_from_db()
    return account.credits_posted - account.debits_posted


def shop() -> Shop:
    return shop_create(
        merchant=factories.merchant("AU"),
        name="Harbour Gifts",
        address="1 George St",
        city="Sydney",
    )


def test_home_shows_the_balance_in_chinese_for_a_chinese_shopper() -> None:
    page = signed_in(funded_cn_shopper()).get("/wallet/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "我的钱包" in text
    assert "¥1,000.00" in text
    assert "充值" in text


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    page = Client().get("/wallet/")
    assert page.status_code == 302
    assert page["Location"].startswith("/account/login/")


def test_a_top_up_with_a_good_card_credits_the_wallet() -> None:
    shopper = factories.consumer("CN")
    form = {"amount": "300", "currency": "CNY", "card_number": "4242 4242 4242 4242"}
    page = signed_in(shopper).post("/wallet/topup/", {**form, "request_id": "r1"})
    assert page.status_code == 302
    assert balance_minor(shopper) == 30000
    again = signed_in(shopper).post("/wallet/topup/", {**form, "request_id": "r1"})
    assert again.status_code == 302
    assert balance_minor(shopper) == 30000  # a double submit charges once


def test_a_declined_card_is_refused_in_chinese_and_moves_nothing() -> None:
    shopper = funded_cn_shopper()
    transfers = Transfer.objects.count()
    page = signed_in(shopper).post(
        "/wallet/topup/",
        {"amount": "300", "currency": "CNY", "card_number": "4000000000000002", "request_id": "r"},
    )
    assert page.status_code == 422
    assert "您的银行卡被拒绝" in page.content.decode()
    assert balance_minor(shopper) == 100000
    assert Transfer.objects.count() == transfers
    assert ledger_invariant().ok


@pytest.mark.parametrize(
    ("amount", "card"),
    [
        ("0", "4242424242424242"),
        ("-5", "4242424242424242"),
        ("abc", "4242424242424242"),
        ("10", "1234"),
        ("1.234", "4242424242424242"),
        ("99999", "4242424242424242"),
    ],
)
def test_bad_top_up_input_is_refused_and_changes_nothing(amount: str, card: str) -> None:
    shopper = factories.consumer("CN")
    topups = TopUp.objects.count()
    page = signed_in(shopper).post(
        "/wallet/topup/",
        {"amount": amount, "currency": "CNY", "card_number": card, "request_id": "x"},
    )
    assert page.status_code == 422
    assert TopUp.objects.count() == topups
    assert balance_minor(shopper) == 0


def test_the_code_page_shows_a_fresh_code_as_barcode_and_qr() -> None:
    client = signed_in(funded_cn_shopper())
    page = client.get("/wallet/code/")
    text = page.content.decode()
    code = re.search(r'data-code="(\d{18})"', text)
    assert code is not None
    assert 'class="barcode"' in text
    assert 'class="qr"' in text
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    fresh = client.post("/wallet/code/fresh/")
    renewed = re.search(r'data-code="(\d{18})"', fresh.content.decode())
    assert fresh.status_code == 200
    assert renewed is not None
    assert renewed.group(1) != code.group(1)
    assert "<html" not in fresh.content.decode()  # a fragment for htmx to swap in


def test_paying_a_shop_qr_takes_the_money_once() -> None:
    shopper = funded_cn_shopper()
    link, payment = till_create_qr(shop=shop(), amount=Money.of("12.50", "AUD"), request_id="q")
    token = link.rsplit("/", 1)[-1]
    client = signed_in(shopper)
    preview = client.get(f"/wallet/pay/{token}/")
    assert preview.status_code == 200
    assert "Harbour Gifts" in preview.content.decode()
    assert "A$12.50" in preview.content.decode() or "AU$12.50" in preview.content.decode()
    paid = client.post(f"/wallet/pay/{token}/")
    assert paid.status_code == 302
    payment.refresh_from_db()
    assert payment.status == "succeeded"
    after = balance_minor(shopper)
    assert after < 100000
    assert client.post(f"/wallet/pay/{token}/").status_code == 302  # a repeat pays nothing more
    assert balance_minor(shopper) == after
    assert "已付款" in client.get(f"/wallet/pay/{token}/").content.decode()


def test_an_expired_qr_is_refused_and_moves_nothing() -> None:
    shopper = funded_cn_shopper()
    clock = ManualClock(now())
    with use_clock(clock):
        link, _ = till_create_qr(shop=shop(), amount=Money.of("5", "AUD"), request_id="e")
        clock.advance(QR_TTL + timedelta(seconds=1))
        transfers = Transfer.objects.count()
        page = signed_in(shopper).post(f"/wallet/pay/{link.rsplit('/', 1)[-1]}/")
    assert page.status_code == 422
    assert "二维码已过期" in page.content.decode()
    assert Transfer.objects.count() == transfers
    assert balance_minor(shopper) == 100000


def test_paying_more_than_the_balance_is_refused_in_chinese() -> None:
    shopper = funded_cn_shopper("10")
    link, payment = till_create_qr(shop=shop(), amount=Money.of("500", "AUD"), request_id="big")
    page = signed_in(shopper).post(f"/wallet/pay/{link.rsplit('/', 1)[-1]}/")
    assert page.status_code == 422
    assert "余额不足" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == "awaiting_customer"
    assert balance_minor(shopper) == 1000
    assert ledger_invariant().ok


def test_an_unknown_qr_is_a_clear_404() -> None:
    page = signed_in(funded_cn_shopper()).get("/wallet/pay/not-a-real-token-at-all/")
    assert page.status_code == 404
    assert "不是 Tradelane" in page.content.decode()


def test_the_scan_page_opens_the_shops_link_and_refuses_anything_else() -> None:
    client = signed_in(funded_cn_shopper())
    link, _ = till_create_qr(shop=shop(), amount=Money.of("5", "AUD"), request_id="s")
    token = link.rsplit("/", 1)[-1]
    opened = client.post("/wallet/scan/", {"link": f"https://shop.example/wallet/pay/{token}/"})
    assert opened.status_code == 302
    assert opened["Location"] == f"/wallet/pay/{token}/"
    assert client.post("/wallet/scan/", {"link": link})["Location"] == f"/wallet/pay/{token}/"
    refused = client.post("/wallet/scan/", {"link": "hello"})
    assert refused.status_code == 422
    assert "不是 Tradelane 付款二维码" in refused.content.decode()


def test_history_lists_top_ups_and_shop_payments_and_pages() -> None:
    shopper = funded_cn_shopper()
    link, _ = till_create_qr(shop=shop(), amount=Money.of("12.50", "AUD"), request_id="h")
    client = signed_in(shopper)
    client.post(f"/wallet/pay/{link.rsplit('/', 1)[-1]}/")
    text = client.get("/wallet/history/").content.decode()
    assert "充值" in text
    assert "门店消费" in text
    assert "Harbour Gifts" in text
    assert client.get("/wallet/history/?page=abc").status_code == 200
    assert InStorePayment.objects.filter(consumer=shopper).count() == 1


def test_english_when_the_shopper_switches_language() -> None:
    client = signed_in(funded_cn_shopper())
    client.post("/i18n/setlang/", {"language": "en", "next": "/wallet/"})
    assert "My wallet" in client.get("/wallet/").content.decode()


def test_a_merchant_login_is_told_the_wallet_is_for_shoppers() -> None:
    merchant = factories.merchant("AU")
    client = Client()
    assert client.login(username=merchant.contact_email, password=factories.PASSWORD)
    assert client.get("/wallet/").status_code == 403
