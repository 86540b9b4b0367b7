"""The issue's scripted journey, over HTTP only: merchant applies -> order awaiting payment."""

import pytest

from tests import factories
from tests.api.client import Api, assert_error
from tradelane.inventory.models import StockItem
from tradelane.orders.models import Order

pytestmark = pytest.mark.django_db


def test_merchant_to_chinese_consumer_order_journey() -> None:
    public = Api()
    status, merchant = public.post(
        "/merchants/applications",
        {
            "legal_name": "Tasman Bay Honey Pty Ltd",
            "trading_name": "Tasman Bay Honey",
            "country": "AU",
            "business_number": "51 824 753 556",
            "contact_email": "owner@tasmanbay.test",
            "password": "honey-bees-2026",
            "region": "Tasmania",
        },
    )
    assert status == 201, merchant
    assert merchant["status"] == "applied"
    assert merchant["settlement_currency"] == "AUD"

    operator = factories.operator()
    op = Api(
        public.post("/auth/token", {"email": operator.email, "password": factories.PASSWORD})[1][
            "token"
        ]
    )
    status, approved = op.post(
        f"/operator/merchants/{merchant['id']}/transition",
        {"to_status": "active", "reason": "documents checked"},
    )
    assert status == 200, approved
    assert approved["status"] == "active"

    owner = Api(
        public.post(
            "/auth/token", {"email": "owner@tasmanbay.test", "password": "honey-bees-2026"}
        )[1]["token"]
    )
    status, key = owner.post("/merchants/api-keys", {"name": "shop integration"})
    assert status == 201
    shop = Api(key["secret"])
    assert owner.get("/merchants/api-keys")[1][0].get("secret") is None  # shown once only

    status, product = shop.post(
        "/merchant/products",
        {
            "name_en": "Manuka Honey UMF 10+ 500g",
            "name_zh_hans": "麦卢卡蜂蜜 UMF 10+ 500克",
            "description_en": "Raw honey from the Tasman coast.",
            "description_zh_hans": "来自塔斯曼海岸的天然蜂蜜。",
            "brand": "Tasman Bay",
            "category": "food_beverage",
            "hs_code": "0409.00.00",
            "origin_country": "AU",
            "origin_region": "Tasmania",
            "temperature_class": "ambient",
            "shelf_life_days": 730,
            "certifications": ["HACCP"],
            "variants": [
                {
                    "sku": "MH10-500",
                    "name_en": "500g jar",
                    "name_zh_hans": "500克",
                    "price": "42.00",
                    "weight_g": 650,
                    "length_mm": 90,
                    "width_mm": 90,
                    "height_mm": 120,
                }
            ],
        },
    )
    assert status == 201, product
    assert (product["export_permit_required"], product["cn_direct_mail_allowed"]) == (False, True)
    variant_id = product["variants"][0]["id"]
    status, listing = shop.put(
        "/merchant/listings",
        {
            "variant_id": variant_id,
            "market": "CN",
            "pricing_mode": "derived",
            "markup_bps": 2000,
            "rounding": "ends_in_8",
        },
    )
    assert status == 200, listing
    assert listing["price"]["currency"] == "CNY"
    assert str(listing["price"]["amount"]).split(".")[0].endswith("8")
    assert shop.put("/merchant/stock", {"variant_id": variant_id, "on_hand": 20})[0] == 200

    status, signup = public.post(
        "/auth/signup",
        {
            "email": "wang.fang@buyer.test",
            "password": "jasmine-tea-88",
            "display_name": "王芳",
            "market": "CN",
        },
    )
    assert status == 201, signup
    buyer = Api(signup["token"]["token"])
    status, page = public.get("/storefront/CN/products?q=蜂蜜")
    assert status == 200
    found = next(item for item in page["items"] if item["listing_id"] == listing["id"])
    assert found["name"] == "麦卢卡蜂蜜 UMF 10+ 500克"

    assert buyer.put("/cart/CN/lines", {"listing_id": listing["id"], "quantity": 2})[0] == 200
    # China needs the buyer's identity before anything is priced or written
    status, refused = buyer.post("/checkout/CN/quote")
    assert_error(status, refused, 422, "identity_required")
    assert refused["error"]["extra"]["messages"]["en"].startswith("Orders to mainland China")
    identity = {"real_name": "王芳", "id_number": "11010519491231002X"}
    assert buyer.put("/me/identity", identity)[0] == 200
    status, quote = buyer.post("/checkout/CN/quote")
    assert status == 201, quote
    assert quote["currency"] == "CNY"
    group = quote["groups"][0]
    assert group["tax_regime"] == "cn_cbec"
    assert {"goods", "shipping", "tax", "total"} <= set(group)
    assert float(group["tax"]["amount"]) > 0
    assert float(group["shipping"]["amount"]) > 0

    status, address = buyer.post(
        "/me/addresses",
        {
            "recipient": "王芳",
            "phone": "13800138000",
            "country": "CN",
            "province": "浙江",
            "city": "杭州",
            "line1": "西湖区文三路 100 号",
        },
    )
    assert status == 201, address
    place_body = {"quote_id": quote["id"], "address_id": address["id"]}
    status, checkout = buyer.post(
        "/checkout/place", place_body, headers={"Idempotency-Key": "place-1"}
    )
    assert status == 201, checkout
    assert checkout["orders"][0]["status"] == "awaiting_payment"
    assert checkout["total"] == quote["total"]

    replay_status, replay = buyer.post(
        "/checkout/place", place_body, headers={"Idempotency-Key": "place-1"}
    )
    assert (replay_status, replay) == (status, checkout)
    assert Order.objects.count() == 1

    other = {"quote_id": quote["id"], "address_id": address["id"] + 1}
    assert_error(
        *buyer.post("/checkout/place", other, headers={"Idempotency-Key": "place-1"}),
        409,
        "idempotency_key_reused",
    )
    assert StockItem.objects.get(variant_id=variant_id).reserved == 2

    status, orders = buyer.get("/orders")
    assert [o["number"] for o in orders] == [checkout["orders"][0]["number"]]
    status, merchant_orders = shop.get("/merchant/orders")
    assert merchant_orders[0]["number"] == checkout["orders"][0]["number"]


def test_merchants_never_see_each_others_catalog() -> None:
    mine, theirs = factories.merchant(), factories.merchant()
    listing = factories.listed(theirs)
    from tradelane.merchants.services import api_key_create

    key, _ = api_key_create(merchant=mine, name="k", created_by=factories.operator())
    api = Api(key)
    assert_error(*api.get(f"/merchant/products/{listing.product_id}"), 404, "product_not_found")
    assert_error(*api.patch(f"/merchant/products/{listing.product_id}", {"name_en": "stolen"}), 404)
    assert_error(*api.put("/merchant/stock", {"variant_id": listing.variant_id, "on_hand": 0}), 404)
    assert_error(
        *api.put(
            "/merchant/listings",
            {"variant_id": listing.variant_id, "market": "CN", "pricing_mode": "derived"},
        ),
        404,
    )
    assert api.get("/merchant/products")[1] == []
    assert StockItem.objects.get(variant=listing.variant).on_hand == 100


def test_creating_posts_replay_with_the_same_idempotency_key() -> None:
    m = factories.merchant()
    from tradelane.catalog.models import Product
    from tradelane.merchants.services import api_key_create

    key, _ = api_key_create(merchant=m, name="k", created_by=factories.operator())
    api = Api(key)
    body = {
        "name_en": "Leatherwood Honey 250g",
        "name_zh_hans": "革木蜂蜜 250克",
        "brand": "Tas",
        "category": "food_beverage",
        "hs_code": "04090000",
        "origin_country": "AU",
        "variants": [
            {
                "sku": "LW-250",
                "name_en": "250g",
                "price": "12.50",
                "weight_g": 300,
                "length_mm": 70,
                "width_mm": 70,
                "height_mm": 90,
            }
        ],
    }
    first = api.post("/merchant/products", body, headers={"Idempotency-Key": "p-1"})
    again = api.post("/merchant/products", body, headers={"Idempotency-Key": "p-1"})
    assert first[0] == 201
    assert again == first
    assert Product.objects.filter(merchant=m).count() == 1
    other = {**body, "name_en": "Other"}
    assert_error(
        *api.post("/merchant/products", other, headers={"Idempotency-Key": "p-1"}),
        409,
        "idempotency_key_reused",
    )
    assert Product.objects.filter(merchant=m).count() == 1
