"""A shopper in China, on a phone, in Chinese: search 奶粉, see the landed price in ¥, buy, pay
from the wallet, and watch the parcel clear customs with its provenance verified."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest

from tests.e2e.conftest import screenshot
from tradelane.catalog.selectors import storefront_search, visible_listings
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.models import Declaration
from tradelane.inventory.models import StockItem
from tradelane.ops.jobs import run_due_jobs
from tradelane.orders.models import Order
from tradelane.tools.simulation.campaign import campaign_launch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_food_week(demo_site: str) -> None:
    """Fresh Food Week is on: the home page leads with it and chilled goods carry its price
    (the formula this shopper buys is ambient, so its price is the list price)."""
    fresh = list(
        visible_listings("CN")
        .exclude(product__temperature_class="ambient")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    start = clock.now() - timedelta(hours=1)
    campaign_launch("fresh-food-week", start, fresh, random.Random(3))


def _sign_in(page: Any) -> None:
    page.goto("/account/login/?next=/cn/")
    page.get_by_label("电子邮箱").fill("demo.cn@tradelane.test")
    page.get_by_label("密码").fill("tradelane-demo")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/cn/")


def _formula_in_stock() -> int:
    """A formula listing the demo holds stock for, shipped at room temperature (direct mail)."""
    listings, _total = storefront_search(market_code="CN", query="奶粉", limit=50)
    stocked = set(StockItem.objects.filter(on_hand__gt=5).values_list("variant_id", flat=True))
    for listing in listings:
        ambient = listing.product.temperature_class == "ambient"
        if listing.variant_id in stocked and ambient and listing.price_minor < 100_000:
            return listing.pk
    raise AssertionError("the demo has no formula in stock")


def _clear_and_ship(order_number: str) -> None:
    """Let the background jobs run while time passes: customs answers, the carrier scans."""
    with use_clock(ManualClock(clock.now())) as manual:
        for _ in range(60):
            manual.advance(timedelta(hours=2))  # type: ignore[attr-defined]
            run_due_jobs()
            order = Order.objects.get(number=order_number)
            declared = Declaration.objects.filter(order=order).first()
            scanned = hasattr(order, "shipment") and order.shipment.events.exists()
            if declared and declared.status == "cleared" and scanned:
                return
    raise AssertionError(f"order {order_number} was not cleared and scanned in time")


def test_a_shopper_in_china_buys_formula_pays_and_tracks_it(
    phone: Any, fresh_food_week: None
) -> None:
    _sign_in(phone)
    assert phone.get_by_role(
        "heading", name="澳新鲜食周：澳大利亚和新西兰的冷鲜与冷冻美食"
    ).is_visible()
    screenshot(phone, "storefront-home")
    assert phone.locator("html").get_attribute("lang") == "zh-Hans"

    phone.get_by_label("搜索商品").fill("奶粉")
    phone.get_by_role("button", name="搜索").click()
    phone.wait_for_url("**/cn/search/**")
    assert phone.locator(".product-card").count() > 0
    screenshot(phone, "storefront-search")

    listing_id = _formula_in_stock()
    phone.goto(f"/cn/p/{listing_id}/")
    breakdown = phone.locator("table.breakdown")
    for label in ("商品", "运费", "进口税", "到手价"):
        assert label in breakdown.inner_text()
    assert "¥" in breakdown.inner_text()
    screenshot(phone, "storefront-product")

    phone.get_by_role("button", name="加入购物车").click()
    phone.wait_for_url("**/cn/cart/")
    screenshot(phone, "storefront-cart")

    phone.get_by_role("link", name="去结算").click()
    phone.wait_for_url("**/cn/checkout/")
    assert "进口税" in phone.locator(".seller-group").first.inner_text()
    screenshot(phone, "storefront-checkout")
    phone.get_by_role("button", name="提交订单").click()
    phone.wait_for_url("**/cn/pay/**")

    if phone.get_by_role("button", name="充值").count():
        phone.get_by_role("button", name="充值").click()
        phone.wait_for_url("**/cn/pay/**")
    phone.locator("button", has_text="立即支付").click()
    phone.wait_for_url("**/cn/orders/**")
    number = phone.url.rstrip("/").rsplit("/", 1)[-1]
    assert Order.objects.get(number=number).status == "paid"

    _clear_and_ship(number)
    phone.reload()
    assert "海关已放行" in phone.locator(".customs-status").inner_text()
    assert phone.locator("[data-provenance=verified]").count() == 1
    assert phone.locator(".journey li").count() > 0
    screenshot(phone, "storefront-order")

    phone.get_by_role("button", name="English").click()
    assert phone.locator(".customs-status").inner_text().startswith("Cleared by customs")
    phone.goto("/cn/")
    assert phone.locator("html").get_attribute("lang") == "en"
