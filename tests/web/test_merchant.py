"""Merchant portal pages: onboarding, products, listings with a preview, stock, orders, money.
Each refusal is shown on the form with HTTP 422 and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests import factories
from tests.payments.test_online import fund, placed
from tradelane.catalog.models import Listing, Product
from tradelane.inventory.models import StockItem
from tradelane.merchants.models import Merchant
from tradelane.payments.services.online import payment_confirm, payment_create
from tradelane.payments.services.settlement import settlement_run

pytestmark = pytest.mark.django_db

APPLICATION = {
    "legal_name": "Tasman Bay Honey Pty Ltd",
    "trading_name": "Tasman Bay Honey",
    "country": "AU",
    "business_number": "51 824 753 556",
    "region": "Tasmania",
    "contact_email": "owner@tasmanbay.test",
    "password": "honey-bees-2026",
}

PRODUCT = {
    "name_en": "Manuka Honey UMF 10+ 500g",
    "name_zh_hans": "麦卢卡蜂蜜 UMF 10+ 500克",
    "description_en": "Raw honey from the Tasman coast.",
    "description_zh_hans": "来自塔斯曼海岸的天然蜂蜜。",
    "brand": "Tasman Bay",
    "brand_story_en": "Three generations of beekeepers.",
    "brand_story_zh_hans": "三代养蜂人的坚持。",
    "category": "food_beverage",
    "hs_code": "0409.00.00",
    "origin_region": "Tasmania",
    "temperature_class": "ambient",
    "shelf_life_days": "730",
    "certifications": "HACCP, Organic",
    "sku": "MH10-500",
    "variant_name_en": "500g jar",
    "variant_name_zh_hans": "500克",
    "price": "42.00",
    "weight_g": "650",
    "length_mm": "90",
    "width_mm": "90",
    "height_mm": "120",
}


def signed_in(merchant: Merchant) -> Client:
    client = Client()
    assert client.login(username=merchant.contact_email, password=factories.PASSWORD)
    return client


def test_an_application_with_a_bad_abn_is_refused_on_the_field_and_creates_nothing() -> None:
    response = Client().post("/merchant/apply/", {**APPLICATION, "business_number": "51824753557"})
    assert response.status_code == 422
    assert response.context["form"].errors["business_number"]
    assert b"ABN is not valid" in response.content
    assert not Merchant.objects.exists()


def test_an_application_signs_the_owner_in_and_awaits_approval() -> None:
    client = Client()
    response = client.post("/merchant/apply/", APPLICATION)
    assert response.status_code == 302
    assert response["Location"] == "/merchant/"
    page = client.get("/merchant/")
    assert page.status_code == 200
    assert b"awaiting approval" in page.content
    assert Merchant.objects.get().status == "applied"


def test_portal_pages_need_a_signed_in_owner() -> None:
    assert Client().get("/merchant/products/").status_code == 302
    shopper = factories.consumer("CN")
    client = Client()
    client.force_login(shopper.user)
    assert client.get("/merchant/").status_code == 403


def test_a_product_with_a_bad_hs_code_is_refused_and_nothing_is_created() -> None:
    merchant = factories.merchant()
    response = signed_in(merchant).post("/merchant/products/new/", {**PRODUCT, "hs_code": "12"})
    assert response.status_code == 422
    assert response.context["form"].errors["hs_code"]
    assert not Product.objects.filter(merchant=merchant).exists()


def test_a_product_is_created_with_both_languages_and_can_be_edited() -> None:
    merchant = factories.merchant()
    client = signed_in(merchant)
    response = client.post("/merchant/products/new/", PRODUCT)
    assert response.status_code == 302
    product = Product.objects.get(merchant=merchant)
    assert (product.name_zh_hans, product.certifications) == (
        "麦卢卡蜂蜜 UMF 10+ 500克",
        ["HACCP", "Organic"],
    )
    page = client.get(f"/merchant/products/{product.pk}/")
    assert "三代养蜂人的坚持" in page.content.decode()
    edited = {**PRODUCT, "name_en": "Manuka Honey UMF 15+ 500g"}
    assert client.post(f"/merchant/products/{product.pk}/", edited).status_code == 302
    product.refresh_from_db()
    assert product.name_en == "Manuka Honey UMF 15+ 500g"


def test_the_same_sku_twice_is_refused() -> None:
    merchant = factories.merchant()
    client = signed_in(merchant)
    client.post("/merchant/products/new/", PRODUCT)
    again = client.post("/merchant/products/new/", {**PRODUCT, "name_en": "Another"})
    assert again.status_code == 422
    assert Product.objects.filter(merchant=merchant).count() == 1


def listing_form(variant_id: int, **changes: str) -> dict[str, str]:
    return {
        "variant": str(variant_id),
        "market": "CN",
        "pricing_mode": "fixed",
        "fixed_price": "268.00",
        "markup_bps": "0",
        "rounding": "exact",
        "active": "on",
        "action": "preview",
        **changes,
    }


def test_the_landed_price_preview_breaks_the_price_down_and_writes_nothing() -> None:
    merchant = factories.merchant()
    variant = factories.product(merchant).variants.get()
    client = signed_in(merchant)
    response = client.post("/merchant/listings/", listing_form(variant.pk))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.goods.amount == 268
    assert preview.goods.currency == "CNY"
    assert preview.shipping.amount > 0
    assert preview.tax.amount > 0
    assert preview.total == preview.goods + preview.shipping + preview.tax
    assert not Listing.objects.exists()
    partial = client.post(
        "/merchant/listings/", listing_form(variant.pk), headers={"HX-Request": "true"}
    )
    assert b'id="preview"' in partial.content
    assert b"<html" not in partial.content


def test_saving_a_listing_lists_it_and_a_chinese_listing_needs_a_chinese_name() -> None:
    merchant = factories.merchant()
    variant = factories.product(merchant).variants.get()
    client = signed_in(merchant)
    saved = client.post("/merchant/listings/", listing_form(variant.pk, action="save"))
    assert saved.status_code == 302
    assert Listing.objects.get(variant=variant).price_minor == 26800
    bare = factories.product(merchant, name_zh="").variants.get()
    refused = client.post("/merchant/listings/", listing_form(bare.pk, action="save"))
    assert refused.status_code == 422
    assert "Chinese name" in refused.content.decode()
    assert not Listing.objects.filter(variant=bare).exists()


def test_an_inactive_merchant_cannot_save_a_listing() -> None:
    merchant = factories.merchant(active=False)
    variant = factories.product(merchant).variants.get()
    response = signed_in(merchant).post(
        "/merchant/listings/", listing_form(variant.pk, action="save")
    )
    assert response.status_code == 422
    assert not Listing.objects.exists()


def test_stock_is_set_and_cannot_go_below_what_orders_reserved() -> None:
    _buyer, _checkout, au, _nz, honey, _wine = placed()
    client = signed_in(au)
    item = StockItem.objects.get(variant=honey.variant)
    assert item.reserved == 2
    ok = client.post("/merchant/stock/", {"variant": honey.variant_id, "on_hand": "30"})
    assert ok.status_code == 302
    refused = client.post("/merchant/stock/", {"variant": honey.variant_id, "on_hand": "1"})
    assert refused.status_code == 422
    item.refresh_from_db()
    assert (item.on_hand, item.reserved) == (30, 2)
    assert b"30" in client.get("/merchant/stock/").content


def test_a_merchant_sees_its_own_orders_and_never_another_merchants() -> None:
    _buyer, checkout, au, nz, _honey, _wine = placed()
    mine = checkout.orders.get(merchant=au)
    theirs = checkout.orders.get(merchant=nz)
    client = signed_in(au)
    listed = client.get("/merchant/orders/").content.decode()
    assert mine.number in listed
    assert theirs.number not in listed
    assert client.get(f"/merchant/orders/{mine.number}/").status_code == 200
    assert client.get(f"/merchant/orders/{theirs.number}/").status_code == 404
    assert client.get("/merchant/shipments/NOPE/label.pdf").status_code == 404


def test_payouts_and_the_statement_show_the_settled_sale() -> None:
    buyer, checkout, au, _nz, _honey, _wine = placed()
    fund(buyer, "2000")
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    [payout] = [p for p in settlement_run(business_date=date(2026, 11, 21)) if p.merchant == au]
    client = signed_in(au)
    page = client.get("/merchant/payouts/")
    assert page.status_code == 200
    assert list(page.context["payouts"]) == [payout]
    statement = client.get("/merchant/statements/")
    assert statement.status_code == 200
    assert statement.context["statement"].entries
    backwards = client.get("/merchant/statements/?start=2026-11-20&end=2026-11-01")
    assert backwards.status_code == 422


def test_export_permit_flags_name_the_products_that_need_one() -> None:
    merchant = factories.merchant()
    factories.product(merchant, category="dairy", hs_code="04021000", name_zh="奶粉")
    page = signed_in(merchant).get("/merchant/export-permits/")
    assert page.status_code == 200
    assert "Needed: none on file" in page.content.decode()


def test_the_analytics_page_draws_charts_without_any_cdn() -> None:
    buyer, checkout, au, _nz, _honey, _wine = placed()
    fund(buyer, "2000")
    payment_confirm(
        consumer=buyer, payment_id=payment_create(consumer=buyer, checkout_id=checkout.pk).pk
    )
    client = signed_in(au)
    page = client.get("/merchant/analytics/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 4
    assert "kozea.github.io" not in html
    assert '<script src="http' not in html
    assert page.context["uplift"].window_orders == 1
    refused = client.get("/merchant/analytics/?market=CN&start=2026-11-20&end=2026-11-01")
    assert refused.status_code == 422
