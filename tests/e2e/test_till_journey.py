"""A shop takes wallet payments: by the customer's code and by the till's QR, then refunds part.
The shop's staff use the till on a desk (English); the customer is a visitor from China on a
phone (Chinese) whose wallet is in CNY."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import screenshot
from tradelane.merchants.models import Shop

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "tradelane-demo"

# Headless Chromium on Linux has no BarcodeDetector and no camera: stand-ins that "see" whatever
# the test puts in window.__scanned, so scanner.js runs its whole path (camera, detect, fill).
FAKE_CAMERA = """
window.BarcodeDetector = class {
  constructor(options) { this.formats = options.formats; }
  detect() {
    return Promise.resolve(window.__scanned ? [{ rawValue: window.__scanned }] : []);
  }
};
Object.defineProperty(navigator, "mediaDevices", {
  configurable: true,
  value: { getUserMedia: function () {
    var canvas = document.createElement("canvas");
    canvas.getContext("2d").fillRect(0, 0, 8, 8);
    return Promise.resolve(canvas.captureStream());
  } },
});
"""


def scan(page: Any, button: str, value: str) -> None:
    page.evaluate("value => { window.__scanned = value; }", value)
    page.get_by_role("button", name=button).click()


def sign_in(page: Any, email: str, next_url: str) -> None:
    page.goto(f"/account/login/?next={next_url}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def demo_shop() -> Shop:
    shop = Shop.objects.filter(
        merchant__staff__user__email="merchant@tradelane.test", is_active=True
    ).first()
    assert shop is not None, "the demo merchant should have a shop"
    return shop


def test_a_shop_takes_a_wallet_payment_by_code_and_by_qr_then_refunds_part(
    desk: Any, phone: Any
) -> None:
    shop = demo_shop()
    desk.add_init_script(FAKE_CAMERA)
    phone.add_init_script(FAKE_CAMERA)
    sign_in(desk, "merchant@tradelane.test", "/till/")
    desk.get_by_role("link", name=re.compile(shop.name)).click()
    desk.wait_for_url(f"**/till/{shop.pk}/")

    sign_in(phone, "demo.cn@tradelane.test", "/wallet/topup/")
    phone.get_by_label("金额").fill("2000")
    phone.get_by_label("银行卡号").fill("4242 4242 4242 4242")
    phone.get_by_role("button", name="充值").click()
    phone.wait_for_url("**/wallet/")
    assert "充值成功" in phone.content()
    screenshot(phone, "wallet-home")

    phone.goto("/wallet/code/")
    code = phone.locator("[data-code]").get_attribute("data-code")
    assert code is not None
    assert re.fullmatch(r"\d{18}", code)
    screenshot(phone, "wallet-code")

    desk.get_by_label("Amount").first.fill("88.00")
    scan(desk, "Scan with the camera", code)  # the customer's barcode, read by the camera
    assert desk.get_by_label("Customer's payment code").input_value() == code
    screenshot(desk, "till-charge")
    desk.get_by_role("button", name="Charge in AUD").click()
    desk.wait_for_url(re.compile(r"/payments/isp_\w+/$"))
    first_receipt = desk.url
    assert "$88.00" in desk.content()

    desk.goto(f"/till/{shop.pk}/")
    desk.locator("form[action$='/qr/'] input[name=amount]").fill("12.50")
    desk.get_by_role("button", name="Show QR").click()
    desk.wait_for_url(re.compile(r"/qr/isp_\w+/$"))
    pay_url = desk.locator("[data-pay-url]").get_attribute("data-pay-url")
    assert pay_url is not None
    screenshot(desk, "till-qr")

    phone.goto("/wallet/scan/")
    scan(phone, "打开摄像头扫码", pay_url)  # the till's QR: the link fills in and is sent
    phone.wait_for_url(re.compile(r"/wallet/pay/[^/]+/$"))
    assert shop.name in phone.content()
    screenshot(phone, "wallet-pay")
    phone.get_by_role("button", name=re.compile("确认付款")).click()
    phone.wait_for_selector("[data-status=paid]")
    assert "已付款" in phone.content()

    desk.wait_for_url(re.compile(r"/payments/isp_\w+/$"))  # the QR page's poll saw it paid
    assert "$12.50" in desk.content()

    desk.goto(first_receipt)
    desk.get_by_label("Refund amount").fill("20.00")
    desk.get_by_role("button", name="Refund", exact=True).click()
    desk.wait_for_selector(".refund-line")
    assert "$68.00" in desk.locator("[data-remaining]").inner_text()
    screenshot(desk, "till-receipt")

    phone.goto("/wallet/history/")
    history = phone.locator("table.history tbody")
    assert history.locator("tr", has_text="门店消费").count() == 2
    assert history.locator("tr", has_text="门店退款").count() == 1
    assert history.locator("tr", has_text=shop.name).count() == 3
