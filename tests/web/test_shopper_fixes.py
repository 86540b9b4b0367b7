"""Issue 15, item 7: what a new shopper hit on `make run`. A declined top-up says so (and keeps
the amount); the cart warns before checkout when an order is over a CBEC limit, and a refused
checkout leads back to an untouched cart; the storefront and the wallet link to each other; the
shop-QR page shows the amount the charge will take, from the quote the charge uses; the till's
pages have unique element ids."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from tests import factories
from tradelane.accounts.models import Consumer
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.models import QuotaUse
from tradelane.customs.services.quota import china_year
from tradelane.inventory.models import Reservation
from tradelane.markets.models import FxRate
from tradelane.merchants.models import Shop
from tradelane.merchants.services import shop_create
from tradelane.orders.models import CartLine, CheckoutQuote, Order
from tradelane.orders.services import cart_set_line
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import InStorePayment, TopUp, Transfer
from tradelane.payments.services.instore import payment_code_issue, till_charge_code, till_create_qr
from tradelane.payments.services.wallets import topup_create, wallet_for

pytestmark = pytest.mark.django_db


def signed_in(consumer: Consumer, language: str = "zh-CN") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(consumer.user)
    return client


def in_english(client: Client, back_to: str) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": back_to})
    return client


def text(response: Any) -> str:
    return str(response.content.decode())


def balance_minor(consumer: Consumer, currency: str = "CNY") -> int:
    account = wallet_for(consumer, currency).account
    account.refresh_from_db()
    return int(account.credits_posted - account.debits_posted)


def funded(consumer: Consumer, amount: str = "1000") -> Consumer:
    topup_create(
        consumer=consumer,
        amount=Money.of(amount, "CNY"),
        funding_source="card_4242",
        request_id="seed",
    )
    return consumer


def a_shop() -> Shop:
    return shop_create(
        merchant=factories.merchant("AU"),
        name="Harbour Gifts",
        address="1 George St",
        city="Sydney",
    )


# ---------------------------------------------------------------- 1. a declined top-up

DECLINED = {"amount": "300", "currency": "CNY", "card_number": "4000 0000 0000 0002"}


@pytest.mark.parametrize(
    ("language", "says"),
    [("zh-CN", "您的银行卡被拒绝"), ("en", "Your card was declined")],
)
def test_a_declined_top_up_says_the_card_was_declined_and_keeps_the_amount(
    language: str, says: str
) -> None:
    shopper = funded(factories.consumer("CN"))
    client = signed_in(shopper, language)
    if language == "en":
        in_english(client, "/wallet/topup/")
    topups, transfers = TopUp.objects.count(), Transfer.objects.count()
    page = client.post("/wallet/topup/", {**DECLINED, "request_id": "declined-1"})
    body = text(page)
    assert page.status_code == 422
    form_error = re.search(
        r'<div class="alert alert-error" role="alert"[^>]*>(.*?)</div>', body, re.S
    )
    assert form_error is not None
    assert says in form_error.group(1)
    assert "field-error" not in body  # no field is blamed for the bank's answer
    assert "has-error" not in body
    assert re.search(r'name="amount"[^>]*value="300(\.00)?"', body)
    assert re.search(r'<option value="CNY" selected>', body)
    card = re.search(r'<input[^>]*name="card_number"[^>]*>', body)
    assert card is not None
    assert "value=" not in card.group(0)
    assert TopUp.objects.count() == topups + 1  # the declined attempt is on record, failed
    assert Transfer.objects.count() == transfers
    assert balance_minor(shopper) == 100000
    assert ledger_invariant().ok


def test_after_a_decline_the_retry_is_a_new_request_and_can_succeed() -> None:
    shopper = factories.consumer("CN")
    client = signed_in(shopper)
    declined = text(client.post("/wallet/topup/", {**DECLINED, "request_id": "r-same"}))
    request_id = re.search(r'name="request_id" value="([0-9a-f]+)"', declined)
    assert request_id is not None
    assert request_id.group(1) != "r-same"
    good = {**DECLINED, "card_number": "4242424242424242", "request_id": request_id.group(1)}
    assert client.post("/wallet/topup/", good).status_code == 302
    assert balance_minor(shopper) == 30000


# ---------------------------------------------------------------- 2. over-limit cart and checkout


def over_the_order_limit() -> tuple[Consumer, Any]:
    listing = factories.listed(factories.merchant(), "CN", fixed="2600.00")
    buyer = factories.consumer("CN")
    factories.address(buyer)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=2)
    return buyer, listing


def test_the_cart_warns_of_the_per_order_limit_with_what_to_remove_in_chinese() -> None:
    buyer, _listing = over_the_order_limit()
    page = text(signed_in(buyer).get("/cn/cart/"))
    warning = re.search(
        r'<div class="alert alert-warning"[^>]*data-limit="cbec_order"[^>]*>(.*?)</div>', page, re.S
    )
    assert warning is not None
    assert "¥5,000.00" in warning.group(1)
    assert "¥200.00" in warning.group(1)  # ¥5,200 of goods: at least ¥200 to come off
    assert "单笔订单限额" in warning.group(1)


def test_the_cart_warning_reads_in_english_and_goes_when_the_cart_is_within_the_limit() -> None:
    buyer, listing = over_the_order_limit()
    client = in_english(signed_in(buyer), "/cn/cart/")
    warning = text(client.get("/cn/cart/")).split('data-limit="cbec_order"')[1].split("</div>")[0]
    assert re.search(r"(CN)?¥5,000\.00 per order", warning)
    assert re.search(r"remove at least (CN)?¥200\.00", warning)
    client.post("/cn/cart/", {"listing": listing.pk, "quantity": 1})
    assert 'data-limit="' not in text(client.get("/cn/cart/"))


def test_the_cart_warns_of_the_annual_limit_with_what_is_left() -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="1000.00")
    buyer = factories.consumer("CN")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=3)
    QuotaUse.objects.create(
        identity_index=buyer.identity.number_index, year=china_year(), used_minor=2_400_000
    )
    page = text(in_english(signed_in(buyer), "/cn/cart/").get("/cn/cart/"))
    warning = page.split('data-limit="cbec_annual"')[1].split("</div>")[0]
    assert re.search(r"(CN)?¥2,000\.00 is left this year", warning)  # 26,000 - 24,000
    assert re.search(r"remove at least (CN)?¥1,000\.00", warning)


def test_an_over_limit_checkout_leads_back_to_the_cart_and_changes_nothing() -> None:
    buyer, listing = over_the_order_limit()
    lines_before = list(
        CartLine.objects.filter(cart__consumer=buyer).values_list("listing_id", "quantity")
    )
    page = signed_in(buyer).get("/cn/checkout/")
    body = text(page)
    assert page.status_code == 422
    back = re.search(r'<a [^>]*href="/cn/cart/"[^>]*data-back-to-cart[^>]*>(.*?)</a>', body, re.S)
    assert back is not None
    assert "返回购物车" in back.group(1)
    assert "购物车中的商品已保留" in body
    assert not CheckoutQuote.objects.filter(consumer=buyer).exists()
    assert not Order.objects.filter(consumer=buyer).exists()
    assert not Reservation.objects.exists()
    after = list(
        CartLine.objects.filter(cart__consumer=buyer).values_list("listing_id", "quantity")
    )
    assert after == lines_before == [(listing.pk, 2)]


def test_a_checkout_within_the_limits_shows_no_way_back_banner() -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="100.00")
    buyer = factories.consumer("CN")
    factories.address(buyer)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=1)
    assert "data-back-to-cart" not in text(signed_in(buyer).get("/cn/checkout/"))
    assert 'data-limit="' not in text(signed_in(buyer).get("/cn/cart/"))


# ---------------------------------------------------------------- 3. storefront <-> wallet


def test_the_storefront_header_links_a_signed_in_shopper_to_the_wallet_with_the_balance() -> None:
    buyer = funded(factories.consumer("CN"), "88.50")
    header = text(signed_in(buyer).get("/cn/")).split("<main")[0]
    link = re.search(r'<a [^>]*href="/wallet/"[^>]*>(.*?)</a>', header, re.S)
    assert link is not None
    assert "钱包" in link.group(1)
    assert "¥88.50" in link.group(1)
    assert 'href="/wallet/"' not in text(Client().get("/cn/")).split("<main")[0]


def test_the_wallet_pages_link_back_to_the_shoppers_store() -> None:
    buyer = factories.consumer("CN")
    client = signed_in(buyer)
    for path in ("/wallet/", "/wallet/topup/", "/wallet/scan/", "/wallet/history/"):
        header = text(client.get(path)).split("<main")[0]
        assert 'href="/cn/"' in header, path
    au = signed_in(factories.consumer("AU"), "en")
    assert 'href="/au/"' in text(au.get("/wallet/")).split("<main")[0]


def test_the_header_link_does_not_open_a_wallet_or_write_anything() -> None:
    buyer = factories.consumer("CN")
    wallets = buyer.wallets.count()
    header = text(signed_in(buyer).get("/cn/")).split("<main")[0]
    assert 'href="/wallet/"' in header
    assert buyer.wallets.count() == wallets


# ---------------------------------------------------------------- 4. the QR's locked amount


def locked_amount(page: str) -> tuple[int, str]:
    found = re.search(r'data-locked-minor="(\d+)" data-currency="([A-Z]{3})"', page)
    assert found is not None, "no locked amount on the page"
    return int(found.group(1)), found.group(2)


def test_the_qr_page_shows_the_amount_the_charge_takes_even_if_the_rate_moves() -> None:
    shopper = funded(factories.consumer("CN"))
    link, payment = till_create_qr(shop=a_shop(), amount=Money.of("3.00", "AUD"), request_id="q")
    token = link.rsplit("/", 1)[-1]
    client = signed_in(shopper)
    preview = text(client.get(f"/wallet/pay/{token}/"))
    shown_minor, currency = locked_amount(preview)
    assert currency == "CNY"
    assert Money.from_minor(shown_minor, "CNY").amount > 0
    assert "约" not in preview.split('class="pay-locked"')[1].split("</p>")[0]
    # The market moves between looking and paying: a fresh quote would charge something else.
    FxRate.objects.create(
        base="CNY",
        quote="AUD",
        rate=Decimal("0.1"),
        source="test",
        as_of=clock.now(),
        loaded_at=clock.now(),
    )
    before = balance_minor(shopper)
    form = re.search(r'name="quote" value="([^"]+)"', preview)
    assert form is not None
    assert client.post(f"/wallet/pay/{token}/", {"quote": form.group(1)}).status_code == 302
    payment.refresh_from_db()
    assert payment.wallet_amount_minor == shown_minor
    assert before - balance_minor(shopper) == shown_minor
    assert ledger_invariant().ok


def test_the_qr_page_says_until_when_the_amount_is_held() -> None:
    shopper = funded(factories.consumer("CN"))
    link, _payment = till_create_qr(shop=a_shop(), amount=Money.of("3.00", "AUD"), request_id="h")
    page = text(signed_in(shopper).get(f"/wallet/pay/{link.rsplit('/', 1)[-1]}/"))
    held = page.split('class="pay-locked"')[1].split("</p>")[0]
    assert re.search(r"\d{2}:\d{2}", held)
    assert "前有效" in held or "保留至" in held


def test_a_tampered_or_foreign_quote_is_refused_and_moves_nothing() -> None:
    shopper = funded(factories.consumer("CN"))
    link, payment = till_create_qr(shop=a_shop(), amount=Money.of("3.00", "AUD"), request_id="t")
    token = link.rsplit("/", 1)[-1]
    client = signed_in(shopper)
    transfers = Transfer.objects.count()
    refused = client.post(f"/wallet/pay/{token}/", {"quote": "1:forged"})
    assert refused.status_code == 422
    payment.refresh_from_db()
    assert payment.status == "awaiting_customer"
    assert Transfer.objects.count() == transfers
    assert balance_minor(shopper) == 100000
    locked_amount(text(refused))  # the page offers a fresh locked amount to confirm


def test_the_same_currency_qr_shows_the_exact_amount_without_a_quote() -> None:
    shopper = factories.consumer("AU")
    topup_create(
        consumer=shopper, amount=Money.of("50", "AUD"), funding_source="card_4242", request_id="a"
    )
    link, payment = till_create_qr(shop=a_shop(), amount=Money.of("3.00", "AUD"), request_id="s")
    token = link.rsplit("/", 1)[-1]
    client = signed_in(shopper, "en")
    shown_minor, currency = locked_amount(text(client.get(f"/wallet/pay/{token}/")))
    assert (shown_minor, currency) == (300, "AUD")
    assert client.post(f"/wallet/pay/{token}/").status_code == 302
    payment.refresh_from_db()
    assert payment.wallet_amount_minor == 300


# ---------------------------------------------------------------- 5. unique ids on the till


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(page: str) -> list[str]:
    parser = _Ids()
    parser.feed(page)
    return [name for name, count in parser.ids.items() if count > 1]


def test_the_till_pages_have_no_duplicate_ids() -> None:
    merchant = factories.merchant("AU")
    shop = shop_create(
        merchant=merchant, name="Harbour Gifts", address="1 George St", city="Sydney"
    )
    till = Client(HTTP_ACCEPT_LANGUAGE="en-AU")
    assert till.login(username=merchant.contact_email, password=factories.PASSWORD)
    home = till.get(f"/till/{shop.pk}/")
    assert home.status_code == 200
    assert duplicate_ids(text(home)) == []
    # Both forms refused at once, errors and all.
    refused = till.post(f"/till/{shop.pk}/charge/", {"amount": "", "code": "", "request_id": "x"})
    assert duplicate_ids(text(refused)) == []
    refused_qr = till.post(f"/till/{shop.pk}/qr/", {"amount": "", "request_id": "y"})
    assert duplicate_ids(text(refused_qr)) == []
    visitor = funded(factories.consumer("CN"))
    code, _issued = payment_code_issue(consumer=visitor)
    paid = till_charge_code(shop=shop, code=code, amount=Money.of("5", "AUD"), request_id="c")
    receipt = till.get(f"/till/{shop.pk}/payments/{paid.pk}/")
    assert receipt.status_code == 200
    assert duplicate_ids(text(receipt)) == []
    _link, awaiting = till_create_qr(shop=shop, amount=Money.of("5", "AUD"), request_id="qq")
    qr = till.get(f"/till/{shop.pk}/qr/{awaiting.pk}/")
    assert qr.status_code == 200
    assert duplicate_ids(text(qr)) == []
    assert duplicate_ids(text(till.get("/till/"))) == []
    assert InStorePayment.objects.filter(shop=shop).count() == 2
