"""Storefront pages through Django's test client: markets and language, search in Chinese and
English, the product page's landed price, and refusals that answer 422 having changed nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests import factories
from tradelane.customs.errors import bilingual
from tradelane.customs.models import BuyerIdentity
from tradelane.inventory.models import Reservation
from tradelane.orders.models import CartLine, CheckoutQuote, Order
from tradelane.orders.services import cart_set_line, checkout_quote

pytestmark = pytest.mark.django_db


def signed_in(consumer: Any) -> Client:
    client = Client()
    client.force_login(consumer.user)
    return client


def html(response: Any) -> str:
    return str(response.content.decode())


def test_markets_are_the_known_codes_only() -> None:
    client = Client()
    assert client.get("/cn/").status_code == 200
    assert client.get("/au/").status_code == 200
    assert client.get("/xx/").status_code == 404
    assert client.get("/wallet/").status_code != 404  # not swallowed by /<market>/


def test_china_is_chinese_until_the_shopper_switches_and_the_choice_sticks() -> None:
    client = Client()
    assert 'lang="zh-Hans"' in html(client.get("/cn/"))
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/cn/"})
    assert switched.status_code == 302
    page = html(client.get("/cn/search/?q=honey"))
    assert 'lang="en"' in page
    assert "中文" in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/cn/"})
    assert 'lang="zh-Hans"' in html(client.get("/cn/"))


def test_australia_stays_english_whatever_the_browser_says() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    page = html(client.get("/au/"))
    assert 'lang="en"' in page
    assert "English" not in page.split("<main")[0].split("topbar-tools")[1]


def test_search_finds_products_by_chinese_and_english_words() -> None:
    merchant = factories.merchant()
    formula = factories.listed(
        merchant, "CN", category="mother_baby", name_zh="1段婴儿配方奶粉 800克", hs_code="19011010"
    )
    client = Client()
    chinese = html(client.get("/cn/search/", {"q": "奶粉"}))
    assert f"/cn/p/{formula.pk}/" in chinese
    assert "1段婴儿配方奶粉 800克" in chinese
    english = html(client.get("/cn/search/", {"q": "honey"}))
    assert f"/cn/p/{formula.pk}/" in english
    assert f"/cn/p/{formula.pk}/" not in html(client.get("/cn/search/", {"q": "红酒"}))


def test_product_page_breaks_the_landed_price_down_in_yuan() -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="188.00")
    page = html(Client().get(f"/cn/p/{listing.pk}/"))
    breakdown = page.split('class="breakdown"')[1].split("</table>")[0]
    for label in ("商品", "运费", "进口税", "到手价"):
        assert label in breakdown
    assert "¥188.00" in breakdown
    assert Client().get(f"/au/p/{listing.pk}/").status_code == 404  # not listed in AU


def nothing_written(consumer: Any) -> None:
    assert not CheckoutQuote.objects.filter(consumer=consumer).exists()
    assert not Order.objects.filter(consumer=consumer).exists()
    assert not Reservation.objects.exists()


def test_an_order_over_the_cbec_limit_is_refused_in_chinese_and_nothing_changes() -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="2600.00")
    buyer = factories.consumer("CN")
    factories.address(buyer)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=2)
    response = signed_in(buyer).get("/cn/checkout/")
    assert response.status_code == 422
    assert bilingual("cbec_order_limit_exceeded")["zh-hans"] in html(response)
    assert 'data-code="cbec_order_limit_exceeded"' in html(response)
    nothing_written(buyer)
    assert CartLine.objects.filter(cart__consumer=buyer).count() == 1


def test_the_same_refusal_reads_in_english_after_switching() -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="2600.00")
    buyer = factories.consumer("CN")
    factories.address(buyer)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=2)
    client = signed_in(buyer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/cn/checkout/"})
    response = client.get("/cn/checkout/")
    assert response.status_code == 422
    assert bilingual("cbec_order_limit_exceeded")["en"] in html(response)


def test_a_buyer_without_identity_is_sent_to_give_it_and_a_bad_number_is_refused() -> None:
    listing = factories.listed(factories.merchant(), "CN")
    buyer = factories.consumer("CN", identity=False)
    factories.address(buyer)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=1)
    client = signed_in(buyer)
    sent = client.get("/cn/checkout/")
    assert sent.status_code == 302
    assert sent["Location"].startswith("/cn/identity/")
    refused = client.post("/cn/identity/", {"real_name": "王芳", "id_number": "110105194912310021"})
    assert refused.status_code == 422
    assert "身份证号码" in html(refused)
    assert not BuyerIdentity.objects.filter(consumer=buyer).exists()
    saved = client.post(
        "/cn/identity/",
        {"real_name": "王芳", "id_number": factories.identity_number(7), "next": "/cn/checkout/"},
    )
    assert saved.status_code == 302
    assert saved["Location"] == "/cn/checkout/"
    assert BuyerIdentity.objects.filter(consumer=buyer).exists()


def test_placing_more_than_the_stock_is_refused_and_nothing_is_reserved() -> None:
    listing = factories.listed(factories.merchant(), "CN", stock=1)
    buyer = factories.consumer("CN")
    address = factories.address(buyer)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=2)
    quote = checkout_quote(consumer=buyer, market=listing.market, address_id=address.pk)
    response = signed_in(buyer).post(
        "/cn/checkout/", {"quote": str(quote.pk), "address": address.pk, "request_id": "r-1"}
    )
    assert response.status_code == 422
    assert 'role="alert"' in html(response)
    assert not Order.objects.filter(consumer=buyer).exists()
    assert not Reservation.objects.exists()
    assert CartLine.objects.filter(cart__consumer=buyer).get().quantity == 2


def test_a_bad_quantity_is_refused_and_the_cart_is_unchanged() -> None:
    listing = factories.listed(factories.merchant(), "CN")
    buyer = factories.consumer("CN")
    client = signed_in(buyer)
    response = client.post("/cn/cart/", {"listing": listing.pk, "quantity": 500})
    assert response.status_code == 422
    assert not CartLine.objects.filter(cart__consumer=buyer).exists()


def test_place_top_up_and_pay_from_the_wallet() -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="88.00")
    buyer = factories.consumer("CN")
    address = factories.address(buyer)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=1)
    client = signed_in(buyer)
    quote = checkout_quote(consumer=buyer, market=listing.market, address_id=address.pk)
    form = {"quote": str(quote.pk), "address": address.pk, "request_id": "place-1"}
    placed = client.post("/cn/checkout/", form)
    assert placed.status_code == 302
    assert client.post("/cn/checkout/", form)["Location"] == placed["Location"]  # replayed
    pay_url = placed["Location"]
    short = client.post(pay_url, {"action": "pay"})
    assert short.status_code == 422
    assert "余额不足" in html(short)
    topped = client.post(
        pay_url, {"action": "topup", "amount": "500", "card": "4242", "request_id": "t-1"}
    )
    assert topped.status_code == 302
    paid = client.post(pay_url, {"action": "pay"})
    order = Order.objects.get(consumer=buyer)
    assert paid["Location"] == f"/cn/orders/{order.number}/"
    assert order.status == "paid"
    page = html(client.get(paid["Location"]))
    assert order.number in page
    assert "已付款" in page
