"""An Australian order shipped by the merchant: a shopper on the AU storefront has paid; the
merchant, who takes parcels to the post office itself, first mistypes the tracking number
(refused, nothing changes), then enters it and the order is shipped; the shopper sees the
post's tracking number and, once the post has delivered, the journey to the door."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command

from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD
from tests.logistics.domestic_helpers import paid_order
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.fulfilment.services.domestic import domestic_shipments_sync
from tradelane.logistics import rules
from tradelane.merchants.models import MerchantStaff
from tradelane.orders.models import OrderStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Any, email: str, next_url: str) -> None:
    page.goto(f"/account/login/?next={next_url}")
    page.get_by_label(re.compile(r"^Email\*?$")).fill(email)
    page.get_by_label(re.compile(r"^Password\*?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def test_a_merchant_ships_an_au_order_and_the_shopper_tracks_it(
    browser: Any, live_server: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("SIMULATED_POST_FAILED_PERMILLE", "0")
    call_command("load_network", verbosity=0)
    order = paid_order("AU")
    owner = MerchantStaff.objects.get(merchant=order.merchant, role="owner").user
    article = rules.domestic_article_id("POA", 4242424242)
    context = browser.new_context(base_url=str(live_server.url), locale="en-AU")
    context.set_default_timeout(15_000)
    page = context.new_page()

    _sign_in(page, owner.email, f"/merchant/orders/{order.number}/")
    page.get_by_label("Tracking number").fill("1234 5678")
    page.get_by_role("button", name="Mark as shipped").click()
    page.get_by_role("alert").or_(page.locator(".alert-error")).first.wait_for()
    assert "not a tracking number of this carrier" in page.content()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    page.get_by_label("Tracking number").fill(article)
    page.get_by_role("button", name="Mark as shipped").click()
    page.get_by_test_id("tracking-number").wait_for()
    assert page.get_by_test_id("tracking-number").inner_text() == article
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    screenshot(page, "merchant-shipped")
    context.clear_cookies()

    _sign_in(page, order.consumer.user.email, f"/au/orders/{order.number}/")
    assert page.get_by_test_id("post-tracking-number").inner_text() == article
    with use_clock(ManualClock(clock.now() + timedelta(days=12))):
        domestic_shipments_sync()
    page.reload()
    journey = page.locator("ol.journey").inner_text()
    assert "Delivered" in journey
    assert "Picked up" in journey
    assert page.get_by_role("button", name="Request a return").count() == 1  # within 30 days
    screenshot(page, "storefront-post-tracking")
    context.close()
