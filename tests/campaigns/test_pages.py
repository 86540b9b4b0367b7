"""Campaigns on storefront pages: the current campaign's featured block in the page's language,
struck-through listing prices beside campaign prices, the fresh shelf when none runs, and a
voucher refused at checkout beside its field, changing nothing."""

from datetime import timedelta

import pytest
from django.test import Client

from tests import factories
from tests.campaigns import helpers
from tradelane.campaigns.models import CampaignListing, Voucher
from tradelane.campaigns.vouchers import voucher_create
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.orders.models import CheckoutQuote
from tradelane.orders.services import cart_set_line

pytestmark = pytest.mark.django_db


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_home_page_features_the_current_campaign_in_the_page_language() -> None:
    m = factories.merchant()
    c = helpers.campaign(m, percent="20", body_en="Seven fresh days", body_zh_hans="七天鲜享")
    listing = factories.listed(m, fixed="200.00", temperature_class="chilled")
    CampaignListing.objects.create(campaign=c, listing=listing, featured=True)
    chinese = _page(Client(), "/cn/")
    assert "测试标题" in chinese
    assert "七天鲜享" in chinese
    assert "活动价" in chinese
    assert "<s" in chinese
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/cn/"})
    page = _page(english, "/cn/")
    assert "Test headline" in page
    assert "Seven fresh days" in page
    assert "Campaign price" in page
    buyer = factories.consumer()
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=2)
    shopper = Client()
    shopper.force_login(buyer.user)
    cart = _page(shopper, "/cn/cart/")
    assert "活动价" in cart
    assert "320.00" in cart  # two at the campaign price
    address = factories.address(buyer)
    checkout = _page(shopper, f"/cn/checkout/?address={address.pk}")
    assert "活动价" in checkout
    assert "320.00" in checkout
    product = _page(english, f"/cn/p/{listing.pk}/")
    assert "160.00" in product  # the campaign price, and the landed preview built on it
    assert "200.00" in product


def test_without_a_campaign_the_home_page_shows_the_fresh_shelf() -> None:
    m = factories.merchant()
    factories.listed(m, fixed="200.00", temperature_class="chilled")
    page = _page(Client(), "/cn/")
    assert "活动价" not in page
    assert 'id="fresh"' in page


def test_a_refused_voucher_is_shown_beside_its_field_and_changes_nothing() -> None:
    m = factories.merchant()
    listing = factories.listed(m, fixed="200.00")
    now = clock.now()
    voucher_create(
        code="HONEY20",
        market_code="CN",
        currency="CNY",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=1),
        amount=Money.of("20", "CNY"),
        merchant_id=m.pk,
    )
    buyer = factories.consumer()
    address = factories.address(buyer)
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=1)
    client = Client()
    client.force_login(buyer.user)
    page = _page(client, f"/cn/checkout/?address={address.pk}&voucher=honey20")
    assert "此优惠码已过期" in page
    quote = CheckoutQuote.objects.get()
    assert quote.snapshot["goods_minor"] == 20000
    assert "voucher" not in quote.snapshot
    assert Voucher.objects.get().uses == 0
