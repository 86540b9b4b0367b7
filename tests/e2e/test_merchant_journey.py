"""A new business applies, an operator approves it in the Django admin, the merchant lists a
product in China with a landed-price preview and stock; a shopper buys it and pays, settlement
pays the merchant out, and the merchant sees the order and the payout. Desk-sized, in English."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests import factories
from tests.e2e.conftest import screenshot
from tradelane.accounts.models import Address, Consumer
from tradelane.accounts.services import address_add
from tradelane.catalog.models import Listing
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.inventory.models import StockItem
from tradelane.markets.selectors import market_get
from tradelane.merchants.models import Merchant
from tradelane.ops.jobs import run_due_jobs
from tradelane.orders.models import Checkout
from tradelane.orders.services.cart import cart_set_line
from tradelane.orders.services.checkout import checkout_place, checkout_quote
from tradelane.payments.models import Payout
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.settlement import settlement_run
from tradelane.payments.services.wallets import topup_create
from tradelane.web import formatting

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "tradelane-demo"
OWNER, OWNER_PASSWORD = "owner@tasmanbay.test", "honey-bees-2026"


def _sign_in(page: Any, email: str, password: str, next_url: str) -> None:
    page.goto(f"/account/login/?next={next_url}")
    field(page, "Email").fill(email)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()


def field(page: Any, label: str) -> Any:
    """A form field by its label's text; a required field's label ends in an asterisk."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\*?$"))


def _fill(page: Any, values: dict[str, str]) -> None:
    for label, value in values.items():
        field(page, label).fill(value)


def _apply(page: Any) -> None:
    page.goto("/merchant/apply/")
    _fill(
        page,
        {
            "Legal name": "Tasman Bay Honey Pty Ltd",
            "Trading name": "Tasman Bay Honey",
            "ABN or NZBN": "51 824 753 556",
            "State or region": "Tasmania",
            "Owner's email (your sign-in)": OWNER,
            "Password": OWNER_PASSWORD,
        },
    )
    field(page, "Country").select_option("AU")
    screenshot(page, "merchant-apply")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url("**/merchant/")
    assert page.locator("#awaiting-approval").is_visible()


def _approve_in_admin(page: Any) -> None:
    _sign_in(page, "operator@tradelane.test", DEMO_PASSWORD, "/admin/merchants/merchant/")
    page.locator("tr", has_text="Tasman Bay Honey").locator("input.action-select").check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state()
    assert Merchant.objects.get(trading_name="Tasman Bay Honey").status == "active"
    page.context.clear_cookies()  # the operator leaves; the admin has its own log-out page


def _create_product(page: Any) -> None:
    page.goto("/merchant/products/new/")
    _fill(
        page,
        {
            "Name (English)": "Manuka Honey UMF 10+ 500g",
            "Name (Chinese)": "麦卢卡蜂蜜 UMF 10+ 500克",
            "Description (English)": "Raw manuka honey from the Tasman coast, cold-extracted.",
            "Description (Chinese)": "来自塔斯曼海岸的生麦卢卡蜂蜜，低温萃取。",
            "Brand": "Tasman Bay",
            "Brand story (English)": "Three generations of beekeepers on the Tasman Peninsula.",
            "Brand story (Chinese)": "塔斯曼半岛三代养蜂人的坚持。",
            "HS code": "0409.00.00",
            "Origin region": "Tasmania",
            "Shelf life (days)": "730",
            "Certifications": "HACCP",
            "SKU": "MH10-500",
            "Your price": "42.00",
            "Variant (English)": "500g jar",
            "Variant (Chinese)": "500克",
            "Packed weight (g)": "650",
            "Length (mm)": "90",
            "Width (mm)": "90",
            "Height (mm)": "120",
        },
    )
    field(page, "Category").select_option("food_beverage")
    page.get_by_role("button", name="Save product").click()
    page.wait_for_url("**/merchant/products/*/")
    screenshot(page, "merchant-product")


def _list_in_china(page: Any) -> None:
    page.get_by_role("link", name="List MH10-500 in a market").click()
    field(page, "Market").select_option("CN")
    field(page, "Pricing").select_option("fixed")
    field(page, "Fixed price (market currency)").fill("268.00")
    page.get_by_role("button", name="Preview landed price").click()
    total = page.get_by_test_id("landed-total")
    total.wait_for()
    assert "268" not in total.inner_text()  # shipping and tax come on top of the goods
    assert not Listing.objects.exists() or not Listing.objects.filter(variant__sku="MH10-500")
    screenshot(page, "merchant-listings")
    page.get_by_role("button", name="Save listing").click()
    page.wait_for_url("**/merchant/listings/")
    assert Listing.objects.get(variant__sku="MH10-500", market_id="CN").price_minor == 26800


def _set_stock(page: Any) -> None:
    page.goto("/merchant/stock/")
    field(page, "Variant").select_option(label="MH10-500 · Manuka Honey UMF 10+ 500g · 500g jar")
    field(page, "Units on hand").fill("40")
    page.get_by_role("button", name="Save stock").click()
    page.wait_for_url("**/merchant/stock/")
    assert StockItem.objects.get(variant__sku="MH10-500").on_hand == 40


def buy_and_pay(consumer: Consumer, listing_id: int, quantity: int, address: Address) -> Checkout:
    """A shopper's purchase through the services, as the storefront and wallet pages do it."""
    cart_set_line(consumer=consumer, market_code="CN", listing_id=listing_id, quantity=quantity)
    quote = checkout_quote(consumer=consumer, market=market_get("CN"), address_id=address.pk)
    checkout = checkout_place(consumer=consumer, quote_id=quote.pk, address_id=address.pk)
    topup_create(
        consumer=consumer,
        amount=Money.of("5000", "CNY"),
        funding_source="card_4242",
        request_id=f"merchant-e2e-{checkout.pk}",
    )
    payment = payment_create(consumer=consumer, checkout_id=checkout.pk)
    payment_confirm(consumer=consumer, payment_id=payment.pk)
    return checkout


def _shopper() -> tuple[Consumer, Address]:
    consumer = Consumer.objects.get(user__email="demo.cn@tradelane.test")
    address = Address.objects.filter(consumer=consumer, country="CN").order_by("pk").first()
    assert address is not None
    return consumer, address


def test_a_merchant_applies_is_approved_lists_sells_and_is_paid(desk: Any) -> None:
    _apply(desk)
    _sign_out(desk)
    _approve_in_admin(desk)
    _sign_in(desk, OWNER, OWNER_PASSWORD, "/merchant/")
    assert desk.locator("#awaiting-approval").count() == 0
    _create_product(desk)
    _list_in_china(desk)
    _set_stock(desk)

    # Payouts wait for a proven bank account (the portal's penny test is walked in
    # test_merchant_bank.py); here the operator vouches for it.
    factories.bank_account_verified(Merchant.objects.get(trading_name="Tasman Bay Honey"))
    consumer, address = _shopper()
    listing = Listing.objects.get(variant__sku="MH10-500", market_id="CN")
    order = buy_and_pay(consumer, listing.pk, 2, address).orders.get()
    run_due_jobs()
    settlement_run(business_date=clock.today())

    desk.goto("/merchant/orders/")
    assert order.number in desk.locator("table").inner_text()
    screenshot(desk, "merchant-orders")
    desk.get_by_role("link", name=order.number).click()
    desk.wait_for_url(f"**/merchant/orders/{order.number}/")
    desk.goto("/merchant/payouts/")
    rows = desk.locator("tbody tr")
    assert rows.count() == 1
    payout = Payout.objects.get(merchant__trading_name="Tasman Bay Honey")
    assert formatting.minor_text(payout.amount_minor, "AUD", "en") in rows.first.inner_text()
    screenshot(desk, "merchant-payouts")
    desk.goto("/merchant/")
    screenshot(desk, "merchant-dashboard")


def _demo_sales() -> None:
    """Orders for the demo merchant over two weeks and several provinces, so charts have data
    (the demo seeds catalogue and stock, not orders)."""
    merchant = Merchant.objects.get(contact_email="merchant@tradelane.test")
    consumer, home = _shopper()
    addresses = [home] + [
        address_add(
            consumer=consumer,
            recipient="王芳",
            phone="13800138000",
            country="CN",
            province=province,
            city=city,
            line1="人民路 1 号",
        )
        for province, city in (("广东", "广州"), ("北京", "北京"), ("江苏", "南京"))
    ]
    stocked = StockItem.objects.filter(merchant=merchant, on_hand__gt=20).values("variant_id")
    listings = list(
        Listing.objects.filter(
            merchant=merchant,
            market_id="CN",
            status="active",
            variant_id__in=stocked,
            product__temperature_class="ambient",
            price_minor__lt=40_000,
        ).order_by("pk")[:3]
    )
    assert listings, "the demo merchant has nothing in stock to sell in China"
    # Bought now (FX rates exist from today on), then dated back over two weeks: test data.
    now = clock.now()
    for day in range(14):
        sales = 1 if day < 7 else 2  # the second week is the campaign: more orders
        for n in range(sales):
            listing = listings[(day + n) % len(listings)]
            address = addresses[(day + n) % len(addresses)]
            checkout = buy_and_pay(consumer, listing.pk, 1 + n, address)
            checkout.orders.update(created_at=now - timedelta(days=13 - day))


def test_the_demo_merchant_sees_sales_charts(desk: Any) -> None:
    _demo_sales()
    _sign_in(desk, "merchant@tradelane.test", DEMO_PASSWORD, "/merchant/")
    desk.goto("/merchant/analytics/")
    assert desk.locator("figure.chart svg").count() == 4
    assert desk.locator("script[src*='http']").count() == 0
    assert desk.get_by_test_id("uplift").inner_text().startswith("+")
    screenshot(desk, "merchant-analytics")
