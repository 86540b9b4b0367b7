"""The card payment API: create an intent for an SG checkout, confirm with 3-D Secure, answer."""

import pytest

from tests import factories
from tests.api.client import Api
from tests.payments.test_cards import placed
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import Journal, Transfer
from tradelane.payments.services.reconciliation import reconcile

pytestmark = pytest.mark.django_db

CARD = {"exp_month": "12", "exp_year": "2035", "cvc": "123", "name": "Tan Wei Ming"}


def test_create_confirm_with_three_d_secure_then_paid() -> None:
    buyer, checkout, _au, _ = placed()
    api = Api(factories.token(buyer))
    status, body = api.post(
        "/card-intents", {"checkout_id": checkout.pk}, headers={"Idempotency-Key": "ci-1"}
    )
    assert status == 201, body
    assert body["status"] == "requires_payment_method"
    assert body["amount"]["currency"] == "SGD"
    again = api.post(
        "/card-intents", {"checkout_id": checkout.pk}, headers={"Idempotency-Key": "ci-1"}
    )
    assert again[1]["id"] == body["id"]
    status, body = api.post(
        f"/card-intents/{body['id']}/confirm", {"number": "4000 0000 0000 3220", **CARD}
    )
    assert (status, body["status"]) == (200, "requires_action")
    assert body["card"] == {"brand": "visa", "last4": "3220"}
    status, body = api.post(
        f"/card-intents/{body['id']}/challenge",
        {"challenge_id": body["challenge_id"], "passed": True},
    )
    assert (status, body["status"]) == (200, "succeeded")
    assert body["payment_id"]
    status, paid = api.get(f"/payments/{body['payment_id']}")
    assert (status, paid["status"]) == (200, "succeeded")
    assert Journal.objects.filter(kind="capture").count() == 1
    assert ledger_invariant().ok
    assert reconcile().ok


def test_a_bad_card_is_a_422_in_the_one_error_shape_and_changes_nothing() -> None:
    buyer, checkout, _au, _ = placed()
    api = Api(factories.token(buyer))
    intent = api.post(
        "/card-intents", {"checkout_id": checkout.pk}, headers={"Idempotency-Key": "ci-1"}
    )[1]
    status, body = api.post(
        f"/card-intents/{intent['id']}/confirm", {**CARD, "number": "4242424242424241"}
    )
    assert status == 422
    assert body["error"]["code"] == "card_invalid"
    assert list(body["error"]["fields"]) == ["number"]
    assert Transfer.objects.count() == 0


def test_a_declined_card_answers_the_intent_with_its_error() -> None:
    buyer, checkout, _au, _ = placed()
    api = Api(factories.token(buyer))
    intent = api.post(
        "/card-intents", {"checkout_id": checkout.pk}, headers={"Idempotency-Key": "ci-1"}
    )[1]
    status, body = api.post(
        f"/card-intents/{intent['id']}/confirm", {**CARD, "number": "4000000000009995"}
    )
    assert (status, body["status"]) == (200, "requires_payment_method")
    assert body["last_payment_error"]["code"] == "insufficient_funds"
    assert Transfer.objects.count() == 0


def test_someone_elses_intent_is_not_found() -> None:
    buyer, checkout, _au, _ = placed()
    intent = Api(factories.token(buyer)).post(
        "/card-intents", {"checkout_id": checkout.pk}, headers={"Idempotency-Key": "ci-1"}
    )[1]
    stranger = Api(factories.token(factories.consumer("SG", identity=False)))
    status, body = stranger.post(
        f"/card-intents/{intent['id']}/confirm", CARD | {"number": "4242424242424242"}
    )
    assert (status, body["error"]["code"]) == (404, "card_intent_not_found")
