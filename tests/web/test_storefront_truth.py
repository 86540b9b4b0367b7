"""The storefront's prices are the checkout's: the figure on a card and the product page's
headline equal the checkout quote's total for one unit to the same destination (a China
product, a fresh product from bonded stock, an Australian market product), computed for a
whole page with a constant number of queries; certifications and origin read in Chinese."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories
from tradelane.accounts.services import address_add
from tradelane.core import clock
from tradelane.core.errors import RuleViolation
from tradelane.customs.models import ExportPermit
from tradelane.inventory.services import stock_set
from tradelane.markets.selectors import market_get
from tradelane.orders.models import CheckoutQuote
from tradelane.orders.services import cart_set_line, checkout_quote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network() -> None:
    call_command("load_network", verbosity=0)


def landed_on_cards(page: str) -> dict[int, int]:
    """listing id -> the landed figure (minor units) each card shows."""
    cards = page.split('class="product-card"')[1:]
    found = {}
    for card in cards:
        listing = re.search(r"/p/(\d+)/", card)
        figure = re.search(r'data-landed-minor="(\d+)"', card)
        assert listing, card
        assert figure, card
        found[int(listing.group(1))] = int(figure.group(1))
    return found


def headline(page: str) -> int:
    price = page.split('class="price-big"')[1]
    figure = re.search(r'data-landed-minor="(\d+)"', price)
    assert figure
    return int(figure.group(1))


def buyer_in(market: str, province: str) -> Any:
    buyer = factories.consumer(market)
    address_add(
        consumer=buyer, recipient="王芳" if market == "CN" else "Sam Lee", phone="13800138000",
        country=market, province=province, city="某市", line1="人民路 1 号", is_default=True,
    )  # fmt: skip
    return buyer


def quoted_total(buyer: Any, market: str, listing_id: int) -> int:
    cart_set_line(consumer=buyer, market_code=market, listing_id=listing_id, quantity=1)
    quote = checkout_quote(consumer=buyer, market=market_get(market))
    return quote.total_minor


def signed_in(buyer: Any) -> Client:
    client = Client()
    client.force_login(buyer.user)
    return client


def fresh_beef_in_bonded_stock() -> Any:
    from tests.customs.helpers import bonded_warehouse

    merchant = factories.merchant()
    ExportPermit.objects.create(
        merchant=merchant, category="meat_seafood", authority="DAFF", number="P9",
        valid_until=clock.today().replace(year=clock.today().year + 1), created_at=clock.now(),
    )  # fmt: skip
    beef = factories.listed(
        merchant, fixed="300.00", hs_code="02023000", category="meat_seafood",
        temperature_class="frozen", stock=0, name_zh="冷冻牛排 1千克",
    )  # fmt: skip
    stock_set(
        merchant=merchant, variant=beef.variant, on_hand=5, location_code=bonded_warehouse().code
    )
    return beef


def test_china_card_and_headline_equal_the_checkout_quote_to_the_default_address() -> None:
    cream = factories.listed(factories.merchant(), "CN", fixed="56.99", category="cosmetics")
    buyer = buyer_in("CN", "四川")
    client = signed_in(buyer)
    card = landed_on_cards(client.get("/cn/c/cosmetics/").content.decode())[cream.pk]
    page = client.get(f"/cn/p/{cream.pk}/").content.decode()
    assert card == headline(page) == quoted_total(buyer, "CN", cream.pk)
    assert card > 5699  # shipping and tax on top of the goods
    assert "¥56.99" in page.split('class="goods-line')[1]  # the goods price as the detail line
    assert "四川" in page  # says where it is delivered to


def test_anonymous_prices_are_to_the_stated_default_province() -> None:
    cream = factories.listed(factories.merchant(), "CN", fixed="56.99", category="cosmetics")
    page = Client().get("/cn/c/cosmetics/").content.decode()
    assert "上海" in page.split('destination-note"')[1].split("</p>")[0]
    shanghai_buyer = buyer_in("CN", "上海")
    assert landed_on_cards(page)[cream.pk] == quoted_total(shanghai_buyer, "CN", cream.pk)


def test_fresh_goods_are_priced_on_the_bonded_route_checkout_takes() -> None:
    beef = fresh_beef_in_bonded_stock()
    buyer = buyer_in("CN", "浙江")
    client = signed_in(buyer)
    card = landed_on_cards(client.get("/cn/c/meat_seafood/").content.decode())[beef.pk]
    assert card == headline(client.get(f"/cn/p/{beef.pk}/").content.decode())
    assert card == quoted_total(buyer, "CN", beef.pk)


def test_australian_market_card_equals_the_checkout_quote() -> None:
    honey = factories.listed(factories.merchant("NZ"), "AU", fixed="24.50")
    buyer = buyer_in("AU", "VIC")
    client = signed_in(buyer)
    page = client.get("/au/search/", {"q": "honey"}).content.decode()
    card = landed_on_cards(page)[honey.pk]
    assert card == headline(client.get(f"/au/p/{honey.pk}/").content.decode())
    assert card == quoted_total(buyer, "AU", honey.pk)
    assert card > 2450  # GST and shipping from New Zealand on top
    assert "anywhere in Australia" in page


def test_a_province_chosen_on_the_product_page_prices_the_cards_too() -> None:
    cream = factories.listed(factories.merchant(), "CN", fixed="56.99", category="cosmetics")
    client = Client()
    near = landed_on_cards(client.get("/cn/c/cosmetics/").content.decode())[cream.pk]
    far_page = client.get(f"/cn/p/{cream.pk}/", {"province": "新疆"}).content.decode()
    far = landed_on_cards(client.get("/cn/c/cosmetics/").content.decode())[cream.pk]
    assert far == headline(far_page) == quoted_total(buyer_in("CN", "新疆"), "CN", cream.pk)
    assert far != near
    client.get(f"/cn/p/{cream.pk}/", {"province": "nowhere"})  # ignored, the choice stands
    assert landed_on_cards(client.get("/cn/c/cosmetics/").content.decode())[cream.pk] == far
    assert not CheckoutQuote.objects.filter(consumer__isnull=True).exists()


def test_a_page_of_cards_costs_the_same_queries_for_three_or_twelve_products() -> None:
    merchant = factories.merchant()
    for _ in range(3):
        factories.listed(merchant, "CN", category="wine", hs_code="22042100")
    client = Client()
    client.get("/cn/c/wine/")  # warm the planning network cache

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cn/c/wine/").status_code == 200
        return len(captured)

    few = queries()
    for _ in range(9):
        factories.listed(factories.merchant(), "CN", category="wine", hs_code="22042100")
    assert queries() == few


def test_certifications_and_origin_are_in_chinese_on_the_china_storefront() -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="99.00")
    product = listing.product
    product.certifications = ["HACCP", "Halal", "Our own seal"]
    product.origin_region = "Margaret River, WA"
    product.origin_region_zh_hans = "西澳大利亚州玛格丽特河"
    product.save()
    chinese = Client().get(f"/cn/p/{listing.pk}/").content.decode()
    assert "HACCP食品安全认证" in chinese
    assert "清真认证" in chinese
    assert "Our own seal" in chinese  # a name we have no translation for is shown as written
    assert "西澳大利亚州玛格丽特河" in chinese
    assert "Margaret River" not in chinese
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/cn/"})
    page = english.get(f"/cn/p/{listing.pk}/").content.decode()
    assert "Halal" in page
    assert "清真认证" not in page
    assert "Margaret River, WA" in page


def test_fresh_goods_checkout_would_refuse_show_why_instead_of_a_price() -> None:
    beef = fresh_beef_in_bonded_stock()
    stock_set(merchant=beef.merchant, variant=beef.variant, on_hand=0, location_code="CN-HZ-BONDED")
    page = Client().get("/cn/c/meat_seafood/").content.decode()
    card = page.split('class="product-card"')[1]
    assert "data-landed-minor" not in card
    assert "保税" in card  # bonded import only: the reason checkout gives
    buyer = buyer_in("CN", "浙江")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=beef.pk, quantity=1)
    with pytest.raises(RuleViolation):
        checkout_quote(consumer=buyer, market=market_get("CN"))
