"""The merchant portal in both languages: every string it shows has Chinese, a merchant can
switch language, stored codes and Chinese provinces read in the page's language, and times are
in the merchant's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import dateformat, formats, translation

from tests import factories
from tests.payments.test_online import placed
from tradelane.catalog.models import (
    Category,
    ListingStatus,
    PricingMode,
    ProductStatus,
    RoundingRule,
    TemperatureClass,
)
from tradelane.logistics.models import ShipmentStatus
from tradelane.merchants.models import Merchant, MerchantStatus
from tradelane.orders.models import Order, OrderStatus
from tradelane.payments.models import PayoutStatus
from tradelane.web.i18n import messages_under, untranslated
from tradelane.web.provinces import province_name
from tradelane.web.views import merchant_labels

WEB = Path(__file__).resolve().parents[2] / "tradelane" / "web"
TEMPLATES = WEB / "templates" / "web" / "merchant"
# The portal's own files; partials other areas include in it carry their own catalogs.
PORTAL = [
    *[TEMPLATES / f"{name}.html" for name in (
        "_layout", "_pager", "_preview", "_product_fields", "analytics", "apply", "dashboard",
        "listings", "not_merchant", "order_detail", "orders", "payouts", "permits",
        "product_edit", "product_form", "products", "shipments", "statement", "stock")],
    *[WEB / "views" / f"{name}.py" for name in (
        "merchant", "merchant_analytics", "merchant_catalog", "merchant_forms", "merchant_labels",
        "merchant_money", "merchant_orders", "merchant_preview")],
]  # fmt: skip

pytestmark = pytest.mark.django_db


def signed_in(merchant: Merchant, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert client.login(username=merchant.contact_email, password=factories.PASSWORD)
    return client


def test_every_portal_string_has_chinese() -> None:
    missing = untranslated(PORTAL)
    assert missing == [], [m.msgid for m in missing]


def test_a_chinese_merchant_page_shows_none_of_the_portals_english() -> None:
    merchant = factories.merchant()
    factories.listed(merchant, "CN")
    client = signed_in(merchant, "zh-hans")
    english = {m.msgid for m in messages_under(PORTAL) if "%(" not in m.msgid and len(m.msgid) > 3}
    for path in ("/merchant/", "/merchant/products/", "/merchant/listings/", "/merchant/stock/",
                 "/merchant/orders/", "/merchant/payouts/", "/merchant/export-permits/"):  # fmt: skip
        body = client.get(path).content.decode()
        assert 'lang="zh-Hans"' in body
        left = sorted(m for m in english if f">{m}<" in body or f'"{m}"' in body)
        assert left == [], (path, left)
    assert "概览" in client.get("/merchant/").content.decode()


def test_a_merchant_switches_the_portal_to_chinese_and_back() -> None:
    client = signed_in(factories.merchant())
    page = client.get("/merchant/").content.decode()
    assert 'value="zh-hans"' in page
    assert ">Overview<" in page
    switched = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/merchant/"})
    assert switched.status_code == 302
    chinese = client.get("/merchant/").content.decode()
    assert ">概览<" in chinese
    assert 'value="en"' in chinese
    client.post("/i18n/setlang/", {"language": "en", "next": "/merchant/"})
    assert ">Overview<" in client.get("/merchant/").content.decode()


@pytest.mark.parametrize(
    ("labels", "choices"),
    [
        (merchant_labels.MERCHANT_STATUS, MerchantStatus),
        (merchant_labels.ORDER_STATUS, OrderStatus),
        (merchant_labels.SHIPMENT_STATUS, ShipmentStatus),
        (merchant_labels.PAYOUT_STATUS, PayoutStatus),
        (merchant_labels.PRODUCT_STATUS, ProductStatus),
        (merchant_labels.LISTING_STATUS, ListingStatus),
        (merchant_labels.CATEGORY, Category),
        (merchant_labels.TEMPERATURE, TemperatureClass),
        (merchant_labels.PRICING_MODE, PricingMode),
        (merchant_labels.ROUNDING, RoundingRule),
    ],
)
def test_the_portal_names_every_stored_code(labels: dict[str, object], choices: type) -> None:
    assert set(choices.values) <= set(labels)  # type: ignore[attr-defined]


def test_statuses_read_in_the_pages_language() -> None:
    merchant = factories.merchant(active=False)
    assert (
        'data-status="applied">Applied<' in signed_in(merchant).get("/merchant/").content.decode()
    )
    chinese = signed_in(merchant, "zh-hans").get("/merchant/").content.decode()
    assert 'data-status="applied">已申请<' in chinese


def test_province_names_follow_the_page_language() -> None:
    assert province_name("浙江", "en") == "Zhejiang"
    assert province_name("广西壮族自治区", "en") == "Guangxi"
    assert province_name("浙江", "zh-hans") == "浙江"
    assert province_name("VIC", "en") == "VIC"


def test_an_order_shows_its_province_in_english_on_english_pages() -> None:
    _buyer, checkout, au, _nz, _honey, _wine = placed()
    order = checkout.orders.get(merchant=au)
    path = f"/merchant/orders/{order.number}/"
    english = signed_in(au).get(path).content.decode()
    assert "Delivering to Zhejiang" in english
    assert "浙江" not in english
    assert "浙江" in signed_in(au, "zh-hans").get(path).content.decode()


@pytest.mark.parametrize(
    ("country", "zone"), [("AU", "Australia/Sydney"), ("NZ", "Pacific/Auckland")]
)
def test_order_times_are_in_the_merchants_zone(country: str, zone: str) -> None:
    _buyer, checkout, au, nz, _honey, _wine = placed()
    merchant = au if country == "AU" else nz
    order = checkout.orders.get(merchant=merchant)
    placed_at = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)  # 21 November, past midnight in ANZ
    Order.objects.filter(pk=order.pk).update(created_at=placed_at)
    body = signed_in(merchant).get("/merchant/orders/").content.decode()
    with translation.override("en"):
        local = dateformat.format(
            placed_at.astimezone(ZoneInfo(zone)), formats.get_format("SHORT_DATETIME_FORMAT")
        )
        utc = dateformat.format(placed_at, formats.get_format("SHORT_DATETIME_FORMAT"))
    assert local in body
    assert utc not in body
