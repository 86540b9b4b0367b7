"""The campaigns API contract: flash-sale claims (201, 409 sold_out, 422 refusals, replays),
the public flash-sale view, merchant opt-in, operator template and status, voucher at quote."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.api.client import Api
from tests.campaigns import helpers
from tradelane.accounts.services import auth_token_issue
from tradelane.campaigns.models import Campaign, CampaignMerchant, FlashSaleClaim
from tradelane.campaigns.vouchers import voucher_create
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.merchants.services import api_key_create
from tradelane.orders.models import CheckoutQuote

pytestmark = pytest.mark.django_db


def _sale(units: int = 1):
    m = factories.merchant()
    c = helpers.campaign(m)
    listing = factories.listed(m, fixed="200.00")
    return listing, helpers.flash(c, listing, price="99.00", units=units, limit=1)


def test_claim_then_sold_out_then_the_public_view() -> None:
    _listing, sale = _sale(units=1)
    first = Api(factories.token(factories.consumer()))
    status, body = first.post(
        f"/flash-sales/{sale.pk}/claims", {"quantity": 1}, headers={"Idempotency-Key": "k1"}
    )
    assert status == 201, body
    assert body["flash_sale_id"] == sale.pk
    assert body["quantity"] == 1
    assert body["price"] == {"amount": "99.00", "currency": "CNY"}
    assert body["expires_at"]
    first_body = body
    replay = first.post(
        f"/flash-sales/{sale.pk}/claims", {"quantity": 1}, headers={"Idempotency-Key": "k1"}
    )
    assert replay == (201, body)
    assert FlashSaleClaim.objects.count() == 1
    second = Api(factories.token(factories.consumer()))
    status, body = second.post(
        f"/flash-sales/{sale.pk}/claims", {"quantity": 1}, headers={"Idempotency-Key": "k2"}
    )
    assert status == 409
    assert body["error"]["code"] == "sold_out"
    assert set(body["error"]) >= {"code", "message", "fields"}
    assert first.post(
        f"/flash-sales/{sale.pk}/claims", {"quantity": 1}, headers={"Idempotency-Key": "k1"}
    ) == (201, first_body)  # a winner's retry after the sell-out still gets its claim back
    with CaptureQueriesContext(connection) as sold_out:
        second.post(
            f"/flash-sales/{sale.pk}/claims", {"quantity": 1}, headers={"Idempotency-Key": "k3"}
        )
    # the token with its consumer, the flag, "was this key answered before?": nothing written
    assert len(sold_out) <= 3, [q["sql"] for q in sold_out.captured_queries]
    status, view = Api().get(f"/flash-sales/{sale.pk}")
    assert status == 200
    assert (view["units"], view["sold"], view["remaining"]) == (1, 1, 0)
    assert view["starts_at"]


def test_a_winning_claim_locks_the_sale_row_last() -> None:
    """The sale's row is the hot one: its UPDATE must be the claim's last statement before the
    commit, so the stored idempotent answer is written before the lock is taken."""
    _listing, sale = _sale(units=3)
    buyer = Api(factories.token(factories.consumer()))
    with CaptureQueriesContext(connection) as claim:
        status, _body = buyer.post(
            f"/flash-sales/{sale.pk}/claims", {"quantity": 1}, headers={"Idempotency-Key": "w1"}
        )
    assert status == 201
    statements = [
        q["sql"]
        for q in claim.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "COMMIT"))
    ]
    assert statements[-1].startswith('UPDATE "campaigns_flashsale"'), statements[-3:]
    assert any('UPDATE "core_idempotencyrecord"' in sql for sql in statements[:-1])


def test_claim_refusals_have_the_one_error_shape() -> None:
    _listing, sale = _sale(units=5)
    api = Api(factories.token(factories.consumer()))
    status, body = api.post(
        f"/flash-sales/{sale.pk}/claims", {"quantity": 2}, headers={"Idempotency-Key": "a"}
    )
    assert (status, body["error"]["code"]) == (422, "per_buyer_limit_reached")
    assert api.post(f"/flash-sales/{sale.pk}/claims", {"quantity": 1})[0] == 422  # key required
    assert Api().post(f"/flash-sales/{sale.pk}/claims", {"quantity": 1})[0] == 401
    with clock.use_clock(helpers.at(sale.ends_at)):
        status, body = api.post(
            f"/flash-sales/{sale.pk}/claims", {"quantity": 1}, headers={"Idempotency-Key": "b"}
        )
    assert (status, body["error"]["code"]) == (422, "ended")
    assert Api().get("/flash-sales/999999")[0] == 404
    assert not FlashSaleClaim.objects.exists()


def test_operator_creates_fresh_food_week_and_a_merchant_opts_in() -> None:
    staff = factories.operator()
    op = Api(auth_token_issue(email=staff.email, password=factories.PASSWORD)[0])
    status, body = op.post(
        "/operator/campaigns/from-template", {"template": "fresh-food-week", "year": 2027}
    )
    assert status == 201, body
    assert body["code"] == "fresh-food-week-2027"
    assert body["status"] == "draft"
    again = op.post(
        "/operator/campaigns/from-template", {"template": "fresh-food-week", "year": 2027}
    )
    assert again[1]["error"]["code"] == "campaign_exists"
    status, body = op.post("/operator/campaigns/fresh-food-week-2027/status", {"status": "ended"})
    assert (status, body["error"]["code"]) == (409, "illegal_campaign_transition")
    status, body = op.post(
        "/operator/campaigns/fresh-food-week-2027/status", {"status": "scheduled"}
    )
    assert (status, body["status"]) == (200, "scheduled")
    m = factories.merchant()
    key = api_key_create(merchant=m, name="ci", created_by=staff)[0]
    merchant = Api(key)
    status, body = merchant.post("/merchant/campaigns/fresh-food-week-2027/opt-in")
    assert status == 201, body
    assert body["opted_in_by"] == f"merchant:{m.pk}"
    assert CampaignMerchant.objects.get().merchant_id == m.pk
    assert merchant.post("/merchant/campaigns/nope/opt-in")[0] == 404
    assert (
        Api(key).post("/operator/campaigns/from-template", {"template": "x", "year": 2027})[0]
        == 401
    )
    assert Campaign.objects.count() == 1


def test_a_voucher_code_at_quote_and_its_refusal() -> None:
    m = factories.merchant()
    listing = factories.listed(m, fixed="200.00")
    now = clock.now()
    voucher_create(
        code="HONEY20",
        market_code="CN",
        currency="CNY",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        amount=Money.of("20", "CNY"),
        merchant_id=m.pk,
    )
    api = Api(factories.token(factories.consumer()))
    api.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 1})
    status, body = api.post("/checkout/CN/quote?voucher=nope")
    assert (status, body["error"]["code"]) == (422, "voucher_unknown")
    assert body["error"]["fields"]["voucher"]
    status, body = api.post("/checkout/CN/quote?voucher=honey20")
    assert status == 201, body
    line = body["groups"][0]["lines"][0]
    assert line["voucher_discount"] == {"amount": "20.00", "currency": "CNY"}
    assert body["goods"]["amount"] == "180.00"


def test_a_campaign_price_shows_in_the_quote() -> None:
    m = factories.merchant()
    c = helpers.campaign(m, percent="25")
    listing = factories.listed(m, fixed="200.00")
    api = Api(factories.token(factories.consumer()))
    status, cart = api.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 1})
    assert cart["lines"][0]["unit_price"]["amount"] == "150.00"  # the cart shows what is charged
    status, body = api.post("/checkout/CN/quote")
    line = body["groups"][0]["lines"][0]
    assert (line["unit_price"]["amount"], line["list_price"]["amount"]) == ("150.00", "200.00")
    assert line["campaign"] == c.code
    status, current = Api().get("/campaigns/current/CN")
    assert (status, current["code"]) == (200, c.code)


def test_guessing_voucher_codes_is_cut_off_and_the_buyer_told_when_to_retry() -> None:
    from tradelane.campaigns.vouchers import VOUCHER_GUESSES

    m = factories.merchant()
    listing = factories.listed(m, fixed="200.00")
    now = clock.now()
    voucher_create(
        code="HONEY20",
        market_code="CN",
        currency="CNY",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        amount=Money.of("20", "CNY"),
        merchant_id=m.pk,
    )
    guesser = Api(factories.token(factories.consumer()))
    guesser.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 1})
    for n in range(VOUCHER_GUESSES.limit):
        status, body = guesser.post(f"/checkout/CN/quote?voucher=GUESS{n}")
        assert (status, body["error"]["code"]) == (422, "voucher_unknown")
    response = guesser.client.post(
        "/api/v1/checkout/CN/quote?voucher=honey20",
        headers={"Authorization": f"Bearer {guesser.token}"},
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_attempts"
    assert 0 < int(response["Retry-After"]) <= VOUCHER_GUESSES.window + 1
    assert not CheckoutQuote.objects.exists()  # refused before anything was written
    honest = Api(factories.token(factories.consumer()))
    honest.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 1})
    assert honest.post("/checkout/CN/quote?voucher=honey20")[0] == 201


def test_voucher_guesses_from_one_address_are_cut_off_whichever_accounts_they_use() -> None:
    """Sign-up is free, so the per-account count alone is no limit: guesses spread over many
    accounts from one client address are refused once the address's share is used; another
    address is not touched."""
    from tradelane.campaigns.vouchers import VOUCHER_GUESSES, VOUCHER_GUESSES_BY_ADDRESS

    m = factories.merchant()
    listing = factories.listed(m, fixed="200.00")

    def guesser(address: str) -> Api:
        api = Api(factories.token(factories.consumer()))
        api.client.defaults["REMOTE_ADDR"] = address
        api.put("/cart/CN/lines", {"listing_id": listing.pk, "quantity": 1})
        return api

    per_account = VOUCHER_GUESSES.limit - 1
    guessed = 0
    while guessed < VOUCHER_GUESSES_BY_ADDRESS.limit:
        api = guesser("203.0.113.9")
        for _ in range(min(per_account, VOUCHER_GUESSES_BY_ADDRESS.limit - guessed)):
            status, body = api.post(f"/checkout/CN/quote?voucher=GUESS{guessed}")
            assert (status, body["error"]["code"]) == (422, "voucher_unknown")
            guessed += 1
    fresh = guesser("203.0.113.9")
    response = fresh.client.post(
        "/api/v1/checkout/CN/quote?voucher=ANOTHER",
        headers={"Authorization": f"Bearer {fresh.token}"},
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_attempts"
    assert 0 < int(response["Retry-After"]) <= VOUCHER_GUESSES_BY_ADDRESS.window + 1
    elsewhere = guesser("198.51.100.4")
    assert elsewhere.post("/checkout/CN/quote?voucher=ANOTHER")[1]["error"]["code"] == (
        "voucher_unknown"
    )
