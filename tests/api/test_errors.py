"""Bad input: a 4xx in the one error shape, and nothing changed."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests import factories
from tests.api.client import Api, assert_error
from tradelane.merchants.models import Merchant
from tradelane.orders.models import Checkout, CheckoutQuote

pytestmark = pytest.mark.django_db

APPLICATION = {
    "legal_name": "Kiwi Dairy Limited",
    "trading_name": "Kiwi Dairy",
    "country": "NZ",
    "business_number": "9429041234567",
    "contact_email": "hello@kiwidairy.test",
    "password": "cheddar-cheese-1",
}


def test_an_invalid_business_number_creates_nothing() -> None:
    users = get_user_model().objects.count()
    assert_error(
        *Api().post("/merchants/applications", APPLICATION), 422, "business_number_invalid"
    )
    assert Merchant.objects.count() == 0
    assert get_user_model().objects.count() == users


def test_duplicate_business_number_is_a_conflict() -> None:
    body = {**APPLICATION, "business_number": factories.valid_nzbn(777)}
    assert Api().post("/merchants/applications", body)[0] == 201
    again = {**body, "contact_email": "other@kiwidairy.test"}
    assert_error(*Api().post("/merchants/applications", again), 409, "business_number_taken")
    assert Merchant.objects.count() == 1


def test_schema_violations_list_the_fields() -> None:
    status, body = Api().post("/merchants/applications", {"country": "US"})
    assert_error(status, body, 422, "invalid")
    assert "country" in body["error"]["fields"]
    assert "legal_name" in body["error"]["fields"]


def test_malformed_json_is_a_4xx_in_the_error_shape() -> None:
    response = Client().post(
        "/api/v1/merchants/applications", data="{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert_error(response.status_code, response.json(), response.status_code)


def test_missing_or_bad_credentials() -> None:
    assert_error(*Api().get("/me"), 401, "unauthenticated")
    assert_error(*Api("tlu_nonsense").get("/me"), 401, "unauthenticated")
    assert_error(*Api("tlk_nonsense").get("/merchant/products"), 401, "unauthenticated")
    assert_error(
        *Api().post("/auth/token", {"email": "nobody@x.test", "password": "whatever1"}),
        401,
        "bad_credentials",
    )


def test_a_revoked_key_stops_working() -> None:
    m = factories.merchant()
    owner = Api(
        Api().post("/auth/token", {"email": m.contact_email, "password": factories.PASSWORD})[1][
            "token"
        ]
    )
    _status, key = owner.post("/merchants/api-keys", {"name": "pos"})
    assert Api(key["secret"]).get("/merchant")[0] == 200
    assert owner.post(f"/merchants/api-keys/{key['id']}/revoke")[1]["revoked_at"] is not None
    assert_error(*Api(key["secret"]).get("/merchant"), 401)


def test_an_inactive_merchant_cannot_list() -> None:
    m = factories.merchant()
    p = factories.product(m)
    from tradelane.merchants.services import api_key_create, merchant_set_status

    key, _ = api_key_create(merchant=m, name="k", created_by=factories.operator())
    merchant_set_status(merchant=m, to_status="suspended", actor=None, reason="review")
    body = {"variant_id": p.variants.get().pk, "market": "CN", "pricing_mode": "derived"}
    # a suspended merchant's key is refused before anything is read or written
    assert_error(*Api(key).put("/merchant/listings", body), 403, "merchant_not_active")
    assert not p.listings.exists()


def test_unknown_market_and_order() -> None:
    assert_error(*Api().get("/markets/ZZ"), 404, "market_not_found")
    assert_error(*Api().get("/storefront/ZZ/products"), 404, "market_not_found")
    buyer = factories.consumer()
    assert_error(*Api(factories.token(buyer)).get("/orders/TL000000NOPE"), 404, "order_not_found")


def test_place_needs_an_idempotency_key_and_changes_nothing_without_it() -> None:
    listing = factories.listed(factories.merchant(), fixed="10.00")
    buyer = factories.consumer()
    api = Api(factories.token(buyer))
    api.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 1})
    quote = api.post("/checkout/CN/quote")[1]
    address = factories.address(buyer)
    assert_error(
        *api.post("/checkout/place", {"quote_id": quote["id"], "address_id": address.pk}), 422
    )
    assert Checkout.objects.count() == 0
    assert CheckoutQuote.objects.get(pk=quote["id"]).used_at is None


def test_over_limit_refusal_over_http() -> None:
    listing = factories.listed(factories.merchant(), fixed="1800.00")
    buyer = factories.consumer()
    api = Api(factories.token(buyer))
    api.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 3})
    status, body = api.post("/checkout/CN/quote")
    assert_error(status, body, 422, "cbec_order_limit_exceeded")
    assert CheckoutQuote.objects.count() == 0


def test_cart_quantity_bounds() -> None:
    listing = factories.listed(factories.merchant(), fixed="10.00")
    api = Api(factories.token(factories.consumer()))
    assert_error(*api.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 100}), 422)
    assert_error(
        *api.put("/cart/CN/lines", {"listing_id": 999999, "quantity": 1}),
        422,
        "listing_unavailable",
    )
    assert api.get("/cart/CN")[1]["lines"] == []


def test_patch_with_null_for_a_required_text_changes_nothing() -> None:
    m = factories.merchant()
    p = factories.product(m)
    from tradelane.merchants.services import api_key_create

    key, _ = api_key_create(merchant=m, name="k", created_by=factories.operator())
    status, body = Api(key).patch(
        f"/merchant/products/{p.pk}", {"brand_story_en": None, "name_en": None}
    )
    assert status == 200, body
    p.refresh_from_db()
    assert p.name_en.startswith("Manuka Honey")


def test_out_of_range_numbers_are_refused_not_crashed() -> None:
    m = factories.merchant()
    from tradelane.merchants.services import api_key_create

    key, _ = api_key_create(merchant=m, name="k", created_by=factories.operator())
    api = Api(key)
    assert_error(
        *api.get("/merchant/listings?offset=1806144162759158301965775011840"), 422, "invalid"
    )
    assert_error(*api.get("/merchant/products/99999999999999999999999"), 422, "invalid")
    assert_error(*api.put("/merchant/stock", {"variant_id": 2**70, "on_hand": 1}), 422, "invalid")


def test_nul_characters_are_refused_before_anything_runs() -> None:
    before = Merchant.objects.count()
    body = {
        **APPLICATION,
        "business_number": factories.valid_nzbn(5),
        "trading_name": "Bad\u0000Name",
    }
    assert_error(*Api().post("/merchants/applications", body), 400, "invalid")
    assert_error(*Api().get("/storefront/CN/products?q=%00"), 400, "invalid")
    assert Merchant.objects.count() == before


def test_owner_adds_staff_and_staff_cannot_issue_keys() -> None:
    m = factories.merchant()
    owner = Api(
        Api().post("/auth/token", {"email": m.contact_email, "password": factories.PASSWORD})[1][
            "token"
        ]
    )
    status, staff = owner.post(
        "/merchants/staff", {"email": "packer@m.test", "password": "packing-boxes-9", "name": "Jo"}
    )
    assert status == 201, staff
    assert staff["role"] == "staff"
    assert {s["role"] for s in owner.get("/merchants/staff")[1]} == {"owner", "staff"}
    packer = Api(
        Api().post("/auth/token", {"email": "packer@m.test", "password": "packing-boxes-9"})[1][
            "token"
        ]
    )
    assert_error(*packer.post("/merchants/api-keys", {"name": "x"}), 403, "not_merchant_owner")
    assert_error(
        *owner.post(
            "/merchants/staff",
            {"email": "packer@m.test", "password": "packing-boxes-9", "name": "Jo"},
        ),
        409,
        "email_taken",
    )


def test_an_unusual_email_that_signs_up_can_log_in() -> None:
    email = "ÀNNA.İlker@Example.TEST"
    status, body = Api().post(
        "/auth/signup",
        {"email": email, "password": "long-enough-pw", "display_name": "A", "market": "AU"},
    )
    assert status == 201, body
    assert Api().post("/auth/token", {"email": email, "password": "long-enough-pw"})[0] == 200


def test_unknown_tax_class_is_refused() -> None:
    m = factories.merchant()
    from tradelane.catalog.models import Product
    from tradelane.merchants.services import api_key_create

    key, _ = api_key_create(merchant=m, name="k", created_by=factories.operator())
    body = {
        "name_en": "Odd",
        "brand": "B",
        "category": "wine",
        "hs_code": "22042100",
        "origin_country": "AU",
        "cn_tax_class": "duty_free_please",
        "variants": [
            {
                "sku": "X",
                "name_en": "x",
                "price": "1.00",
                "weight_g": 1,
                "length_mm": 1,
                "width_mm": 1,
                "height_mm": 1,
            }
        ],
    }
    status, err = Api(key).post("/merchant/products", body)
    assert_error(status, err, 422, "invalid")
    assert "cn_tax_class" in err["error"]["fields"]
    assert not Product.objects.filter(merchant=m).exists()


def test_a_path_no_endpoint_matches_is_a_404_in_the_error_shape() -> None:
    for path in ("/api/v1/no-such-thing", "/api/v1/orders/TL1/nope", "/api/v2/markets"):
        for method in ("get", "post"):
            response = getattr(Client(enforce_csrf_checks=True), method)(path)
            assert response.status_code == 404, path
            assert response["Content-Type"] == "application/json", path
            assert response.json()["error"]["code"] == "not_found"
