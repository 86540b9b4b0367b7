"""Input the API refuses, in the one error shape, changing nothing: bodies over the size limit,
booleans where numbers are expected, amounts that are not decimal numbers, names carrying
control or bidirectional-override characters; and the OpenAPI schema says so."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests import factories
from tests.api.client import Api, assert_error
from tradelane.accounts.models import Address, Consumer
from tradelane.catalog.models import Product
from tradelane.core.text import BIDI_CONTROLS, NAME_PATTERN, unsafe_in_name
from tradelane.inventory.models import StockItem
from tradelane.merchants.models import Merchant, Shop
from tradelane.merchants.services import api_key_create
from tradelane.orders.models import CartLine
from tradelane.payments.models import TopUp

pytestmark = pytest.mark.django_db

APPLICATION = {
    "legal_name": "Kiwi Dairy Limited",
    "trading_name": "Kiwi Dairy",
    "country": "NZ",
    "business_number": factories.valid_nzbn(4242),
    "contact_email": "hello@kiwidairy.test",
    "password": "cheddar-cheese-1",
}
SIGNUP = {
    "email": "new@buyer.test",
    "password": "long-enough-pw",
    "display_name": "A",
    "market": "AU",
}
UNSAFE = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c", "\x07", "\x1b", "\t", "\x85"]
# Line and paragraph separators and zero-width or other invisible format characters; the last
# (a tag character, outside the BMP) the server refuses though the schema's pattern cannot say so.
INVISIBLE = ["\u2028", "\u2029", "\u200b", "\u200d", "\ufeff", "\u00ad", "\U000e0041"]


def _merchant_api(merchant=None) -> Api:
    merchant = merchant or factories.merchant()
    key, _ = api_key_create(merchant=merchant, name="k", created_by=factories.operator())
    return Api(key)


# ---------------------------------------------------------------- body size
def test_a_body_over_the_limit_is_a_413_in_the_error_shape_and_changes_nothing() -> None:
    users = get_user_model().objects.count()
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = Client().post(
        "/api/v1/auth/signup", {**SIGNUP, "padding": padding}, content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert_error(response.status_code, response.json(), 413, "request_too_large")
    assert get_user_model().objects.count() == users
    # A path no endpoint matches, and a method that is not POST, answer the same.
    for method, path in (("put", "/api/v1/no-such-thing"), ("delete", "/api/v1/cart/CN/lines")):
        big = getattr(Client(), method)(path, padding, content_type="application/json")
        assert_error(big.status_code, big.json(), 413, "request_too_large")


def test_a_body_under_the_limit_still_works() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024
    status, body = Api().post("/auth/signup", SIGNUP)
    assert status == 201, body


def test_a_form_body_that_cannot_be_parsed_is_a_4xx_not_a_500() -> None:
    # schemathesis' finding: multipart without a boundary, read as a form by the sign-in.
    response = Client().post(
        "/api/v1/auth/token",
        '{"email": "a@b.test", "password": "whatever-it-is"}',
        content_type="multipart/form-data",
    )
    assert 400 <= response.status_code < 500
    assert_error(response.status_code, response.json(), response.status_code)


# ---------------------------------------------------------------- numbers
def test_booleans_are_refused_where_numbers_are_expected() -> None:
    listing = factories.listed(factories.merchant(), fixed="10.00")
    buyer = factories.consumer()
    api = Api(factories.token(buyer))
    for body in (
        {"listing_id": listing.pk, "quantity": True},
        {"listing_id": True, "quantity": 1},
        {"listing_id": listing.pk, "quantity": "1"},
        {"listing_id": listing.pk, "quantity": 1.0},
    ):
        status, err = api.put("/cart/CN/lines", body)
        assert_error(status, err, 422, "invalid")
    assert not CartLine.objects.exists()

    variant = listing.variant
    merchant_api = _merchant_api(listing.variant.product.merchant)
    stock_before = list(StockItem.objects.values_list("pk", "on_hand"))
    status, err = merchant_api.put("/merchant/stock", {"variant_id": variant.pk, "on_hand": True})
    assert_error(status, err, 422, "invalid")
    assert "on_hand" in err["error"]["fields"]
    assert list(StockItem.objects.values_list("pk", "on_hand")) == stock_before

    headers = {"Idempotency-Key": "bool-topup"}
    for amount in (True, False):
        topup = {"amount": amount, "currency": "CNY", "funding_source": "card_4242"}
        assert_error(*api.post("/wallet/topups", topup, headers=headers), 422, "invalid")
    assert not TopUp.objects.exists()


def test_amounts_must_be_decimal_numbers() -> None:
    api = Api(factories.token(factories.consumer()))
    for amount in ("", " 10", "1_000", "1e3", "10.001", "ten", "-5", "0"):
        body = {"amount": amount, "currency": "CNY", "funding_source": "card_4242"}
        status, err = api.post("/wallet/topups", body, headers={"Idempotency-Key": f"k{amount}"})
        assert_error(status, err, 422, "invalid")
        assert "amount" in err["error"]["fields"], amount
    assert not TopUp.objects.exists()
    body = {"amount": "10.50", "currency": "CNY", "funding_source": "card_4242"}
    status, created = api.post("/wallet/topups", body, headers={"Idempotency-Key": "ok"})
    assert status == 201, created


def test_product_prices_and_sizes_take_numbers_only() -> None:
    merchant = factories.merchant()
    api = _merchant_api(merchant)
    variant = {
        "sku": "X",
        "name_en": "x",
        "price": "1.00",
        "weight_g": 1,
        "length_mm": 1,
        "width_mm": 1,
        "height_mm": 1,
    }
    product = {
        "name_en": "Honey",
        "brand": "B",
        "category": "food_beverage",
        "hs_code": "04090000",
        "origin_country": "AU",
        "variants": [variant],
    }
    for bad in ({"weight_g": True}, {"price": ""}, {"price": True}, {"height_mm": "1"}):
        status, err = api.post("/merchant/products", {**product, "variants": [{**variant, **bad}]})
        assert_error(status, err, 422, "invalid")
    assert not Product.objects.filter(merchant=merchant).exists()


# ---------------------------------------------------------------- names
def test_names_with_control_or_bidi_characters_are_refused() -> None:
    before = (Consumer.objects.count(), Merchant.objects.count())
    for char in [*UNSAFE, *INVISIBLE]:
        status, err = Api().post("/auth/signup", {**SIGNUP, "display_name": f"Anna{char}Smith"})
        assert_error(status, err, 422, "invalid")
        assert "control characters" in err["error"]["fields"]["display_name"][0], err
        for field in ("legal_name", "trading_name"):
            status, err = Api().post(
                "/merchants/applications", {**APPLICATION, field: f"Kiwi{char}"}
            )
            assert_error(status, err, 422, "invalid")
            assert field in err["error"]["fields"]
    assert (Consumer.objects.count(), Merchant.objects.count()) == before


def test_address_shop_product_and_staff_names_are_checked_too() -> None:
    buyer = factories.consumer()
    address = {
        "recipient": "王\u202e芳",
        "phone": "13800000000",
        "country": "CN",
        "province": "上海市",
        "city": "上海",
        "line1": "1 Road",
    }
    status, err = Api(factories.token(buyer)).post("/me/addresses", address)
    assert_error(status, err, 422, "invalid")
    assert "recipient" in err["error"]["fields"]
    assert not Address.objects.filter(consumer=buyer).exists()

    merchant = factories.merchant()
    api = _merchant_api(merchant)
    shop = {"name": "Shop\u2066One", "address": "1 St", "city": "Sydney", "country": "AU"}
    shops = Shop.objects.filter(merchant=merchant).count()
    status, err = api.post("/merchant/shops", shop)
    assert_error(status, err, 422, "invalid")
    assert "name" in err["error"]["fields"]
    assert Shop.objects.filter(merchant=merchant).count() == shops

    p = factories.product(merchant)
    status, err = api.patch(f"/merchant/products/{p.pk}", {"name_en": "Honey\u202e"})
    assert_error(status, err, 422, "invalid")
    p.refresh_from_db()
    assert "\u202e" not in p.name_en


def test_ordinary_names_in_any_script_are_accepted() -> None:
    for name in ("王芳", "Zoë O'Brien-Smith", "محمد", "Ngā Hua", "李 小龙 (Bruce)"):
        assert unsafe_in_name(name) is None
        assert re.fullmatch(NAME_PATTERN, name)
    status, body = Api().post("/auth/signup", {**SIGNUP, "display_name": "Zoë 王芳"})
    assert status == 201, body


# ---------------------------------------------------------------- the schema says so
def _schema() -> dict:
    return Client(HTTP_HOST="127.0.0.1").get("/api/v1/openapi.json").json()


def _string_branch(prop: dict) -> dict:
    return next(b for b in prop.get("anyOf", [prop]) if b.get("type") == "string")


def test_the_openapi_schema_says_what_is_refused() -> None:
    schema = _schema()
    components = schema["components"]["schemas"]

    amount = _string_branch(components["TopUpIn"]["properties"]["amount"])
    assert amount["minLength"] == 1
    pattern = re.compile(amount["pattern"])
    for refused in ("", " 10", "1e3", "1_000", "10.001"):
        assert not pattern.fullmatch(refused)
    assert pattern.fullmatch("10.50")
    refund = components["RefundIn"]["properties"]["amount"]
    assert _string_branch(refund)["pattern"] == amount["pattern"]
    assert any(b.get("exclusiveMinimum") == 0 for b in refund["anyOf"])

    name = components["SignupIn"]["properties"]["display_name"]
    assert name["pattern"] == NAME_PATTERN
    name_re = re.compile(name["pattern"])
    for char in [*UNSAFE, *BIDI_CONTROLS, *INVISIBLE[:-1], "\x00"]:
        assert not name_re.fullmatch(f"a{char}b"), repr(char)
    assert name_re.fullmatch("李　小龙 𠮷")
    assert components["AddressIn"]["properties"]["recipient"]["pattern"] == NAME_PATTERN
    assert components["ApplicationIn"]["properties"]["trading_name"]["pattern"] == NAME_PATTERN

    # Every other request string refuses NUL in the schema, as the server does.
    password = components["SignupIn"]["properties"]["password"]
    assert not re.compile(password["pattern"]).fullmatch("pass\x00word")
    assert re.compile(password["pattern"]).fullmatch("pass word")

    assert components["CartLineIn"]["properties"]["quantity"]["type"] == "integer"
    signup = schema["paths"]["/api/v1/auth/signup"]["post"]["responses"]
    assert "413" in signup


def test_the_schema_is_valid_json_for_every_client() -> None:
    text = Client(HTTP_HOST="127.0.0.1").get("/api/v1/openapi.json").content.decode()
    json.loads(text)
    for pattern in re.findall(r'"pattern": ?"((?:[^"\\]|\\.)*)"', text):
        re.compile(json.loads(f'"{pattern}"'))
