"""A shopper in China on a phone: the home page's cards show the landed price with a picture,
the product page's headline is that same figure and equals what checkout charges for one unit
delivered to the stated province, and a product that does not exist is a Chinese 404 page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import screenshot
from tradelane.accounts.models import Consumer
from tradelane.accounts.services import address_add
from tradelane.markets.selectors import market_get
from tradelane.orders.models import CartLine
from tradelane.orders.services import cart_set_line, checkout_quote
from tradelane.web.views.shop_pricing import DEFAULT_PROVINCE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo's pictures, drawn for this run


def quote_for_one(listing_id: int, province: str) -> int:
    """What checkout charges a demo buyer for one unit delivered to `province`."""
    buyer = Consumer.objects.filter(market_id="CN", identity__isnull=False).order_by("pk").first()
    assert buyer is not None
    buyer.addresses.update(is_default=False)
    address_add(
        consumer=buyer, recipient="王芳", phone="13800138000", country="CN",
        province=province, city="上海", line1="人民路 1 号", is_default=True,
    )  # fmt: skip
    CartLine.objects.filter(cart__consumer=buyer).delete()  # one unit of this listing alone
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing_id, quantity=1)
    return checkout_quote(consumer=buyer, market=market_get("CN")).total_minor


def test_cards_and_headline_show_what_checkout_charges_and_a_missing_product_is_a_chinese_404(
    media: None, phone: Any
) -> None:
    phone.goto("/cn/")
    note = phone.locator(".destination-note").first
    assert DEFAULT_PROVINCE["CN"] in note.inner_text()
    card = phone.locator(".product-card:has(.landed-total)").first  # one checkout would sell
    card_figure = int(card.locator(".landed-total").get_attribute("data-landed-minor"))
    card_text = card.locator(".landed-total").inner_text()
    assert "¥" in card_text
    assert card.locator(".goods-line").inner_text().startswith("商品")
    picture = card.locator("img.product-image")
    assert picture.get_attribute("alt")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")  # served, DEBUG off
    screenshot(phone, "storefront-landed-cards")

    card.locator("a").first.click()
    phone.wait_for_url("**/cn/p/*/")
    headline = phone.locator(".price-big .landed-total")
    assert int(headline.get_attribute("data-landed-minor")) == card_figure
    assert card_text.endswith(headline.inner_text())  # the card adds a label for screen readers
    listing_id = int(phone.url.rstrip("/").rsplit("/", 1)[1])
    assert quote_for_one(listing_id, DEFAULT_PROVINCE["CN"]) == card_figure

    missing = phone.goto("/cn/p/987654321/")
    assert missing.status == 404
    body = phone.locator("main").inner_text()
    assert "页面不存在" in body
    assert "URLconf" not in phone.content()
    screenshot(phone, "storefront-404")
    phone.get_by_role("link", name="返回商城").click()
    phone.wait_for_url("**/cn/")
