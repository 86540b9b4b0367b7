"""A shopper in Singapore, where no wallet holds SGD, buys on the storefront and pays by card,
passing the bank's 3-D Secure check; the order page then shows the order paid."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import factories
from tests.e2e.conftest import _new_page, screenshot
from tradelane.orders.models import Order
from tradelane.payments.models import CardIntent, Transfer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """No demo data: one Australian seller listing honey for Singapore is all this needs."""
    yield from _new_page(browser, str(live_server.url), viewport={"width": 1280, "height": 900})


def test_a_shopper_in_singapore_pays_by_card_with_three_d_secure(shop: Any) -> None:
    seller = factories.merchant("AU")
    honey = factories.listed(seller, "SG", fixed="36.50", stock=5)
    buyer = factories.consumer("SG", identity=False)
    factories.address(buyer)

    shop.goto("/account/login/?next=/sg/")
    shop.get_by_label("Email").fill(buyer.user.email)
    shop.get_by_label("Password").fill(factories.PASSWORD)
    shop.get_by_role("button", name="Sign in").click()
    shop.wait_for_url("**/sg/")

    shop.goto(f"/sg/p/{honey.pk}/")
    shop.get_by_role("button", name="Add to cart").click()
    shop.wait_for_url("**/sg/cart/")
    shop.goto("/sg/checkout/")
    shop.get_by_role("button", name="Place order").click()
    shop.wait_for_url("**/sg/pay/**")
    assert shop.get_by_text("Wallet balance").count() == 0
    screenshot(shop, "storefront-pay-sg")

    shop.get_by_role("link", name="Pay by card").click()
    shop.wait_for_url("**/sg/pay/*/card/")
    shop.get_by_label("Card number").fill("4000 0000 0000 3220")
    shop.get_by_label("Expiry month (MM)").fill("12")
    shop.get_by_label("Expiry year (YYYY)").fill("2035")
    shop.get_by_label("Security code (CVC)").fill("123")
    shop.get_by_label("Name on the card").fill("Tan Wei Ming")
    screenshot(shop, "storefront-card")
    shop.locator("button", has_text="by card").click()

    shop.wait_for_url("**/sg/pay/card/*/3ds/")
    assert "3220" in shop.locator("table.breakdown").inner_text()
    assert Transfer.objects.count() == 0  # nothing moves before the shopper answers the bank
    screenshot(shop, "storefront-3ds")
    shop.get_by_role("button", name="Complete authentication").click()

    shop.wait_for_url("**/sg/orders/**")
    number = shop.url.rstrip("/").rsplit("/", 1)[-1]
    order = Order.objects.get(number=number)
    assert order.status == "paid"
    assert order.payment_part.payment.method == "card"
    assert CardIntent.objects.get().status == "succeeded"
    assert "Paid by card" in shop.locator(".flash").inner_text()
