"""Accounts under attack: lockout after repeated wrong passwords (web and API share it), the
password policy, revoking API tokens, and a deactivated person's tokens and keys stop working."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings

from tests import factories
from tests.api.client import Api, assert_error
from tradelane.accounts.models import AuthToken
from tradelane.merchants.services import api_key_create, shop_create

pytestmark = pytest.mark.django_db
LIMIT = settings.AXES_FAILURE_LIMIT


def _wrong(api: Api, email: str) -> tuple[int, dict]:
    return api.post("/auth/token", {"email": email, "password": "not-the-password"})


def _cool_off_passes() -> None:
    """Move the recorded failures back past the cool-off window."""
    past = AccessAttempt.objects.all()
    for attempt in past:
        attempt.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
        attempt.save(update_fields=["attempt_time"])


def test_the_api_locks_an_account_out_after_the_limit_and_unlocks_after_the_window() -> None:
    buyer = factories.consumer("AU")
    bystander = factories.consumer("AU")
    api = Api()
    for _ in range(LIMIT - 1):
        assert_error(*_wrong(api, buyer.user.email), 401, "bad_credentials")
    tokens = AuthToken.objects.count()
    response = api.client.post(
        "/api/v1/auth/token",
        {"email": buyer.user.email, "password": "not-the-password"},
        content_type="application/json",
    )
    assert_error(response.status_code, response.json(), 429, "too_many_attempts")
    right = {"email": buyer.user.email.upper(), "password": factories.PASSWORD}
    response = api.client.post("/api/v1/auth/token", right, content_type="application/json")
    assert_error(response.status_code, response.json(), 429, "too_many_attempts")
    assert int(response["Retry-After"]) > 0
    assert AuthToken.objects.count() == tokens  # nothing issued while locked
    # another account is not touched by this one's lockout
    ok = {"email": bystander.user.email, "password": factories.PASSWORD}
    assert api.post("/auth/token", ok)[0] == 200
    _cool_off_passes()
    status, body = api.post("/auth/token", right)
    assert status == 200, body


def test_the_web_sign_in_locks_out_too_and_a_right_password_is_refused_meanwhile() -> None:
    buyer = factories.consumer("AU")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    wrong = {"email": buyer.user.email, "password": "not-the-password"}
    for _ in range(LIMIT - 1):
        assert client.post("/account/login/", wrong).status_code == 401
    assert client.post("/account/login/", wrong).status_code == 429
    right = {"email": buyer.user.email, "password": factories.PASSWORD}
    page = client.post("/account/login/", right)
    assert page.status_code == 429
    assert "Too many" in page.content.decode()
    assert "_auth_user_id" not in client.session
    # the API is locked for the same account: one lockout, whichever door is tried
    status, body = Api().post("/auth/token", right)
    assert_error(status, body, 429, "too_many_attempts")
    _cool_off_passes()
    assert client.post("/account/login/", right).status_code == 302
    assert client.session["_auth_user_id"] == str(buyer.user.pk)


def test_a_successful_sign_in_clears_earlier_failures() -> None:
    buyer = factories.consumer("AU")
    api = Api()
    for _ in range(LIMIT - 1):
        _wrong(api, buyer.user.email)
    assert (
        api.post("/auth/token", {"email": buyer.user.email, "password": factories.PASSWORD})[0]
        == 200
    )
    assert_error(*_wrong(api, buyer.user.email), 401, "bad_credentials")


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("kiwi-92!x", "too short"),
        ("password123", "common"),
        ("48151623424815", "numeric"),
        ("jane.citizen", "like the email"),
    ],
)
def test_the_password_policy_refuses_weak_passwords_and_creates_nothing(
    password: str, why: str
) -> None:
    users = User.objects.count()
    status, body = Api().post(
        "/auth/signup",
        {
            "email": "jane.citizen@example.test",
            "password": password,
            "display_name": "Jane",
            "market": "AU",
        },
    )
    assert_error(status, body, 422, "invalid")
    assert body["error"]["fields"]["password"], why
    assert User.objects.count() == users


def test_the_web_sign_up_applies_the_policy() -> None:
    page = Client().post(
        "/account/signup/?market=AU",
        {"display_name": "Jane", "email": "jane@example.test", "password": "1234567890123"},
    )
    assert page.status_code == 422
    assert not User.objects.filter(username="jane@example.test").exists()


def test_a_merchant_application_and_a_staff_login_apply_the_policy() -> None:
    status, body = Api().post(
        "/merchants/applications",
        {
            "legal_name": "Weak Pty Ltd",
            "trading_name": "Weak",
            "country": "AU",
            "business_number": factories.valid_abn(987654),
            "contact_email": "weak@merchant.test",
            "password": "12345678901",
        },
        headers={"Idempotency-Key": "weak-1"},
    )
    assert_error(status, body, 422, "invalid")
    assert "password" in body["error"]["fields"]


def test_a_token_revoked_through_the_api_no_longer_works() -> None:
    buyer = factories.consumer("AU")
    token = factories.token(buyer)
    other = factories.token(buyer)
    api = Api(token)
    assert api.get("/me")[0] == 200
    status, body = api.call("DELETE", "/auth/token")
    assert status == 204, body
    assert_error(*api.get("/me"), 401, "unauthenticated")
    assert_error(*api.call("DELETE", "/auth/token"), 401, "unauthenticated")
    assert Api(other).get("/me")[0] == 200  # only the token presented is revoked


def test_signing_out_of_the_web_revokes_the_persons_api_tokens() -> None:
    buyer = factories.consumer("AU")
    token = factories.token(buyer)
    someone_else = factories.token(factories.consumer("AU"))
    client = Client()
    client.force_login(buyer.user)
    assert client.post("/account/logout/").status_code == 302
    assert_error(*Api(token).get("/me"), 401, "unauthenticated")
    assert Api(someone_else).get("/me")[0] == 200


def test_a_deactivated_persons_tokens_and_keys_stop_working() -> None:
    merchant = factories.merchant("AU")
    owner = merchant.staff.get().user
    shop = shop_create(merchant=merchant, name="Harbour", address="1 George St", city="Sydney")
    key, _ = api_key_create(merchant=merchant, name="k", created_by=owner)
    till, _ = api_key_create(merchant=merchant, name="t", created_by=owner, shop=shop)
    token = Api().post("/auth/token", {"email": owner.email, "password": factories.PASSWORD})[1][
        "token"
    ]
    assert Api(key).get("/merchant")[0] == 200
    assert Api(token).get("/merchants/api-keys")[0] == 200
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert_error(*Api(key).get("/merchant"), 401, "api_key_owner_inactive")
    assert_error(*Api(till).get("/till/payments/nope"), 401, "api_key_owner_inactive")
    assert_error(*Api(token).get("/merchants/api-keys"), 401, "unauthenticated")


# --- per client address: spraying one guess at many accounts, and free sign-ups ----------------

SPRAYER, ELSEWHERE = "203.0.113.5", "198.51.100.4"


def _api_from(address: str) -> Api:
    api = Api()
    api.client.defaults["REMOTE_ADDR"] = address
    return api


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=5)
def test_the_api_slows_one_address_spraying_wrong_passwords_over_many_accounts() -> None:
    victims = [factories.consumer("AU") for _ in range(3)]
    sprayer = _api_from(SPRAYER)
    for n in range(5):  # below each account's own limit
        assert_error(*_wrong(sprayer, victims[n % 3].user.email), 401, "bad_credentials")
    failures = {a.username: a.failures_since_start for a in AccessAttempt.objects.all()}
    tokens = AuthToken.objects.count()
    right = {"email": victims[0].user.email, "password": factories.PASSWORD}
    response = sprayer.client.post("/api/v1/auth/token", right, content_type="application/json")
    assert_error(response.status_code, response.json(), 429, "too_many_attempts")
    assert 0 < int(response["Retry-After"]) <= 15 * 60 + 1
    assert response.json()["error"]["extra"]["retry_after_seconds"] == int(response["Retry-After"])
    assert AuthToken.objects.count() == tokens
    # the refused try counted against no account: the victims are not locked out by it
    assert {a.username: a.failures_since_start for a in AccessAttempt.objects.all()} == failures
    assert _api_from(ELSEWHERE).post("/auth/token", right)[0] == 200


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=5)
def test_right_passwords_from_one_address_do_not_use_up_its_failures() -> None:
    buyer = factories.consumer("AU")
    office = _api_from(SPRAYER)
    right = {"email": buyer.user.email, "password": factories.PASSWORD}
    for _ in range(12):
        assert office.post("/auth/token", right)[0] == 200


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=5)
def test_the_web_and_admin_sign_ins_share_the_address_limit() -> None:
    victims = [factories.consumer("AU") for _ in range(3)]
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=SPRAYER)
    for n in range(5):
        wrong = {"email": victims[n % 3].user.email, "password": "not-the-password"}
        assert client.post("/account/login/", wrong).status_code == 401
    right = {"email": victims[1].user.email, "password": factories.PASSWORD}
    page = client.post("/account/login/", right)
    assert page.status_code == 429
    assert 0 < int(page["Retry-After"]) <= 15 * 60 + 1
    assert "Too many failed sign-ins from your network" in page.content.decode()
    assert "_auth_user_id" not in client.session
    admin = client.post("/admin/login/", {"username": "staff@example.test", "password": "x" * 12})
    assert admin.status_code == 429
    other = Client(REMOTE_ADDR=ELSEWHERE)
    assert other.post("/account/login/", right).status_code == 302


@override_settings(SIGNUP_ADDRESS_LIMIT=3)
def test_sign_ups_from_one_address_are_limited_and_a_refusal_creates_nothing() -> None:
    api = _api_from(SPRAYER)

    def body(n: int, password: str = factories.PASSWORD) -> dict[str, str]:
        return {
            "email": f"new{n}@example.test",
            "password": password,
            "display_name": "New",
            "market": "AU",
        }

    assert api.post("/auth/signup", body(0, "password123"))[0] == 422  # refused: not counted
    for n in range(3):
        assert api.post("/auth/signup", body(n))[0] == 201
    users = User.objects.count()
    response = api.client.post("/api/v1/auth/signup", body(3), content_type="application/json")
    assert_error(response.status_code, response.json(), 429, "too_many_attempts")
    assert int(response["Retry-After"]) > 0
    page = Client(REMOTE_ADDR=SPRAYER, HTTP_ACCEPT_LANGUAGE="en").post(
        "/account/signup/?market=AU",
        {"display_name": "New", "email": "web@example.test", "password": factories.PASSWORD},
    )
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert User.objects.count() == users
    assert _api_from(ELSEWHERE).post("/auth/signup", body(4))[0] == 201
