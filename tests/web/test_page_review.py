"""What a walk through every page in a browser turned up: pages that answered 500 on odd input,
money written three ways, payment ids where a shopper expects order numbers, untranslated
error pages, a pager that lost the filter, help texts the inputs could not point to."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from tests import factories
from tests.payments.test_online import fund, placed
from tradelane.core.money import Money
from tradelane.merchants.models import Merchant
from tradelane.orders.models import Order
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.web.formatting import money_text

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    return str(response.content.decode())


def shopper_client(consumer: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.force_login(consumer.user)
    return client


def owner_client() -> Client:
    owner = Merchant.objects.get(pk=factories.merchant().pk).staff.get().user
    client = Client()
    client.force_login(owner)
    return client


# ------------------------------------------------------------------ odd input answers, not 500


@pytest.mark.parametrize("page", ["²", "٣", "abc", "-1"])
def test_wallet_history_reads_a_page_number_it_cannot_use_as_the_first_page(page: str) -> None:
    response = shopper_client(factories.consumer("CN")).get("/wallet/history/", {"page": page})
    assert response.status_code == 200
    assert "钱包账单" in html(response)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/merchant/statements/", {"start": "0001-01-01", "end": "9999-12-31"}),
        ("/merchant/analytics/", {"start": "0001-01-01", "end": "0001-01-05"}),
        ("/merchant/analytics/", {"start": "9999-12-25", "end": "9999-12-31"}),
    ],
)
def test_report_days_out_of_range_are_refused_on_the_form(path: str, query: dict[str, str]) -> None:
    response = owner_client().get(path, query)
    assert response.status_code == 422
    assert "Pick a day between 2000-01-01 and 2099-12-31." in html(response)


def test_a_missing_product_is_a_404_page_in_the_storefront_language() -> None:
    chinese = Client(HTTP_ACCEPT_LANGUAGE="en").get("/cn/p/999999/")
    assert chinese.status_code == 404
    assert 'lang="zh-Hans"' in html(chinese)
    assert "页面不存在" in html(chinese)
    english = Client().get("/au/p/999999/")
    assert english.status_code == 404
    assert "Page not found" in html(english)
    assert "<title>Page not found · Tradelane</title>" in html(english)


def test_a_refused_operator_page_explains_itself() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.force_login(factories.consumer("CN").user)
    response = client.get("/operator/")
    assert response.status_code == 403
    assert "无权访问" in html(response)


# ------------------------------------------------------------------ money, one way per language


def test_english_pages_name_every_currency_by_one_symbol() -> None:
    assert money_text(Money.of("22.99", "AUD"), "en") == "A$22.99"
    assert money_text(Money.of("31.99", "NZD"), "en") == "NZ$31.99"
    assert money_text(Money.of("145.99", "CNY"), "en") == "CN¥145.99"
    assert money_text(Money.of("-1234.5", "CNY"), "en") == "-CN¥1,234.50"
    assert money_text(Money.of("1234.5", "CNY"), "zh-hans") == "¥1,234.50"


def test_the_pay_page_writes_the_shortfall_as_money() -> None:
    buyer, checkout, *_rest = placed()
    fund(buyer, "100")
    page = html(shopper_client(buyer).get(f"/cn/pay/{checkout.pk}/"))
    short = re.search(r"余额还差 (\S+)，", page)
    assert short is not None
    assert re.fullmatch(r"¥[\d,]+\.\d\d", short.group(1))


# ------------------------------------------------------------------ what a shopper can read


def test_wallet_history_names_the_orders_a_payment_paid_for() -> None:
    buyer, checkout, *_rest = placed()
    fund(buyer, "5000")
    payment = payment_create(consumer=buyer, checkout_id=checkout.pk)
    payment_confirm(consumer=buyer, payment_id=payment.pk)
    page = html(shopper_client(buyer).get("/wallet/history/"))
    numbers = sorted(Order.objects.filter(checkout=checkout).values_list("number", flat=True))
    assert ", ".join(numbers) in page
    assert payment.pk not in page


def test_a_paid_china_order_waiting_for_its_declaration_says_so() -> None:
    buyer, checkout, *_rest = placed()
    fund(buyer, "5000")
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    order = Order.objects.filter(checkout=checkout).first()
    assert order is not None
    page = html(shopper_client(buyer).get(f"/cn/orders/{order.number}/"))
    assert "正在向海关申报" in page
    assert "付款后将向海关申报" not in page


def test_the_search_pager_keeps_the_category_when_there_is_no_query() -> None:
    context = {
        "total": 60,
        "listings": [],
        "offset": 24,
        "previous_offset": 0,
        "next_offset": 48,
        "query": "",
        "category": "dairy",
        "market_slug": "cn",
    }
    with translation.override("zh-hans"):
        search = render_to_string("web/storefront/_results.html", context)
        on_category = render_to_string(
            "web/storefront/_results.html", {**context, "in_category": True}
        )
    assert 'href="?category=dairy&amp;offset=48"' in search
    assert 'href="?category=dairy&amp;offset=0"' in search
    assert 'href="?offset=48"' in on_category  # the category is in the path there


def test_help_texts_have_the_id_their_inputs_point_to() -> None:
    page = html(Client().get("/merchant/apply/"))
    described = set(re.findall(r'aria-describedby="([^"]+)"', page))
    assert described
    for target in described:
        assert f'id="{target}"' in page


@pytest.mark.parametrize("path", ["/cn/search/?q=奶粉&offset=²", "/cn/c/dairy/?offset=²"])
def test_an_offset_that_is_not_a_number_reads_as_the_first_page(client, db, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
