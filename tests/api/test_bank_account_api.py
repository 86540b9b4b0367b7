"""/merchant/bank-account for API keys: masked in every answer, a refused change changes
nothing, and a key reads only its own merchant's account."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests import factories
from tests.api.client import Api, assert_error
from tradelane.core import crypto
from tradelane.merchants.models import Merchant, MerchantBankAccount
from tradelane.merchants.services import api_key_create, merchant_set_status

pytestmark = pytest.mark.django_db


def key_for(merchant: Merchant) -> Api:
    secret, _ = api_key_create(merchant=merchant, name="books", created_by=factories.operator())
    return Api(secret)


def test_the_account_is_read_masked() -> None:
    merchant = factories.merchant("AU")
    factories.bank_account_verified(merchant, account_number="123456789")
    status, body = key_for(merchant).get("/merchant/bank-account")
    assert status == 200, body
    assert body["account_number_masked"] == "••••••789"
    assert body["bsb"] == "062-000"
    assert body["status"] == "verified"
    assert "123456789" not in str(body)


def test_a_refused_change_says_which_field_and_changes_nothing() -> None:
    merchant = factories.merchant("AU")
    before = list(MerchantBankAccount.objects.filter(merchant=merchant).values())
    status, body = key_for(merchant).put(
        "/merchant/bank-account",
        {"bsb": "12-345", "account_number": "00000", "account_name": "Honey"},
    )
    assert_error(status, body, 422, "bank_account_invalid")
    assert set(body["error"]["fields"]) == {"bsb", "account_number"}
    assert list(MerchantBankAccount.objects.filter(merchant=merchant).values()) == before


def test_a_new_account_is_sent_micro_deposits_and_the_amounts_verify_it() -> None:
    merchant = factories.merchant("NZ")
    api = key_for(merchant)
    status, body = api.put(
        "/merchant/bank-account",
        {"account_number": "01-0902-0068389-00", "account_name": "Kiwi Honey Ltd"},
    )
    assert status == 200, body
    assert body["status"] == "pending"
    assert body["account_number_masked"].endswith("000")  # an NZ account ends in its suffix
    assert "0068389" not in str(body)
    account = MerchantBankAccount.objects.get(merchant=merchant, replaced_at=None)
    sent = [int(x) for x in crypto.decrypt(account.micro_deposits_encrypted).split(",")]
    wrong = [str(Decimal(100 - sent[0]) / 100)] * 2
    status, body = api.post("/merchant/bank-account/confirm", {"amounts": wrong})
    assert_error(status, body, 422, "micro_deposit_mismatch")
    status, body = api.post(
        "/merchant/bank-account/confirm", {"amounts": [f"0.{n:02d}" for n in reversed(sent)]}
    )
    assert status == 200, body
    assert (body["status"], body["verification_method"]) == ("verified", "micro_deposit")


def test_the_bank_refusing_the_micro_deposits_is_said_and_the_account_stays_unverified() -> None:
    merchant = factories.merchant("AU")
    status, body = key_for(merchant).put(
        "/merchant/bank-account",
        {"bsb": "062-000", "account_number": "5550002", "account_name": "Closed"},
    )
    assert status == 200, body
    assert (body["status"], body["micro_deposits_error"]) == (
        "unverified",
        "micro_deposits_refused",
    )


def test_a_key_reads_only_its_own_merchant() -> None:
    mine, theirs = factories.merchant("AU"), factories.merchant("AU")
    factories.bank_account_verified(theirs, account_number="999999111")
    factories.bank_account_verified(mine, account_number="222222333")
    status, body = key_for(mine).get("/merchant/bank-account")
    assert status == 200
    assert body["account_number_masked"].endswith("333")
    assert "111" not in body["account_number_masked"]
    assert_error(*Api().get("/merchant/bank-account"), 401)
    assert_error(*Api("tlk_not-a-key").get("/merchant/bank-account"), 401)


def test_no_account_yet_is_a_404_and_nothing_pending_a_409_in_the_error_shape() -> None:
    merchant = factories.merchant("AU", active=False)
    merchant = merchant_set_status(
        merchant=merchant, to_status="active", actor=factories.operator(), reason="test"
    )
    assert_error(*key_for(merchant).get("/merchant/bank-account"), 404, "bank_account_missing")
    verified = key_for(factories.merchant("AU"))
    status, body = verified.post("/merchant/bank-account/confirm", {"amounts": ["0.10", "0.20"]})
    assert_error(status, body, 409, "bank_account_not_pending")
