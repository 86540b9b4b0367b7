"""A new shopper in China, in Chromium (issue 15, item 7): the cart warns that the order is over
the CBEC per-order limit, the refused checkout leads back to the same cart, the header leads to
the wallet and the wallet back to the shop, and a shop's QR charges the amount it showed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests import factories
from tests.e2e.conftest import _new_page, screenshot
from tradelane.core.money import Money
from tradelane.merchants.services import shop_create
from tradelane.orders.models import CartLine, CheckoutQuote, Order
from tradelane.orders.services import cart_set_line
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import InStorePayment
from tradelane.payments.services.instore import till_create_qr
from tradelane.payments.services.wallets import topup_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shopper_phone(browser: Any, live_server: Any) -> Iterator[Any]:
    yield from _new_page(
        browser,
        str(live_server.url),
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
    )


def test_over_limit_cart_refused_checkout_back_to_cart_wallet_link_and_qr_locked_amount(
    shopper_phone: Any,
) -> None:
    page = shopper_phone
    buyer = factories.consumer("CN")
    factories.address(buyer)
    topup_create(
        consumer=buyer, amount=Money.of("500", "CNY"), funding_source="card_4242", request_id="t"
    )
    listing = factories.listed(factories.merchant(), "CN", fixed="2600.00")
    cart_set_line(consumer=buyer, market_code="CN", listing_id=listing.pk, quantity=2)

    page.goto("/account/login/?next=/cn/cart/")
    page.get_by_label("电子邮箱").fill(buyer.user.email)
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/cn/cart/")

    warning = page.locator('[data-limit="cbec_order"]')
    assert "¥200.00" in warning.inner_text()
    assert "¥5,000.00" in warning.inner_text()
    screenshot(page, "storefront-cart-limit")

    page.locator('#cart-lines a[href="/cn/checkout/"]').click()
    page.wait_for_url("**/cn/checkout/")
    assert page.locator('[data-code="cbec_order_limit_exceeded"]').is_visible()
    page.locator("[data-back-to-cart]").click()
    page.wait_for_url("**/cn/cart/")
    assert page.locator(f"#qty-{listing.pk}").input_value() == "2"
    assert list(
        CartLine.objects.filter(cart__consumer=buyer).values_list("quantity", flat=True)
    ) == [2]
    assert not CheckoutQuote.objects.filter(consumer=buyer).exists()
    assert not Order.objects.filter(consumer=buyer).exists()

    wallet_link = page.locator("[data-wallet-link]")
    assert "¥500.00" in wallet_link.inner_text()
    wallet_link.click()
    page.wait_for_url("**/wallet/")
    page.locator("[data-store-link]").click()
    page.wait_for_url(re.compile(r".*/cn/$"))

    shop = shop_create(
        merchant=factories.merchant("AU"),
        name="Harbour Gifts",
        address="1 George St",
        city="Sydney",
    )
    link, payment = till_create_qr(shop=shop, amount=Money.of("3.00", "AUD"), request_id="qr")
    page.goto(f"/wallet/pay/{link.rsplit('/', 1)[-1]}/")
    locked = page.locator(".pay-locked")
    shown_minor = int(locked.get_attribute("data-locked-minor") or "0")
    shown_text = Money.from_minor(shown_minor, "CNY")
    assert f"{shown_text.amount:.2f}" in locked.inner_text()
    page.locator(".pay-card form button[type=submit]").click()
    page.wait_for_selector('.pay-card[data-status="paid"]')
    payment = InStorePayment.objects.get(pk=payment.pk)
    assert payment.wallet_amount_minor == shown_minor
    assert ledger_invariant().ok
